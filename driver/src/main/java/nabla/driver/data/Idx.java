package nabla.driver.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import nabla.driver.BadInput;

/**
 * MNIST's IDX files, gzipped or not: images (magic 0x00000803: count, rows, columns, then a byte per
 * pixel, image after image) and labels (magic 0x00000801: count, then a byte per label).
 */
public final class Idx {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    private Idx() {
    }

    /** Images: {@code pixels} holds image i's rows × columns bytes at offset i · pixelsPerImage. */
    public record Images(int count, int rows, int columns, byte[] pixels) {
        public int pixelsPerImage() {
            return rows * columns;
        }
    }

    public static Images readImages(Path file) {
        try (DataInputStream in = open(file)) {
            checkMagic(file, in.readInt(), IMAGES_MAGIC, "image");
            int count = in.readInt();
            int rows = in.readInt();
            int columns = in.readInt();
            if (count < 0 || rows < 1 || columns < 1) {
                throw new BadInput(file + ": bad IDX header (" + count + " images of " + rows + "×" + columns + ")");
            }
            byte[] pixels = new byte[Math.multiplyExact(count, rows * columns)];
            readFully(file, in, pixels, count + " images of " + rows + "×" + columns + " pixels");
            return new Images(count, rows, columns, pixels);
        } catch (EOFException e) {
            throw new BadInput(file + ": truncated IDX header");
        } catch (IOException e) {
            throw new BadInput(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    public static byte[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            checkMagic(file, in.readInt(), LABELS_MAGIC, "label");
            int count = in.readInt();
            if (count < 0) {
                throw new BadInput(file + ": bad IDX header (" + count + " labels)");
            }
            byte[] labels = new byte[count];
            readFully(file, in, labels, count + " labels");
            return labels;
        } catch (EOFException e) {
            throw new BadInput(file + ": truncated IDX header");
        } catch (IOException e) {
            throw new BadInput(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The file {@code name} or {@code name.gz} in {@code dir}; a missing directory or file is bad input.
     */
    public static Path find(Path dir, String name) {
        if (!Files.isDirectory(dir)) {
            throw new BadInput("data directory " + dir + " does not exist");
        }
        for (String candidate : new String[] {name, name + ".gz"}) {
            Path file = dir.resolve(candidate);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new BadInput(dir + " has no " + name + " or " + name + ".gz");
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw);
    }

    private static void checkMagic(Path file, int magic, int expected, String kind) {
        if (magic != expected) {
            throw new BadInput(String.format("%s: not an IDX %s file (magic number 0x%08x, expected 0x%08x)",
                    file, kind, magic, expected));
        }
    }

    private static void readFully(Path file, DataInputStream in, byte[] into, String what) throws IOException {
        try {
            in.readFully(into);
        } catch (EOFException e) {
            throw new BadInput(file + ": truncated (the header promises " + what + ")");
        }
    }
}
