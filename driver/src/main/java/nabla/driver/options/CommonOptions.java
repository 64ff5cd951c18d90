package nabla.driver.options;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options of every command: a defaults file and stack traces. Both act before the command runs:
 * {@link Defaults#of} reads --conf before the options are parsed, and the command line's error handler
 * asks the parse result for --verbose; they are declared here so that they parse and show in --help.
 */
public final class CommonOptions {
    /** The name the error handler looks for. */
    public static final String VERBOSE = "--verbose";

    @Option(names = "--conf", paramLabel = "FILE", description = "Properties file of defaults (and spark.* settings).")
    Path conf;

    @Option(names = VERBOSE, description = "Stack traces on failure.")
    boolean verbose;
}
