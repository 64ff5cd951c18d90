package nabla.driver.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import nabla.worker.Cost;
import nabla.worker.Parameters;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What nabla reads is exactly what was written, or refused naming the file: the strict model reader, the
 * gzip check, the literal-or-glob rule; and what it writes never holds a value it cannot read back.
 */
class StrictFilesTest {
    private static final String GOOD = "{\"sizes\": [2, 1], \"weights\": [[[0.5, -0.25]]], \"biases\": [[[0.1]]],"
            + " \"cost\": \"QuadraticCost\"}";
    private final Configuration conf = HadoopFiles.configuration(Map.of());

    @TempDir
    Path dir;

    private String refused(String json) throws IOException {
        Path file = Files.writeString(dir.resolve("model.json"), json);
        return assertThrows(BadInput.class, () -> ModelFile.read(file.toString(), conf)).getMessage();
    }

    @Test
    void theModelReaderTakesOnlyWhatNetwork2pyWrites() throws IOException {
        Files.writeString(dir.resolve("good.json"), GOOD);
        assertEquals(0.1, ModelFile.read(dir.resolve("good.json").toString(), conf).theta().b(1)[0]);
        assertTrue(refused(GOOD.replace("0.5", "1e400")).contains("W^1[0][0] is 1E+400, beyond a double"));
        assertTrue(refused(GOOD + " {}").contains("not valid JSON: Trailing token"));
        assertTrue(refused(GOOD + " garbage").contains("not valid JSON"));
        assertTrue(refused(GOOD.replace("[[[0.1]]]", "[[[0.1, 0.2]]]")).contains("row 0 of b^1 has 2 entries, expected 1"));
        assertTrue(refused(GOOD.replace("[2, 1]", "[2.9, 1]")).contains("sizes[0] is 2.9, not a whole number"));
        assertTrue(refused(GOOD.replace(", \"cost\": \"QuadraticCost\"", "")).contains("has no \"cost\""));
        assertTrue(refused(GOOD.replace("\"cost\"", "\"sizes\": [2, 1], \"cost\"")).contains("Duplicate field 'sizes'"));
        assertTrue(refused(GOOD.replace("\"cost\"", "\"momentum\": 0, \"cost\"")).contains("unknown field \"momentum\""));
        assertTrue(refused(GOOD.replace("0.5", "\"0.5\"")).contains("W^1[0][0] is \"0.5\", not a number"));
    }

    @Test
    void aModelHoldingNanOrInfinityIsNotWritten() {
        Parameters theta = Parameters.random(new int[] {2, 3, 1}, false, 1);
        theta.w(2)[1] = Double.NaN;
        Path model = dir.resolve("model.json");
        BadInput refused = assertThrows(BadInput.class, () -> ModelFile.write(model.toString(), conf, theta, Cost.QUADRATIC));
        assertTrue(refused.getMessage().contains("W^2[0][1] is NaN"), refused.getMessage());
        assertFalse(Files.exists(model));
    }

    /** An IDX label file of {@code n} labels, gzipped. */
    private static byte[] gzippedLabels(int n) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes))) {
            out.writeInt(Idx.LABELS_MAGIC);
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                out.write(i % 10);
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void aGzipWithAFlippedByteOrCutShortIsRefusedEvenWhenOnlyItsHeaderIsRead() throws IOException {
        byte[] whole = gzippedLabels(5000);
        Path good = Files.write(dir.resolve("good-labels-idx1-ubyte.gz"), whole);
        assertEquals(5000, Idx.header(new org.apache.hadoop.fs.Path(good.toString()), conf, false).count());
        byte[] flipped = whole.clone();
        flipped[flipped.length - 6] ^= 1;                                      // in the trailer's CRC-32
        Path bad = Files.write(dir.resolve("bad-labels-idx1-ubyte.gz"), flipped);
        BadInput refused = assertThrows(BadInput.class,
                () -> Idx.header(new org.apache.hadoop.fs.Path(bad.toString()), conf, false));
        assertTrue(refused.getMessage().contains("bad-labels-idx1-ubyte.gz: damaged gzip data"), refused.getMessage());
        Path cut = Files.write(dir.resolve("cut-labels-idx1-ubyte.gz"), java.util.Arrays.copyOf(whole, whole.length - 20));
        refused = assertThrows(BadInput.class, () -> Idx.header(new org.apache.hadoop.fs.Path(cut.toString()), conf, false));
        assertTrue(refused.getMessage().contains("cut-labels-idx1-ubyte.gz: the gzip stream ends early"), refused.getMessage());
    }

    @Test
    void aPathIsLiteralWhenItExistsAndAGlobOnlyWhenItDoesNot() throws IOException {
        Files.writeString(dir.resolve("set[1].libsvm"), "0 1:1\n");
        Files.writeString(dir.resolve("set1.libsvm"), "1 1:1\n");
        assertEquals(List.of("set[1].libsvm"), names(dir.resolve("set[1].libsvm").toString()));
        assertEquals(List.of("set1.libsvm", "set[1].libsvm"), names(dir.resolve("set*.libsvm").toString()));
        Files.delete(dir.resolve("set[1].libsvm"));
        assertEquals(List.of("set1.libsvm"), names(dir.resolve("set[1].libsvm").toString()));
        assertTrue(assertThrows(BadInput.class, () -> names(dir.resolve("none[2].libsvm").toString())).getMessage()
                .contains("does not exist (nor does the glob match anything)"));
        Files.writeString(dir.resolve("set[1].libsvm"), "0 1:1\n");
        org.apache.hadoop.fs.Path literal = HadoopFiles.literal(new org.apache.hadoop.fs.Path(dir.resolve("set[1].libsvm").toString()));
        org.apache.hadoop.fs.FileStatus[] matches = literal.getFileSystem(conf).globStatus(literal);
        assertEquals(1, matches.length);                                       // what an input format globs
        assertEquals("set[1].libsvm", matches[0].getPath().getName());
    }

    private List<String> names(String location) {
        return HadoopFiles.files(location, conf).stream().map(org.apache.hadoop.fs.Path::getName).toList();
    }

    @Test
    void writesLeaveNoTemporaryAndUseANameNoOtherWriterUses() throws IOException {
        Path target = dir.resolve("out.bin");
        AtomicFile.write(target, out -> out.write(new byte[] {1, 2, 3}));
        try (InputStream in = Files.newInputStream(target)) {
            assertEquals(3, in.readAllBytes().length);
        }
        try (var left = Files.list(dir)) {
            assertEquals(List.of(target), left.toList());
        }
        assertFalse(AtomicFile.temporaryName("m.json").equals(AtomicFile.temporaryName("m.json")));
        assertTrue(assertThrows(BadInput.class, () -> AtomicFile.write(dir, out -> out.write(1))).getMessage()
                .contains("it is a directory"));
    }
}
