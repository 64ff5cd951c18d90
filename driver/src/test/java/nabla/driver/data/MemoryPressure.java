package nabla.driver.data;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import nabla.driver.SpyFileSystem;
import nabla.driver.train.Trainer;
import nabla.worker.Cost;
import nabla.worker.MiniBatches;
import nabla.worker.Parameters;
import nabla.worker.Sgd;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.storage.RDDInfo;

/**
 * A training run in a JVM of its own whose Spark has 4 MB of memory (spark.testing.memory; storage and
 * execution share 60% of it), too little to hold the shards: trains a LIBSVM file read through spy:// and
 * prints what happened (source opens while loading and while training, shuffle records read while training,
 * the cached bytes in memory and on disk); writes θ to a file. {@link MemoryPressureTest} runs it.
 *
 * <p>Arguments: the LIBSVM file, P, n_0,n_1,n_L, epochs, batch, the file for θ.
 */
public final class MemoryPressure {
    private MemoryPressure() {
    }

    public static void main(String[] args) throws Exception {
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("nabla under memory pressure")
                .set("spark.driver.host", "127.0.0.1").set("spark.ui.enabled", "false")
                .set("spark.testing.memory", String.valueOf(4 << 20)).set("spark.testing.reservedMemory", "0");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.hadoopConfiguration().set("fs.spy.impl", SpyFileSystem.class.getName());
            sc.hadoopConfiguration().setBoolean("fs.spy.impl.disable.cache", true);
            int P = Integer.parseInt(args[1]);
            int[] sizes = java.util.Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
            DataSource.Loaded loaded = DataSource.text("spy://" + args[0], Format.LIBSVM, 3)
                    .load(sc, P, sizes[0], sizes[sizes.length - 1]);
            int opensLoading = SpyFileSystem.opens();
            long[] cached = cached(sc, loaded);
            AtomicLong shuffleRecords = new AtomicLong();
            sc.sc().addSparkListener(new SparkListener() {
                @Override
                public void onTaskEnd(SparkListenerTaskEnd end) {
                    shuffleRecords.addAndGet(end.taskMetrics().shuffleReadMetrics().recordsRead());
                }
            });
            Parameters theta = train(sc, loaded, P, sizes, Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            sc.sc().listenerBus().waitUntilEmpty();
            System.out.printf("opens-loading=%d opens-training=%d shuffle-records-training=%d memory=%d disk=%d%n",
                    opensLoading, SpyFileSystem.opens() - opensLoading, shuffleRecords.get(), cached[0], cached[1]);
            try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(Path.of(args[5])))) {
                out.writeObject(theta);
            }
        }
    }

    /** Epochs of shuffled SGD with cross-entropy from a fixed θ: the run {@link MemoryPressureTest} repeats. */
    static Parameters train(JavaSparkContext sc, DataSource.Loaded loaded, int P, int[] sizes, int epochs, int batch) {
        Trainer trainer = new Trainer(sc, loaded.shards(), new MiniBatches(loaded.count(), batch, P, true, 5),
                Cost.CROSS_ENTROPY, new Sgd(0.5));
        Parameters theta = Parameters.random(sizes, true, 3);
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int k = 0; k < trainer.batches().steps(); k++) {
                theta = trainer.step(theta, epoch, k).theta();
            }
        }
        return theta;
    }

    /** The shards' bytes in memory and on disk, as Spark's storage figures give them. */
    private static long[] cached(JavaSparkContext sc, DataSource.Loaded loaded) {
        for (RDDInfo info : sc.sc().getRDDStorageInfo()) {
            if (info.id() == loaded.shards().id()) {
                return new long[] {info.memSize(), info.diskSize()};
            }
        }
        return new long[] {0, 0};
    }
}
