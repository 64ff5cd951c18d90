package nabla.driver.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command that starts Spark shares: where to run, a defaults file, stack traces. */
final class SparkOptions {

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*], or spark-submit's).")
    String master;

    /** Read before parsing (see {@link Defaults#of}); declared here so that it parses and shows in --help. */
    @Option(names = "--conf", paramLabel = "FILE", description = "Properties file of defaults (and spark.* settings).")
    Path conf;

    /** Read before parsing by {@link Main#run}; declared here so that it parses and shows in --help. */
    @Option(names = "--verbose", description = "Stack traces on failure.")
    boolean verbose;
}
