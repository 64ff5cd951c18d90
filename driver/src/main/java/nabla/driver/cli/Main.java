package nabla.driver.cli;

import java.io.PrintWriter;
import java.util.logging.Level;
import java.util.logging.Logger;
import nabla.driver.Spark;
import nabla.driver.data.BadInput;
import nabla.driver.data.HadoopFiles;
import nabla.driver.options.CommonOptions;
import nabla.driver.options.Defaults;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine;

/**
 * nabla's command line. Exit status: 0 done; 2 bad usage or bad input (one line, no stack trace), Spark's
 * refusal to start included; 130 and 143 stopped by Ctrl-C or SIGTERM ({@link Exits}); 1 any other
 * failure (one line; the stack trace with --verbose).
 */
@Command(name = "nabla", mixinStandardHelpOptions = true, version = "nabla 0.1.0",
        description = "Data-parallel SGD for the sigmoid networks of Nielsen's Neural Networks and Deep Learning,"
                + " on Apache Spark.",
        subcommands = {TrainCommand.class, SweepCommand.class, EvaluateCommand.class, PredictCommand.class, ConvertCommand.class,
                ExplainCommand.class, PlotCommand.class, GradcheckCommand.class})
public final class Main {
    public static final int BAD_INPUT = 2;
    public static final int FAILURE = 1;

    /**
     * netlib's BLAS loader (java.util.logging) says which implementation it chose at INFO, in the middle of
     * a command's output; the header already names it, so only its warnings are shown. Held here: the
     * logging framework keeps loggers only weakly.
     */
    private static final Logger NETLIB = Logger.getLogger("dev.ludovic.netlib");

    static {
        NETLIB.setLevel(Level.WARNING);
    }

    private final Defaults defaults;

    private Main(Defaults defaults) {
        this.defaults = defaults;
    }

    /** Hadoop's configuration with the spark.hadoop.* settings of the defaults, for files before Spark starts. */
    Configuration hadoop() {
        return HadoopFiles.configuration(defaults.spark());
    }

    /** The spark.* settings of nabla's configuration files and --conf. */
    java.util.Map<String, String> sparkSettings() {
        return defaults.spark();
    }

    /** A Spark context on {@code master} (null: spark-submit's or local[*]) with the defaults' spark.* settings. */
    Spark.Context spark(String master) {
        return Spark.open(master, defaults.spark());
    }

    public static void main(String[] args) {
        Exits.onSignals();
        Exits.exit(run(args));
    }

    /** Runs one command and returns its exit status. */
    public static int run(String... args) {
        PrintWriter err = new PrintWriter(System.err, true);
        Defaults defaults;
        try {
            defaults = Defaults.of(args);
        } catch (BadInput e) {
            err.println("nabla: " + e.getMessage());
            return BAD_INPUT;
        }
        CommandLine cli = new CommandLine(new Main(defaults));
        try {
            ConfKeys.check(cli, args);
        } catch (BadInput e) {
            err.println("nabla: " + e.getMessage());
            return BAD_INPUT;
        }
        cli.setDefaultValueProvider(defaults);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ParameterException e, String[] a) -> {
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            err.println(command + ": " + e.getMessage() + " (see " + command + " --help)");
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((Exception e, CommandLine c, ParseResult p) -> {
            if (Exits.stopping()) {
                return FAILURE;                          // a signal's line is out; the JVM is ending with its status
            }
            boolean verbose = p.subcommand() != null && p.subcommand().hasMatchedOption(CommonOptions.VERBOSE);
            BadInput bad = BadInput.findIn(e) != null ? BadInput.findIn(e) : Exits.sparkStartup(e);
            if (bad != null) {
                err.println("nabla: " + bad.getMessage());
                if (verbose) {
                    e.printStackTrace(err);
                }
                return BAD_INPUT;
            }
            if (verbose) {
                e.printStackTrace(err);
            }
            err.println("nabla: failed: " + e + (verbose ? "" : " (--verbose shows the stack trace)"));
            return FAILURE;
        });
        return cli.execute(args);
    }
}
