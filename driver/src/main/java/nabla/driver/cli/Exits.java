package nabla.driver.cli;

import nabla.driver.data.BadInput;
import nabla.driver.train.Checkpoints;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import sun.misc.Signal;

/**
 * How a run ends when something outside nabla's own checks ends it: Spark refusing to start, Ctrl-C,
 * SIGTERM. Each is one line on standard error and a documented exit status, never a stack trace.
 */
final class Exits {
    /** 128 + the signal's number, as shells report it. */
    static final int SIGINT = 130;
    static final int SIGTERM = 143;

    /** Set when Spark refused to start: its shutdown hooks would then fail, loudly, on a half-made context. */
    private static volatile boolean sparkDidNotStart;
    /** Set when a signal stops the run: what the main thread meets then (a cancelled job) is not news. */
    private static volatile boolean stopping;

    private Exits() {
    }

    /** Ends the JVM with {@code status}; after Spark refused to start, without running its shutdown hooks. */
    static void exit(int status) {
        if (sparkDidNotStart) {
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(status);
        }
        System.exit(status);
    }

    /**
     * Ctrl-C (SIGINT) and SIGTERM: say what was kept (the last checkpoint this run wrote, which --resume
     * continues from), then end with 130 or 143 through the JVM's shutdown hooks, so that Spark stops its
     * context and deletes its temporary directories (spark.local.dir, /tmp by default). The main thread's
     * job is cancelled meanwhile: what it throws is not printed ({@link #stopping}), and the logs are
     * silenced after the line, since Spark's executor then logs the tasks it can no longer launch. Nothing is
     * half-written: every file nabla writes is renamed into place whole ({@link nabla.driver.data.AtomicFile});
     * a temporary one is left hidden.
     */
    static void onSignals() {
        Signal.handle(new Signal("INT"), s -> stop("SIGINT (Ctrl-C)", SIGINT));
        Signal.handle(new Signal("TERM"), s -> stop("SIGTERM", SIGTERM));
    }

    private static void stop(String signal, int status) {
        stopping = true;
        System.out.flush();
        System.err.println("nabla: stopped by " + signal + "; " + Checkpoints.kept());
        System.err.flush();
        Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.OFF);
        System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));   // nor a thread's trace
        exit(status);
    }

    /** Whether a signal is stopping the run (the main thread then ends without a word). */
    static boolean stopping() {
        return stopping;
    }

    /**
     * Spark's refusal to start (a --master it cannot parse, a spark.* value it cannot use) as bad input
     * naming Spark's reason; null if {@code e} was not thrown while the SparkContext was being made.
     */
    static BadInput sparkStartup(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            for (StackTraceElement frame : cause.getStackTrace()) {
                if (frame.getClassName().equals("org.apache.spark.SparkContext") && frame.getMethodName().equals("<init>")) {
                    sparkDidNotStart = true;
                    String why = cause.getMessage() == null ? cause.toString() : cause.getMessage();
                    return new BadInput("Spark did not start: " + why.lines().findFirst().orElse(why)
                            + " (check --master and the spark.* settings)", e);
                }
            }
        }
        return null;
    }
}
