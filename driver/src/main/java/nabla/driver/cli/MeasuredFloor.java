package nabla.driver.cli;

import java.util.Map;
import nabla.driver.Spark;
import nabla.driver.train.EmptyStep;
import picocli.CommandLine.Option;

/**
 * {@code explain --master URL}: the fixed cost of a step measured on that Spark, an empty job in the step's
 * shape ({@link EmptyStep}), instead of the local constant. On a cluster it is several times local mode's.
 */
final class MeasuredFloor {
    /** Empty jobs timed (after as many to warm up). */
    static final int JOBS = 40;

    @Option(names = "--master", paramLabel = "URL",
            description = "Measure the fixed cost on this Spark master (an empty job of the step's shape) instead"
                    + " of taking --fixed-ms.")
    private String master;

    /** The measured fixed cost in milliseconds when --master is given, else {@code given}. */
    double ms(double given, int[] sizes, int partitions) {
        return master == null ? given : on(master, sizes, partitions);
    }

    /** Median milliseconds of an empty step of these sizes over P partitions on {@code master}. */
    static double on(String master, int[] sizes, int partitions) {
        try (Spark.Context spark = Spark.open(master, Map.of())) {
            double ms = EmptyStep.medianMs(spark.sc(), sizes, partitions, JOBS);
            System.out.printf("Fixed cost measured on %s: an empty job of this step's shape over %d partitions,"
                    + " median of %d: %.1f ms%n%n", spark.sc().master(), partitions, JOBS, ms);
            return ms;
        }
    }
}
