package nabla.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: exit status 2, one line that names the problem, no stack trace, no model written. */
class BadInputTest {
    @TempDir
    Path dir;

    /** Runs train with {@code args} (and --save into the temp dir) and checks the refusal. */
    private void refused(String expected, String... args) {
        Path model = dir.resolve("model.json");
        String[] full = new String[args.length + 3];
        full[0] = "train";
        System.arraycopy(args, 0, full, 1, args.length);
        full[args.length + 1] = "--save";
        full[args.length + 2] = model.toString();
        Cli.Result result = Cli.run(full);
        assertEquals(2, result.status(), result.err());
        assertEquals(1, result.errLines().size(), "one line, got:\n" + result.err());
        assertTrue(result.err().contains(expected), "expected '" + expected + "' in: " + result.err());
        assertFalse(result.err().contains("Exception") || result.err().contains("\tat "), result.err());
        assertFalse(Files.exists(model), "no model may be written");
    }

    /** An MNIST-layout directory of {@code count} 2×2 images; the label file says {@code labels}. */
    private Path mnist(int imageMagic, int count, int labels) throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        for (String prefix : new String[] {"train", "t10k"}) {
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(
                    data.resolve(prefix + "-images-idx3-ubyte")))) {
                out.writeInt(imageMagic);
                out.writeInt(count);
                out.writeInt(2);
                out.writeInt(2);
                out.write(new byte[count * 4]);
            }
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(
                    data.resolve(prefix + "-labels-idx1-ubyte")))) {
                out.writeInt(0x00000801);
                out.writeInt(labels);
                out.write(new byte[labels]);
            }
        }
        return data;
    }

    @Test
    void expandWithTextIsRefused() throws IOException {
        Path text = Files.writeString(dir.resolve("a.libsvm"), "1 1:0.5\n");
        refused("is not an image file", "--train", text.toString(), "--format", "libsvm", "--expand", "shifts",
                "--layers", "4,3,3");
    }

    @Test
    void expandWithImagesThatAreNotSquareIsRefused() throws IOException {
        Path data = ExpansionTest.idx(dir.resolve("oblong"), ExpansionTest.images(), 1, 25);
        refused("shifts square images; these are 1×25", "--data", data.toString(), "--expand", "shifts25",
                "--layers", "25,3,10");
    }

    @Test
    void missingDirectory() {
        refused("does not exist", "--data", dir.resolve("nowhere").toString());
    }

    @Test
    void wrongMagicNumber() throws IOException {
        refused("magic number 0x00000802, expected 0x00000803",
                "--data", mnist(0x00000802, 5, 5).toString(), "--layers", "4,3,2");
    }

    @Test
    void imageAndLabelCountsDiffer() throws IOException {
        refused("5 images but 4 labels", "--data", mnist(0x00000803, 5, 4).toString(), "--layers", "4,3,2");
    }

    @Test
    void truncatedImages() throws IOException {
        Path data = mnist(0x00000803, 5, 5);
        Path images = data.resolve("train-images-idx3-ubyte");
        byte[] whole = Files.readAllBytes(images);
        try (OutputStream out = Files.newOutputStream(images)) {
            out.write(whole, 0, whole.length - 3);
        }
        refused("truncated", "--data", data.toString(), "--layers", "4,3,2");
    }

    @Test
    void inputLayerThatIsNotTheImageSize() throws IOException {
        refused("2×2 = 4 pixels; the input layer has 783",
                "--data", mnist(0x00000803, 5, 5).toString(), "--layers", "783,30,10");
    }

    @Test
    void nonPositiveEtaOrBatch() throws IOException {
        String data = mnist(0x00000803, 5, 5).toString();
        refused("--eta must be a positive number, got 0.0", "--data", data, "--layers", "4,3,2", "--eta", "0");
        refused("--eta must be a positive number, got -1.0", "--data", data, "--layers", "4,3,2", "--eta", "-1");
        refused("--batch must be ≥ 1, got 0", "--data", data, "--layers", "4,3,2", "--batch", "0");
        refused("--batch 6 is larger than the training set (5 examples)",
                "--data", data, "--layers", "4,3,2", "--batch", "6");
    }

    @Test
    void unknownOptionOrBadValue() {
        refused("Unknown option: '--frobnicate'", "--frobnicate");
        refused("unknown cost 'cubic'", "--cost", "cubic");
        refused("'many' is not an int", "--epochs", "many");
    }

    @Test
    void layersThatMakeNoNetwork() {
        refused("at least 2 layer sizes", "--layers", "784");
        refused("layer 1 has size 0", "--layers", "784,0,10");
    }

    @Test
    void modelThatDoesNotFit() throws IOException {
        Path model = dir.resolve("small.json");
        Files.writeString(model, "{\"sizes\": [1, 1], \"weights\": [[[0.5]]], \"biases\": [[[0.1]]],"
                + " \"cost\": \"QuadraticCost\"}");
        refused("has sizes [1, 1]; --layers is [4, 3, 2]",
                "--data", mnist(0x00000803, 5, 5).toString(), "--layers", "4,3,2", "--batch", "2",
                "--init", model.toString());
        Files.writeString(model, "{\"sizes\": [1, 1], \"weights\": ");
        refused("is not valid JSON", "--data", mnist(0x00000803, 5, 5).toString(), "--layers", "4,3,2", "--batch", "2",
                "--init", model.toString());
    }
}
