package nabla.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import nabla.driver.train.Trainer;
import nabla.worker.Cost;
import nabla.worker.MiniBatches;
import nabla.worker.Parameters;
import nabla.worker.Sgd;
import nabla.worker.Shard;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.Tuple2;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many steps leave nothing behind: the broadcasts of θ are released, executor storage and the Spark
 * local directories stay flat, and so does the driver's heap once Spark's bounded job history is full.
 * A tiny network on tiny data, so steps cost only Spark's fixed overhead. CI runs 500 steps in 4
 * partitions; scripts/leakcheck runs 10,000, and 9 partitions so that a level of the ordered tree runs on
 * the executors, a shuffle per step ({@code -Dnabla.leak.steps}, {@code -Dnabla.leak.partitions}).
 * Prints a row per tenth of the run. An integration test (mvn verify): its own JVM and Spark context.
 */
class NoLeakIT {
    private static final int[] SIZES = {8, 5, 3};
    private static final int P = Integer.getInteger("nabla.leak.partitions", 4);
    private static final int N = 10 * P;
    private static final int BATCH = P;                                // 10 steps an epoch, 1 example per partition
    private static final int STEPS = Integer.getInteger("nabla.leak.steps", 500);

    private static JavaSparkContext sc;

    /** A context of its own (the unit tests' shared one would carry their leftovers), stopped at the end. */
    @BeforeAll
    static void startSpark() {
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("nabla no-leak check")
                .set("spark.driver.host", "127.0.0.1").set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false"));
    }

    @AfterAll
    static void stopSpark() {
        sc.stop();
    }

    /** What is held at one moment: driver heap after GC, θ broadcasts alive, storage used, local files. */
    record Sample(int step, long heap, int broadcasts, long storage, int localFiles) {
        @Override
        public String toString() {
            return String.format("%8d %12.1f %12d %14d %12d", step, heap / 1048576.0, broadcasts, storage, localFiles);
        }
    }

    @Test
    void stepsReleaseWhatTheyBroadcastAndKeepMemoryFlat() throws Exception {
        JavaRDD<Shard> shards = randomShards();
        MiniBatches batches = new MiniBatches(N, BATCH, P, true, 3);
        Trainer trainer = new Trainer(sc, shards, batches, Cost.CROSS_ENTROPY, new Sgd(0.5));
        Parameters theta = Parameters.random(SIZES, true, 1);

        List<Sample> samples = new ArrayList<>();
        int every = STEPS / 10;
        theta = steps(trainer, theta, every);                             // warm up: JIT, pools
        samples.add(sample(0));
        for (int done = every; done <= STEPS; done += every) {
            theta = steps(trainer, theta, every);
            samples.add(sample(done));
        }
        System.out.printf("no leak, %d steps of %s in %d partitions (local[2]):%n%8s %12s %12s %14s %12s%n",
                STEPS, java.util.Arrays.toString(SIZES), P, "step", "heap MiB", "broadcasts", "storage bytes",
                "local files");
        samples.forEach(System.out::println);

        Sample first = samples.get(0);
        Sample last = samples.get(samples.size() - 1);
        Sample middle = samples.get(samples.size() / 2);
        assertTrue(last.broadcasts() <= first.broadcasts() + 1,            // + 1: a release still in flight
                "θ broadcasts pile up: " + first.broadcasts() + " → " + last.broadcasts());
        assertTrue(last.storage() <= first.storage() + 64 * 1024,
                "executor storage grows: " + first.storage() + " → " + last.storage() + " bytes");
        assertTrue(last.localFiles() <= first.localFiles() + 4 * P,
                "shuffle files pile up: " + first.localFiles() + " → " + last.localFiles());
        // Spark keeps the last 1,000 jobs and stages for its status store; past that the heap must stay flat.
        assertTrue(last.heap() <= middle.heap() + 32L * 1024 * 1024,
                "driver heap grows: " + middle.heap() / 1048576 + " MiB at step " + middle.step() + " → "
                        + last.heap() / 1048576 + " MiB at step " + last.step());
        shards.unpersist(true);
    }

    /** {@code count} steps from θ, whole epochs of them; returns the last θ. */
    private static Parameters steps(Trainer trainer, Parameters theta, int count) {
        int perEpoch = trainer.batches().steps();
        for (int epoch = 0; epoch < count / perEpoch; epoch++) {
            for (int k = 0; k < perEpoch; k++) {
                theta = trainer.step(theta, epoch, k).theta();
            }
        }
        return theta;
    }

    private Sample sample(int step) throws InterruptedException {
        for (int i = 0; i < 2; i++) {                      // collect, and let the ContextCleaner act on what died
            System.gc();
            Thread.sleep(200);
        }
        Runtime runtime = Runtime.getRuntime();
        long heap = runtime.totalMemory() - runtime.freeMemory();
        SparkEnv env = SparkEnv.get();
        int broadcasts = env.blockManager().master()
                .getMatchingBlockIds(NoLeakIT::isBroadcast, true).size();
        long storage = 0;
        scala.collection.Iterator<Tuple2<String, Tuple2<Object, Object>>> executors =
                sc.sc().getExecutorMemoryStatus().iterator();
        while (executors.hasNext()) {
            Tuple2<Object, Object> maxAndRemaining = executors.next()._2();
            storage += (Long) maxAndRemaining._1() - (Long) maxAndRemaining._2();
        }
        int localFiles = env.blockManager().diskBlockManager().getAllFiles().size();
        return new Sample(step, heap, broadcasts, storage, localFiles);
    }

    private static Object isBroadcast(BlockId id) {
        return id.isBroadcast();
    }

    /** P cached shards of random examples, made on the executors (nothing of the data is broadcast). */
    private JavaRDD<Shard> randomShards() {
        List<Integer> partitions = new ArrayList<>();
        for (int p = 0; p < P; p++) {
            partitions.add(p);
        }
        int n0 = SIZES[0];
        int nL = SIZES[SIZES.length - 1];
        JavaRDD<Shard> shards = sc.parallelize(partitions, P).map(p -> {
            Random rng = new Random(p);
            int count = N / P;
            double[] x = new double[n0 * count];
            double[] y = new double[nL * count];
            for (int j = 0; j < count; j++) {
                for (int i = 0; i < n0; i++) {
                    x[j * n0 + i] = rng.nextDouble();
                }
                y[j * nL + rng.nextInt(nL)] = 1;
            }
            return Shard.ofOneHot(p, n0, nL, x, y);
        }).persist(StorageLevel.MEMORY_ONLY());
        shards.count();
        return shards;
    }
}
