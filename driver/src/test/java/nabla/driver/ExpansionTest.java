package nabla.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import nabla.driver.data.DataSource;
import nabla.driver.data.Expansion;
import nabla.worker.Inputs;
import nabla.worker.Shard;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * --expand: the shifted copies, pixel by pixel against a direct computation (expand_mnist.py's np.roll
 * then a zeroed row or column, for the book's four shifts), in the documented order (image i's copy s is
 * expanded example E·i + s, dealt like any example), for P = 1 and 3. (Bad input: {@link BadInputTest}.)
 */
class ExpansionTest {
    private static final int SIDE = 5;
    private static final int N = 7;

    @TempDir
    static Path dir;

    @ParameterizedTest(name = "{0}, P = {1}")
    @CsvSource({"shifts, 1", "shifts, 3", "shifts25, 1", "shifts25, 3"})
    void everyCopyIsItsImageShiftedAndComesInOrder(String expand, int P) throws IOException {
        byte[][] images = images();
        Path data = idx(dir.resolve(expand + P), images, SIDE, SIDE);
        Expansion expansion = Expansion.parse(expand);
        DataSource.Loaded loaded = DataSource.mnist(data.toString(), true).expanded(expansion)
                .load(LocalSpark.context(), P, SIDE * SIDE, 10);
        int E = expansion.factor();
        assertEquals(N * E, loaded.count());
        int[][] shifts = expansion == Expansion.SHIFTS ? null : shiftsWithin2();
        List<Shard> shards = loaded.shards().collect();
        for (Shard shard : shards) {
            byte[] pixels = ((Inputs.Bytes) shard.x()).values();
            for (int j = 0; j < shard.count(); j++) {
                int expanded = shard.partition() + j * P;            // example E·i + s: copy s of image i
                int i = expanded / E;
                int s = expanded % E;
                byte[] expected = shifts == null ? rolled(images[i], s) : shifted(images[i], shifts[s][0], shifts[s][1]);
                assertArrayEquals(expected, Arrays.copyOfRange(pixels, j * SIDE * SIDE, (j + 1) * SIDE * SIDE),
                        expand + " P=" + P + " example " + expanded);
                assertEquals(label(i), shard.labels()[j]);
            }
        }
        loaded.shards().unpersist(true);
    }

    /** expand_mnist.py's copy s: np.roll(image, d, axis), then row or column `index` zeroed. */
    private static byte[] rolled(byte[] image, int s) {
        if (s == 0) {
            return image.clone();
        }
        int[][] book = {{1, 0, 0}, {-1, 0, SIDE - 1}, {1, 1, 0}, {-1, 1, SIDE - 1}};   // (d, axis, index)
        int d = book[s - 1][0];
        int axis = book[s - 1][1];
        int index = book[s - 1][2];
        byte[] out = new byte[image.length];
        for (int r = 0; r < SIDE; r++) {
            for (int c = 0; c < SIDE; c++) {
                int r2 = axis == 0 ? Math.floorMod(r + d, SIDE) : r;   // roll: element r goes to r + d
                int c2 = axis == 1 ? Math.floorMod(c + d, SIDE) : c;
                out[r2 * SIDE + c2] = image[r * SIDE + c];
            }
        }
        for (int k = 0; k < SIDE; k++) {
            out[axis == 0 ? index * SIDE + k : k * SIDE + index] = 0;
        }
        return out;
    }

    /** The image moved dy rows down and dx columns right, zeros where nothing moved in. */
    private static byte[] shifted(byte[] image, int dy, int dx) {
        byte[] out = new byte[image.length];
        for (int r = 0; r < SIDE; r++) {
            for (int c = 0; c < SIDE; c++) {
                if (r + dy >= 0 && r + dy < SIDE && c + dx >= 0 && c + dx < SIDE) {
                    out[(r + dy) * SIDE + c + dx] = image[r * SIDE + c];
                }
            }
        }
        return out;
    }

    /** The documented order of shifts25: (0, 0), then dy = −2..2, dx = −2..2 without (0, 0). */
    private static int[][] shiftsWithin2() {
        int[][] shifts = new int[25][];
        shifts[0] = new int[] {0, 0};
        for (int k = 0, s = 1; k < 25; k++) {
            if (k != 12) {
                shifts[s++] = new int[] {k / 5 - 2, k % 5 - 2};
            }
        }
        return shifts;
    }

    static byte[][] images() {
        Random rng = new Random(4);
        byte[][] images = new byte[N][SIDE * SIDE];
        for (byte[] image : images) {
            rng.nextBytes(image);
        }
        return images;
    }

    private static int label(int i) {
        return (3 * i + 1) % 10;
    }

    /** An MNIST-layout directory holding the images (rows × columns each) as its training set. */
    static Path idx(Path data, byte[][] images, int rows, int columns) throws IOException {
        Files.createDirectories(data);
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(data.resolve("train-images-idx3-ubyte")))) {
            out.writeInt(0x00000803);
            out.writeInt(images.length);
            out.writeInt(rows);
            out.writeInt(columns);
            for (byte[] image : images) {
                out.write(image);
            }
        }
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(data.resolve("train-labels-idx1-ubyte")))) {
            out.writeInt(0x00000801);
            out.writeInt(images.length);
            for (int i = 0; i < images.length; i++) {
                out.writeByte(label(i));
            }
        }
        return data;
    }
}
