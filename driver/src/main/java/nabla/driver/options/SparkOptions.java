package nabla.driver.options;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of a command that starts Spark: where it runs, and those of every command. */
public final class SparkOptions {

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*], or spark-submit's).")
    private String master;

    @Mixin
    private CommonOptions common;

    /** --master, or null to keep spark-submit's or fall back to local[*]. */
    public String master() {
        return master;
    }
}
