package nabla.driver.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.hadoop.fs.Path;

/**
 * A gzipped file, gunzipped and checked whole. GZIPInputStream checks a member's CRC-32 and length (its
 * trailer) only when it is read to the end; a reader that stops after the bytes it needs (an IDX header,
 * N images) would take a flipped byte for data. So closing this stream first reads what is left, and any
 * damage (a trailer that does not match, deflate data that does not decode, a file cut short) is bad
 * input naming the file.
 */
final class CheckedGunzip extends GZIPInputStream {
    private final Path file;
    private boolean failed;

    CheckedGunzip(Path file, InputStream in) throws IOException {
        super(in, 1 << 16);
        this.file = file;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        try {
            return super.read(into, offset, length);
        } catch (EOFException e) {
            failed = true;
            throw new BadInput(file + ": the gzip stream ends early (the file is truncated)");
        } catch (ZipException e) {
            failed = true;
            throw new BadInput(file + ": damaged gzip data (" + e.getMessage() + "); gzip -t " + file.getName()
                    + " says the same");
        }
    }

    /** Reads to the end, so that the trailer is checked, then closes. */
    @Override
    public void close() throws IOException {
        try {
            if (!failed) {
                byte[] rest = new byte[1 << 16];
                while (read(rest, 0, rest.length) >= 0) {
                    // only the check at the end matters
                }
            }
        } finally {
            super.close();
        }
    }
}
