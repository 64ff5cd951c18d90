package nabla.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nabla.driver.data.DataSource;
import nabla.driver.train.Trainer;
import nabla.worker.Cost;
import nabla.worker.Gradient;
import nabla.worker.MiniBatches;
import nabla.worker.Parameters;
import nabla.worker.Sgd;
import nabla.worker.Shard;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The step of a big network: [784,1024,1024,10], θ of 1,863,690 doubles (15 MB), at batch
 * 1000 over P = 2 partitions, on whatever Spark it is given (local[2] unless spark.master says otherwise;
 * scripts/bench --cluster submits it to the loopback cluster). Where the step's time goes ({@link StepSplit}'s
 * columns from Spark's task metrics, and the driver's update timed on its own), medians of the wall time;
 * then, with {@code --epoch DIR}, one whole epoch of that data set timed (after two steps to warm up), for
 * scripts/bench to set beside bench/numpy_epoch.py's.
 *
 * <p>Arguments: {@code [--tiny] [--epoch DIR]}; --tiny: [784,100,10] at batch 100, a smoke run.
 */
public final class BigStep {
    private static final int P = 2;

    private BigStep() {
    }

    public static void main(String[] args) throws java.util.concurrent.TimeoutException {
        List<String> options = List.of(args);
        boolean tiny = options.contains("--tiny");
        int[] sizes = tiny ? new int[] {784, 100, 10} : new int[] {784, 1024, 1024, 10};
        int batch = tiny ? 100 : 1000;
        SparkConf conf = StepBench.localConf("nabla big step bench", P);
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            JobTimes times = new JobTimes();
            sc.sc().addSparkListener(times);
            Parameters theta = Parameters.random(sizes, true, 1);
            int n = tiny ? 2_000 : 12_000;
            JavaRDD<Shard> shards = StepBench.synthetic(sc, n, P);
            MiniBatches batches = new MiniBatches(n, batch, P, true, 1);
            Sgd sgd = new Sgd(0.1);
            Trainer trainer = new Trainer(sc, shards, batches, Cost.CROSS_ENTROPY, sgd);
            List<Double> update = new ArrayList<>();
            String what = "nabla step, " + java.util.Arrays.toString(sizes).replace(" ", "") + ", batch " + batch;
            ClusterBench.Sampled step = new ClusterBench.Sampled(what, P, timed(trainer, sgd, theta, update));
            ClusterBench.run(sc, List.of(step), 2, tiny ? 3 : 8);
            sc.sc().listenerBus().waitUntilEmpty();
            shards.unpersist(false);
            System.out.printf(Locale.ROOT, "Big step on %s, P = %d; θ is %,d bytes, each partition's gradient as many;"
                            + " spark.task.maxDirectResultSize = %s (a result above it goes through the block"
                            + " manager: the executor stores it, the driver fetches it).%n%n", sc.master(), P,
                    8L * theta.count(), sc.getConf().get("spark.task.maxDirectResultSize", "1m (Spark's default)"));
            StepSplit.print(System.out, List.of(step), times);
            System.out.printf(Locale.ROOT, "%nOf the last column, the driver's update θ ← θ − (η/m) Σ∇ took %.1f ms"
                    + " (median); the rest is the merge of the partials and the job's end.%n", StepBench.median(update));
            int at = options.indexOf("--epoch");
            if (at >= 0) {
                epoch(sc, args[at + 1], sizes, batch);
            }
        }
    }

    /** Trainer.gradient, then the update timed on its own (into {@code update}), from the same θ each time. */
    private static StepBench.Timed timed(Trainer trainer, Sgd sgd, Parameters theta, List<Double> update) {
        int perEpoch = trainer.batches().steps();
        int[] k = {0};
        return i -> {
            long start = System.nanoTime();
            Gradient sum = trainer.gradient(theta, 0, k[0]++ % perEpoch);
            long merged = System.nanoTime();
            sgd.update(theta, sum);
            long end = System.nanoTime();
            update.add((end - merged) / 1e6);
            return new double[] {(end - start) / 1e6, sum.computeNanos() / 1e6 / P};
        };
    }

    /** One epoch of a data set's training images, every step Trainer.step, after two steps to warm up. */
    private static void epoch(JavaSparkContext sc, String dir, int[] sizes, int batch) {
        DataSource.Loaded data = DataSource.mnist(dir, true).load(sc, P, sizes[0], sizes[sizes.length - 1]);
        MiniBatches batches = new MiniBatches(data.count(), batch, P, true, 1);
        Trainer trainer = new Trainer(sc, data.shards(), batches, Cost.CROSS_ENTROPY, new Sgd(0.1));
        Parameters theta = Parameters.random(sizes, true, 1);
        for (int k = 0; k < 2; k++) {
            theta = trainer.step(theta, 0, k).theta();
        }
        long start = System.nanoTime();
        for (int k = 0; k < batches.steps(); k++) {
            theta = trainer.step(theta, 1, k).theta();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%nOne epoch of %s (%,d examples, %d steps of batch %d) on %s: %.2f s,"
                        + " %,.0f examples/s%nepoch seconds: %.3f%n", dir, data.count(), batches.steps(), batch,
                sc.master(), seconds, data.count() / seconds, seconds);
        data.shards().unpersist(false);
    }
}
