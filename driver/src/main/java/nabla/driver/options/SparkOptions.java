package nabla.driver.options;

import picocli.CommandLine.Option;

/** Where a command that starts Spark runs. */
public final class SparkOptions {

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*], or spark-submit's).")
    private String master;

    /** --master, or null to keep spark-submit's or fall back to local[*]. */
    public String master() {
        return master;
    }
}
