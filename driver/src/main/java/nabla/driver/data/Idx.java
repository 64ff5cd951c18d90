package nabla.driver.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * MNIST's IDX files, gzipped or not, at any Hadoop path: images (magic 0x00000803: count, rows, columns,
 * then a byte per pixel, image after image) and labels (magic 0x00000801: count, then a byte per label).
 * Read as streams: a header first, then the bytes in file order.
 */
public final class Idx {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    private Idx() {
    }

    /**
     * What an IDX header promises.
     *
     * @param rows    image rows (1 for a label file)
     * @param columns image columns (1 for a label file)
     */
    public record Header(Path file, int count, int rows, int columns) {
        /** Bytes per item: rows × columns pixels per image, 1 per label. */
        public int itemSize() {
            return rows * columns;
        }
    }

    /** A stream positioned after the header. */
    public record Reader(Header header, DataInputStream in) implements AutoCloseable {
        /** Reads the next {@code length} bytes of items into {@code into} at {@code offset}. */
        public void read(byte[] into, int offset, int length) throws IOException {
            try {
                in.readFully(into, offset, length);
            } catch (EOFException e) {
                throw new BadInput(header.file() + ": truncated (the header promises " + header.count() + " items of "
                        + header.itemSize() + " bytes)");
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * The first k examples of an MNIST-layout training set (train-*), read on the driver and checked
     * against n_0 and n_L: {@code pixels} holds k · n_0 bytes, image after image; {@code count} is N, all the
     * set holds (k must not exceed it).
     */
    public record Head(String source, int count, byte[] pixels, byte[] labels) {
    }

    /** Reads {@link Head}: the first min(k, N) examples of {@code dir}'s training set. */
    public static Head head(String dir, int k, int inputs, int classes, Configuration conf) {
        IdxData set = IdxData.mnist(dir, true, Format.IDX.defaultScale());
        set.check(conf, inputs, classes);
        Path[] files = set.files(conf);
        try (Reader images = images(files[0], conf); Reader labels = labels(files[1], conf)) {
            int n = images.header().count();
            int m = Math.min(k, n);
            byte[] pixels = new byte[m * inputs];
            byte[] y = new byte[m];
            images.read(pixels, 0, pixels.length);
            labels.read(y, 0, m);
            for (int i = 0; i < m; i++) {
                if ((y[i] & 0xff) >= classes) {
                    throw new BadInput(files[1] + ": example " + i + " has label " + (y[i] & 0xff)
                            + "; the output layer has " + classes + " classes (0.." + (classes - 1) + ")");
                }
            }
            return new Head(set.name(), n, pixels, y);
        } catch (IOException e) {
            throw new BadInput(set.name() + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Opens an image file and reads its header. */
    public static Reader images(Path file, Configuration conf) {
        return open(file, conf, IMAGES_MAGIC, "image");
    }

    /** Opens a label file and reads its header. */
    public static Reader labels(Path file, Configuration conf) {
        return open(file, conf, LABELS_MAGIC, "label");
    }

    /**
     * The header, and a check that the file holds all it promises: its length, or for a gzipped file the
     * length gunzipped (read to the end, which checks its CRC too; see {@link CheckedGunzip}).
     */
    public static Header header(Path file, Configuration conf, boolean images) {
        try (Reader reader = images ? images(file, conf) : labels(file, conf)) {
            Header h = reader.header();
            boolean gzipped = HadoopFiles.gzipped(file, conf);
            long promised = 4L * (images ? 4 : 2) + (long) h.count() * h.itemSize();
            long length = gzipped ? 4L * (images ? 4 : 2) + reader.in().transferTo(OutputStream.nullOutputStream())
                    : HadoopFiles.length(file, conf);
            if (length < promised) {
                throw new BadInput(file + ": truncated (" + length + " bytes" + (gzipped ? " gunzipped" : "")
                        + "; the header promises " + h.count() + " items of " + h.itemSize() + " bytes, " + promised
                        + " bytes in all)");
            }
            return h;
        } catch (IOException e) {
            throw new BadInput(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static Reader open(Path file, Configuration conf, int magic, String kind) {
        DataInputStream in = null;
        try {
            in = new DataInputStream(HadoopFiles.open(file, conf));
            int found = in.readInt();
            if (found != magic) {
                throw new BadInput(String.format("%s: not an IDX %s file (magic number 0x%08x, expected 0x%08x)",
                        file, kind, found, magic));
            }
            int count = in.readInt();
            int rows = magic == IMAGES_MAGIC ? in.readInt() : 1;
            int columns = magic == IMAGES_MAGIC ? in.readInt() : 1;
            if (count < 0 || rows < 1 || columns < 1) {
                throw new BadInput(file + ": bad IDX header (" + count + " " + kind + "s of " + rows + "×" + columns
                        + ")");
            }
            return new Reader(new Header(file, count, rows, columns), in);
        } catch (EOFException e) {
            closeQuietly(in);
            throw new BadInput(isEmpty(file, conf) ? file + " is empty" : file + ": truncated IDX header");
        } catch (IOException e) {
            closeQuietly(in);
            throw new BadInput(file + ": cannot read (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            closeQuietly(in);
            throw e;
        }
    }

    private static boolean isEmpty(Path file, Configuration conf) {
        try {
            return HadoopFiles.length(file, conf) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // nothing was read from it
            }
        }
    }
}
