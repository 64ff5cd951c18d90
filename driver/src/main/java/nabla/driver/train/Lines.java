package nabla.driver.train;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A file of lines (--metrics), each flushed as it is written, so {@code tail -f} and a crash both see
 * every finished line. Runs on the driver.
 */
final class Lines implements Closeable {
    private final BufferedWriter out;

    Lines(BufferedWriter out) {
        this.out = out;
    }

    void write(String line) {
        try {
            out.write(line);
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
