package nabla.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of malformed inputs (src/test/resources/bad, written by make.py there): every one is refused
 * with exit status 2 and one line on standard error that names the file (and for text, the line), with
 * no stack trace, and no model or output is written. Runs nabla's command line in-process, on the tests'
 * shared local[2] context; the network is --layers 4,3,3 (2×2 images or 4 features, classes 0..2).
 */
class MalformedInputTest {
    private static final String BAD = "src/test/resources/bad/";
    @TempDir
    Path out;

    @BeforeAll
    static void start() {
        LocalSpark.context();                                       // the commands find it and leave it running
    }

    /** A case: its name, what the message must contain, and the command line (paths under bad/ as bad:NAME). */
    static Arguments refused(String name, List<String> message, String... args) {
        return Arguments.of(name, message, List.of(args));
    }

    static Arguments train(String name, List<String> message, String... extra) {
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(List.of(extra));
        String[] defaults = {"--layers", "4,3,3", "--epochs", "1", "--batch", "2", "--partitions", "2"};
        for (int k = 0; k < defaults.length; k += 2) {
            if (!args.contains(defaults[k])) {
                args.addAll(List.of(defaults[k], defaults[k + 1]));
            }
        }
        return Arguments.of(name, message, args);
    }

    static Stream<Arguments> corpus() {
        return Stream.of(
                // IDX, an MNIST-layout directory
                train("missing directory", List.of("bad:no-such-dir", "does not exist"), "--data", "bad:no-such-dir"),
                train("wrong image magic", List.of("idx-magic/train-images-idx3-ubyte", "not an IDX image file",
                        "0x00000801"), "--data", "bad:idx-magic"),
                train("wrong label magic", List.of("idx-label-magic/train-labels-idx1-ubyte", "not an IDX label file"),
                        "--data", "bad:idx-label-magic"),
                train("truncated images", List.of("idx-truncated/train-images-idx3-ubyte", "truncated"),
                        "--data", "bad:idx-truncated"),
                train("truncated gzip", List.of("idx-truncated-gz/train-images-idx3-ubyte.gz", "truncated"),
                        "--data", "bad:idx-truncated-gz"),
                train("truncated header", List.of("idx-header/train-images-idx3-ubyte", "truncated IDX header"),
                        "--data", "bad:idx-header"),
                train("empty IDX file", List.of("idx-empty/train-images-idx3-ubyte", "is empty"),
                        "--data", "bad:idx-empty"),
                train("counts differ", List.of("6 images", "5 labels"), "--data", "bad:idx-counts"),
                train("image size", List.of("idx-size/train-images-idx3-ubyte", "3×3 = 9 pixels",
                        "the input layer has 4"), "--data", "bad:idx-size"),
                train("IDX label out of range", List.of("idx-label/train-labels-idx1-ubyte", "example 3 has label 5",
                        "0..2"), "--data", "bad:idx-label"),
                train("no label file", List.of("has no train-labels-idx1-ubyte"), "--data", "bad:idx-no-labels"),
                train("IDX through --train", List.of("idx-truncated/train-images-idx3-ubyte", "truncated"),
                        "--train", "bad:idx-truncated/train-images-idx3-ubyte", "--format", "idx"),
                train("IDX test set", List.of("idx-size/train-images-idx3-ubyte", "9 pixels"),
                        "--train", "bad:idx-good/train-images-idx3-ubyte", "--test",
                        "bad:idx-size/train-images-idx3-ubyte", "--format", "idx"),
                // LIBSVM and CSV: a file refused whole, then one bad line, located
                textFile("nothing-here.libsvm", "does not exist"),
                textFile("empty.libsvm", "is empty"),
                textFile("blank.libsvm", "holds no examples"),
                textFile("empty.csv", "is empty"),
                textFile("header-only.csv", "holds no examples"),
                badLine("index-out-of-range.libsvm", "line 5", "index 5 is out of range 1..4"),
                badLine("index-zero.libsvm", "line 5", "index 0 is out of range 1..4"),
                badLine("index-not-increasing.libsvm", "line 5", "indices are not increasing (2 after 3)"),
                badLine("index-repeated.libsvm", "line 5", "indices are not increasing (2 after 2)"),
                badLine("value-not-a-number.libsvm", "line 5", "value of index 2 'abc' is not a number"),
                badLine("index-not-a-number.libsvm", "line 5", "index 'x' is not a whole number"),
                badLine("value-nan.libsvm", "line 5", "feature 2 is NaN"),
                badLine("value-infinite.libsvm", "line 5", "feature 2 is -Infinity"),
                badLine("label-out-of-range.libsvm", "line 5", "label 7 is out of range 0..2"),
                badLine("label-negative.libsvm", "line 5", "label -1 is out of range 0..2"),
                badLine("label-fraction.libsvm", "line 5", "label 1.5 is not a class"),
                badLine("label-not-a-number.libsvm", "line 5", "label 'cat' is not a number"),
                badLine("not-a-pair.libsvm", "line 5", "'0.75' is not an index:value pair"),
                badLine("late-error.libsvm", "line 7", "index 9 is out of range"),
                badLine("too-few-columns.csv", "line 4", "4 columns; expected 5"),
                badLine("too-many-columns.csv", "line 5", "6 columns; expected 5"),
                badLine("value-not-a-number.csv", "line 4", "column 3 'oops' is not a number"),
                badLine("value-nan.csv", "line 4", "feature 2 is NaN"),
                badLine("value-infinite.csv", "line 4", "feature 2 is Infinity"),
                badLine("label-out-of-range.csv", "line 4", "label 3 is out of range 0..2"),
                badLine("empty-value.csv", "line 4", "column 3 '' is not a number"),
                train("bad part file", List.of("parts/part-00001, line 2", "not increasing"),
                        "--train", "bad:parts", "--format", "libsvm"),
                train("empty part files", List.of("empty-parts", "is empty"),
                        "--train", "bad:empty-parts", "--format", "libsvm"),
                train("bad test set", List.of("value-nan.libsvm, line 5", "NaN"), "--train", "bad:good.libsvm",
                        "--test", "bad:value-nan.libsvm", "--format", "libsvm"),
                // options
                train("one layer", List.of("--layers"), "--layers", "784", "--data", "bad:idx-good"),
                train("layer of size 0", List.of("--layers", "0"), "--layers", "4,0,3", "--data", "bad:idx-good"),
                train("batch too large", List.of("--batch 7", "6 examples"), "--train", "bad:good.libsvm",
                        "--format", "libsvm", "--batch", "7"),
                train("init not JSON", List.of("model-not-json.json", "not valid JSON"), "--init", "bad:model-not-json.json", "--data", "bad:idx-good"),
                train("init truncated", List.of("model-truncated.json", "not valid JSON"),
                        "--init", "bad:model-truncated.json", "--data", "bad:idx-good"),
                train("init missing", List.of("nope.json", "does not exist"), "--init", "bad:nope.json", "--data", "bad:idx-good"),
                train("init sizes", List.of("model-sizes.json", "[4, 2, 3]", "[4, 3, 3]"), "--init", "bad:model-sizes.json", "--data", "bad:idx-good"),
                train("init shape", List.of("model-shape.json", "layer"), "--init", "bad:model-shape.json", "--data", "bad:idx-good"),
                train("scale 0", List.of("--scale", "0"), "--train", "bad:good.libsvm", "--format", "libsvm",
                        "--scale", "0"),
                train("no format", List.of("--format"), "--train", "bad:good.libsvm"),
                train("unknown format", List.of("unknown format 'svm'"), "--train", "bad:good.libsvm", "--format", "svm"),
                train("data and train", List.of("not both"), "--data", "bad:idx-good", "--train", "bad:good.libsvm",
                        "--format", "libsvm"),
                // the other commands
                refused("evaluate: bad test line", List.of("value-nan.csv, line 4", "NaN"), "evaluate", "--model",
                        "save:", "--test", "bad:value-nan.csv", "--format", "csv"),
                refused("evaluate: missing model", List.of("nope.json", "does not exist"), "evaluate", "--model",
                        "bad:nope.json", "--data", "bad:idx-good"),
                refused("predict: bad line", List.of("index-zero.libsvm, line 5", "index 0"), "predict", "--model",
                        "save:", "--input", "bad:index-zero.libsvm", "--format", "libsvm", "--output", "out:predictions"),
                refused("convert: wrong magic", List.of("not an IDX image file"), "convert", "--data", "bad:idx-magic",
                        "--out", "out:converted"));
    }

    /** A LIBSVM or CSV file (its format by its extension) that is refused whole: the message names it. */
    static Arguments textFile(String file, String message) {
        return train(file, List.of("bad:" + file, message), "--train", "bad:" + file, "--format", formatOf(file));
    }

    /** A LIBSVM or CSV file refused for one line: the message names the file and the line. */
    static Arguments badLine(String file, String line, String message) {
        return train(file, List.of(file + ", " + line + ": " + message), "--train", "bad:" + file,
                "--format", formatOf(file));
    }

    private static String formatOf(String file) {
        return file.substring(file.lastIndexOf('.') + 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void refusedCleanly(String name, List<String> message, List<String> template) throws IOException {
        Path model = out.resolve("model.json");
        Path good = out.resolve("good.json");
        List<String> args = new ArrayList<>();
        for (String arg : template) {
            args.add(arg.replace("bad:", BAD).replace("out:", out + "/").replace("save:", good.toString()));
        }
        if (args.get(0).equals("train")) {
            args.addAll(List.of("--save", model.toString()));
        }
        if (args.contains(good.toString())) {                      // a command that reads a good model
            Files.writeString(good, "{\"sizes\": [4, 3, 3], \"weights\": [[[0,0,0,0],[0,0,0,0],[0,0,0,0]],"
                    + " [[0,0,0],[0,0,0],[0,0,0]]], \"biases\": [[[0],[0],[0]], [[0],[0],[0]]], \"cost\": \"QuadraticCost\"}");
        }

        Cli.Result run = Cli.run(args.toArray(new String[0]));

        assertEquals(2, run.status(), name + ": exit status; stderr was\n" + run.err());
        List<String> lines = run.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), name + ": one line on stderr, got\n" + run.err());
        for (String fragment : message) {
            String expected = fragment.replace("bad:", BAD);
            assertTrue(lines.get(0).contains(expected), name + ": '" + expected + "' not in: " + lines.get(0));
        }
        assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), name + ": a stack trace:\n" + run.err());
        assertFalse(Files.exists(model), name + ": a model was written");
        try (Stream<Path> left = Files.list(out)) {
            assertEquals(List.of(), left.filter(p -> !p.equals(good)).toList(), name + ": files left behind");
        }
    }
}
