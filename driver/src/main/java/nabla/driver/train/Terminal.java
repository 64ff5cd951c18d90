package nabla.driver.train;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Where a run prints: its header, epoch lines and messages on {@code out}, its progress line and warnings
 * on {@code err}. {@link #SILENT} for the Java API, {@link #system()} for the command line.
 */
public record Terminal(PrintStream out, PrintStream err, boolean live) {
    /** Prints nothing. */
    public static final Terminal SILENT = new Terminal(new PrintStream(OutputStream.nullOutputStream()),
            new PrintStream(OutputStream.nullOutputStream()), false);

    /** Standard output and error as they are now; the progress line live when the JVM has a console. */
    public static Terminal system() {
        return new Terminal(System.out, System.err, System.console() != null);
    }

    /** Whether anything printed is seen. */
    public boolean prints() {
        return this != SILENT;
    }
}
