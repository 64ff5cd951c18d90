package nabla.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nabla.driver.cli.BackpropSpeed;
import nabla.driver.train.ScalingModel;
import nabla.driver.train.Trainer;
import nabla.worker.Cost;
import nabla.worker.MiniBatches;
import nabla.worker.Parameters;
import nabla.worker.Sgd;
import nabla.worker.Shard;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The scaling model against the steps it predicts, on the Spark it is given
 * (scripts/bench --cluster: the loopback cluster). α and β are fitted once, from empty jobs at P = 2
 * ({@link ScalingModel#measure}); the rate is backprop's on one core, timed here in the driver at each
 * step's m ({@link BackpropSpeed}); cores are the master's default parallelism. Then nabla's step,
 * {@link Trainer#step}'s gradient and update, is timed for P = 2, 4, 8 and two networks, and each median
 * printed beside the model's prediction for it.
 *
 * <p>Arguments: {@code [--tiny]}: P = 2 and 4, [784,30,10] only, few steps (a smoke run).
 */
public final class ModelBench {
    private static final int N = 12_000;

    private ModelBench() {
    }

    public static void main(String[] args) {
        boolean tiny = List.of(args).contains("--tiny");
        SparkConf conf = nabla.driver.Spark.defaults(new SparkConf().setAppName("nabla scaling model bench")
                .setIfMissing("spark.ui.showConsoleProgress", "false"));
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            System.out.printf("The scaling model fitted on %s (empty jobs, P = 2, medians):%n%n", sc.master());
            ScalingModel fitted = ScalingModel.measure(sc, 2, 1, 1, System.out);
            int cores = sc.defaultParallelism();
            System.out.printf(Locale.ROOT, "%nα = %.2f ms a stage, β = %.3f ms per MB of θ per level, cores = %d%n%n",
                    fitted.alpha() * 1e3, fitted.beta() * 1e9, cores);
            System.out.println("| network | B | P | waves | stages | levels | rate GFLOP/s | compute ms | fixed ms"
                    + " | predicted ms | measured ms (median) | measured / predicted |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            int[][] networks = tiny ? new int[][] {{784, 30, 10}} : new int[][] {{784, 30, 10}, {784, 1024, 1024, 10}};
            for (int partitions : tiny ? new int[] {2, 4} : new int[] {2, 4, 8}) {
                JavaRDD<Shard> shards = StepBench.synthetic(sc, N, partitions);
                for (int[] sizes : networks) {
                    boolean big = sizes[1] > 100;
                    for (int batch : big ? new int[] {1000} : new int[] {100, 1000}) {
                        int m = (batch + partitions - 1) / partitions;
                        double rate = BackpropSpeed.measure(sizes, Cost.CROSS_ENTROPY, m).gflops() * 1e9;
                        ScalingModel model = new ScalingModel(fitted.alpha(), fitted.beta(), rate, cores);
                        double measured = medianStepMs(sc, shards, sizes, batch, partitions, tiny ? 5 : big ? 8 : 40);
                        double predicted = model.step(sizes, Cost.CROSS_ENTROPY, batch, partitions) * 1e3;
                        System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f"
                                        + " | %.2f |%n", java.util.Arrays.toString(sizes).replace(" ", ""), batch,
                                partitions, ScalingModel.waves(partitions, cores), ScalingModel.stages(sizes, partitions),
                                ScalingModel.levels(sizes, partitions),
                                rate / 1e9, model.compute(sizes, Cost.CROSS_ENTROPY, batch, partitions) * 1e3,
                                model.fixed(sizes, partitions) * 1e3, predicted, measured, measured / predicted);
                    }
                }
                shards.unpersist(false);
            }
        }
    }

    /** Median wall milliseconds of {@code steps} steps (gradient and update) after a quarter as many to warm up. */
    private static double medianStepMs(JavaSparkContext sc, JavaRDD<Shard> shards, int[] sizes, int batch,
                                       int partitions, int steps) {
        MiniBatches batches = new MiniBatches(N, batch, partitions, true, 1);
        Sgd sgd = new Sgd(0.1);
        StepBench.Timed step = StepBench.step(new Trainer(sc, shards, batches, Cost.CROSS_ENTROPY, sgd), sgd,
                Parameters.random(sizes, true, 1), partitions);
        List<Double> wall = new ArrayList<>();
        for (int i = -Math.max(2, steps / 4); i < steps; i++) {
            double ms = step.getAsDoubles(i)[0];
            if (i >= 0) {
                wall.add(ms);
            }
        }
        return StepBench.median(wall);
    }
}
