package nabla.driver.cli;

import java.util.Locale;
import java.util.Map;
import nabla.driver.Spark;
import nabla.driver.train.ScalingModel;
import picocli.CommandLine.Option;

/**
 * {@code explain --master URL}: the fixed cost of a step measured on that Spark instead of the local
 * constant, as {@link ScalingModel} has it: α, a stage's own cost, and β, the cost of a byte of θ per level
 * of the tree, from empty jobs that send θ of a few sizes ({@link nabla.driver.train.EmptyStep}). On a cluster
 * both are several times local mode's.
 */
final class MeasuredFloor {
    @Option(names = "--master", paramLabel = "URL",
            description = "Measure the fixed cost on this Spark master (α and β of the scaling model, from empty"
                    + " jobs) instead of taking --fixed-ms.")
    private String master;

    /**
     * The fixed cost of a step, the cores that run its partitions and backprop's speed (null: not yet
     * measured).
     */
    record Fixed(double ms, int cores, BackpropSpeed speed) {
    }

    /**
     * The fixed cost of a step of these sizes over P partitions of m columns: measured on --master when it
     * is given, with the cores (if {@code cores} is 0, the master's default parallelism: every executor's
     * cores) and the speed ({@code given}, else measured here at m) the model runs on; else {@code givenMs},
     * {@code cores} (0: this machine's) and {@code given}.
     */
    Fixed fixed(double givenMs, ExplainCommand.Step step, int cores, BackpropSpeed given) {
        int[] sizes = step.sizes();
        int partitions = step.partitions();
        if (master == null) {
            return new Fixed(givenMs, cores > 0 ? cores : Runtime.getRuntime().availableProcessors(), given);
        }
        BackpropSpeed speed = given != null ? given : BackpropSpeed.measure(sizes, step.cost(), step.m());
        try (Spark.Context spark = Spark.open(master, Map.of())) {
            System.out.printf("The scaling model's fixed cost, measured on %s:%n", spark.sc().master());
            ScalingModel measured = ScalingModel.measure(spark.sc(), partitions, speed.gflops() * 1e9, 1, System.out);
            ScalingModel model = new ScalingModel(measured.alpha(), measured.beta(), measured.rate(),
                    cores > 0 ? cores : spark.sc().defaultParallelism());
            double fixed = model.fixed(sizes, partitions) * 1e3;
            System.out.printf(Locale.ROOT, "  α = %.2f ms a stage; β = %.3f ms per MB of θ per level; this step runs"
                            + " %d stage(s) and sends θ of %,d bytes over %d levels: fixed = α · stages + β · bytes"
                            + " · levels = %.1f ms%n%n", model.alpha() * 1e3, model.beta() * 1e3 * 1e6,
                    ScalingModel.stages(sizes, partitions), ScalingModel.bytes(sizes), ScalingModel.levels(sizes, partitions),
                    fixed);
            return new Fixed(fixed, model.cores(), speed);
        }
    }
}
