package nabla.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-input corpus (docs/hostile-input.md): each case is nabla's command line in a JVM of its own,
 * and gets its documented exit status and, when refused, one line on the whole standard error naming the
 * problem (no stack trace, from nabla, Spark or Hadoop), with nothing written and nothing lost. Three
 * cases run at a time.
 */
class HostileInputTest {
    @TempDir
    static Path work;
    private static final String KEPT = "{\"sizes\": [4, 3, 2], \"kept\": true}";
    private static ExecutorService pool;

    /** A case: its name, the status and line expected ("" for a run that succeeds quietly), the arguments. */
    record Case(String name, int status, String line, String... args) {
    }

    @BeforeAll
    static void corpusFiles() throws IOException {
        pool = Executors.newFixedThreadPool(3);
        write("ui.conf", "spark.ui.enabled=false\n");
        write("epoch.conf", "epoch=5\nspark.ui.enabled=false\n");
        write("layer.conf", "layer=4,3,2\n");
        write("spark-size.conf", "spark.driver.maxResultSize=lots\nspark.ui.enabled=false\n");
        write("spark-memory.conf", "spark.executor.memory=much\nspark.ui.enabled=false\n");
        write("executor-memory.conf", "spark.executor.memory=512m\nspark.ui.enabled=false\n");
        write("a-file", "not a directory\n");
        write("kept.json", KEPT);
        Files.createDirectories(work.resolve("a-directory"));
        Files.createDirectories(work.resolve("old-run"));
        write("old-run/checkpoint-000003-000000000", "an earlier run's");
        write("run.jsonl", "{\"type\":\"epoch\",\"epoch\":0}\n");
        write("no-accuracy.jsonl", "{\"type\":\"epoch\",\"epoch\":0,\"cost\":0.9}\n{\"type\":\"epoch\",\"epoch\":1,\"cost\":0.5}\n");
        byte[] images = idx(0x803, 40, 4, 40 * 4);
        byte[] labels = idx(0x801, 40, 0, 40);
        mnist("idx", gzip(images), gzip(labels));
        byte[] flipped = gzip(images);
        flipped[flipped.length / 2] ^= 1;
        mnist("idx-flipped", flipped, gzip(labels));
        byte[] whole = gzip(images);
        mnist("idx-cut", Arrays.copyOf(whole, whole.length - 10), gzip(labels));
        mnist("idx-6000000", idx(0x803, 6_000_000, 4, 40 * 4), idx(0x801, 6_000_000, 0, 40));
        mnist("idx-6000000-gz", gzip(idx(0x803, 6_000_000, 4, 40 * 4)), gzip(idx(0x801, 6_000_000, 0, 40)));
        mnist("idx-max", gzip(idx(0x803, Integer.MAX_VALUE, 4, 40 * 4)), gzip(idx(0x801, Integer.MAX_VALUE, 0, 40)));
        String model = "{\"sizes\": [4, 3, 2], \"weights\": [" + rows(3, 4) + ", " + rows(2, 3) + "], \"biases\": ["
                + rows(3, 1) + ", " + rows(2, 1) + "], \"cost\": \"CrossEntropyCost\"}";
        write("model-1e400.json", model.replaceFirst("0\\.5", "1e400"));
        write("model-trailing.json", model + " trailing");
        write("model-bias-row.json", model.replace("[[0.5], [0.5]]]", "[[0.5, 0.5], [0.5]]]"));
        write("model-sizes.json", model.replace("[4, 3, 2]", "[4.9, 3, 2]"));
        write("model-no-cost.json", model.replace(", \"cost\": \"CrossEntropyCost\"", ""));
        write("model.json", model);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 4000; i++) {
            lines.append(i % 2).append(" 1:").append(i % 7).append(" 2:1 3:0.5 4:").append(i % 3).append('\n');
        }
        byte[] text = gzip(lines.toString().getBytes());
        Files.write(work.resolve("cut.libsvm.gz"), Arrays.copyOf(text, text.length / 2));
        byte[] flippedText = text.clone();
        flippedText[text.length / 2] ^= 1;
        Files.write(work.resolve("flipped.libsvm.gz"), flippedText);
        write("set[1].libsvm", String.join("\n", lines.toString().lines().limit(200).toList()) + "\n");
        write("set1.libsvm", "not the file asked for\n");
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    /** The corpus: what each hostile case must now get. */
    static List<Case> corpus() {
        String ui = "--conf=ui.conf";
        String[] tiny = {"--data", "idx", "--layers", "4,3,2", "--batch", "10"};
        return List.of(
                new Case("conf-unknown-key", 2, "unknown key 'epoch' (did you mean 'epochs'?", "train", "--conf", "epoch.conf"),
                new Case("conf-misspelt-key", 2, "unknown key 'layer' (did you mean 'layers'?", "train", "--conf=layer.conf"),
                new Case("master-bogus", 2, "Spark did not start: Could not parse Master URL: 'bogus://x'",
                        cat(tiny, "train", "--master", "bogus://x", ui)),
                new Case("spark-bad-size", 2, "Spark did not start: ", cat(tiny, "train", "--conf", "spark-size.conf")),
                new Case("spark-bad-memory", 2, "Spark did not start: ", cat(tiny, "train", "--conf", "spark-memory.conf")),
                new Case("save-parent-is-a-file", 2, "a-file is a file, not a directory", "train", "--save", "a-file/m.json"),
                new Case("save-is-a-directory", 2, "a-directory is a directory", "train", "--save", "a-directory"),
                new Case("save-unwritable", 2, "cannot create files in /proc", "train", "--save", "/proc/nabla/m.json"),
                new Case("checkpoint-is-a-file", 2, "--checkpoint " + work.resolve("a-file") + " is a file", "train",
                        "--checkpoint", "a-file"),
                new Case("checkpoint-unwritable", 2, "cannot create files in /proc", "train", "--checkpoint", "/proc/ck"),
                new Case("checkpoint-of-an-earlier-run", 2, "already holds checkpoints of an earlier run (newest:"
                        + " checkpoint-000003-000000000); give --resume", cat(tiny, "train", "--checkpoint", "old-run")),
                new Case("resume-without-checkpoint", 2, "--resume needs --checkpoint DIR", "train", "--resume"),
                new Case("metrics-of-an-earlier-run", 2, "run.jsonl already holds an earlier run's lines", "train",
                        "--metrics", "run.jsonl"),
                new Case("metrics-is-a-directory", 2, "a-directory is a directory", "train", "--metrics", "a-directory"),
                new Case("sizes-out-of-memory", 2, "--layers [784, 50000, 10] with --batch 5000 in 2 partitions needs"
                        + " about", "train", "--layers", "784,50000,10", "--batch", "5000", "--partitions", "2"),
                new Case("sizes-out-of-executor-memory", 2, "--layers [784, 3000, 10] with --batch 8000 in 2 partitions"
                        + " needs about 336 MB on each executor", "train", "--master", "spark://127.0.0.1:7077", "--conf",
                        "executor-memory.conf", "--layers", "784,3000,10", "--batch", "8000", "--partitions", "2"),
                new Case("sizes-overflow-train", 2, "W^3 would be 65536 × 65536 = 4,294,967,296 weights", "train",
                        "--layers", "784,1,65536,65536,10"),
                new Case("sizes-overflow-explain", 2, "more than a Java array holds", "explain", "--layers",
                        "784,1,65536,65536,10"),
                new Case("sizes-overflow-gradcheck", 2, "more than a Java array holds", "gradcheck", "--layers",
                        "784,1,65536,65536,10"),
                new Case("idx-gzip-flipped-byte", 2, "train-images-idx3-ubyte.gz: damaged gzip data", "train",
                        "--data", "idx-flipped", "--layers", "4,3,2"),
                new Case("idx-gzip-cut", 2, "train-images-idx3-ubyte.gz: the gzip stream ends early",
                        "train", "--data", "idx-cut", "--layers", "4,3,2"),
                new Case("idx-count-6000000", 2, "truncated", "train", "--data", "idx-6000000", "--layers", "4,3,2"),
                new Case("idx-count-2147483647", 2, "truncated (176 bytes gunzipped; the header promises 2147483647"
                        + " items", "train", "--data", "idx-max", "--layers", "4,3,2"),
                new Case("idx-count-6000000-gzipped", 2, "truncated (176 bytes gunzipped; the header promises 6000000"
                        + " items", "train", "--data", "idx-6000000-gz", "--layers", "4,3,2"),
                new Case("model-1e400", 2, "W^1[0][0] is 1E+400, beyond a double", cat(tiny, "train", "--init", "model-1e400.json")),
                new Case("model-trailing-garbage", 2, "is not valid JSON", cat(tiny, "train", "--init", "model-trailing.json")),
                new Case("model-bias-row", 2, "row 0 of b^2 has 2 entries, expected 1",
                        cat(tiny, "train", "--init", "model-bias-row.json")),
                new Case("model-sizes-fraction", 2, "sizes[0] is 4.9, not a whole number",
                        cat(tiny, "train", "--init", "model-sizes.json")),
                new Case("model-no-cost", 2, "has no \"cost\"", cat(tiny, "train", "--init", "model-no-cost.json")),
                new Case("evaluate-model-1e400", 2, "beyond a double", "evaluate", "--model", "model-1e400.json",
                        "--data", "idx"),
                new Case("glob-matching-nothing", 2, "none[1].libsvm does not exist (nor does the glob match anything)",
                        "train", "--train", "none[1].libsvm", "--format", "libsvm", "--layers", "4,3,2"),
                new Case("plot-without-test-accuracy", 0, "", "plot", "--metrics", "no-accuracy.jsonl", "--out", "c.png"),
                new Case("plot-out-is-a-directory", 2, "a-directory: it is a directory", "plot", "--metrics",
                        "no-accuracy.jsonl", "--out", "a-directory"),
                new Case("libsvm-gzip-cut", 2, "cut.libsvm.gz, line", "train", "--train", "cut.libsvm.gz", "--format",
                        "libsvm", "--layers", "4,3,2", "--batch", "10", "--epochs", "1", ui),
                new Case("libsvm-gzip-flipped-byte", 2, "flipped.libsvm.gz, line", "train", "--train",
                        "flipped.libsvm.gz", "--format", "libsvm", "--layers", "4,3,2", "--batch", "10", "--epochs", "1", ui),
                new Case("partitions-above-idx-count", 2, "--partitions 20000 is more than the 30 examples to train"
                        + " on (idx/train-*: 40 less --validation 10): a partition would hold none; give at most 30",
                        cat(tiny, "train", "--partitions", "20000", "--validation", "10")),
                new Case("partitions-above-text-count", 2, "--partitions 201 is more than the 200 examples to train on"
                        + " (set[1].libsvm)", "train", "--train", "set[1].libsvm", "--format", "libsvm", "--layers",
                        "4,3,2", "--batch", "10", "--partitions", "201", ui),
                new Case("sweep-partitions-above-idx-count", 2, "--partitions 35 is more than the 34 examples to train"
                        + " on (idx/train-*: 40 less --validation 6)", cat(tiny, "sweep", "--eta", "0.5,3", "--partitions",
                        "35")),
                new Case("evaluate-partitions-above-idx-count", 2, "--partitions 41 is more than the 40 examples in"
                        + " idx/t10k-*", "evaluate", "--model", "model.json", "--data", "idx", "--partitions", "41"),
                new Case("evaluate-partitions-above-text-count", 2, "--partitions 201 is more than the 200 examples in"
                        + " set[1].libsvm", "evaluate", "--model", "model.json", "--test", "set[1].libsvm", "--format",
                        "libsvm", "--partitions", "201", ui),
                new Case("literal-path-with-brackets", 0, "", "train", "--train", "set[1].libsvm", "--format", "libsvm",
                        "--layers", "4,3,2", "--batch", "10", "--epochs", "1", "--partitions", "2", ui));
    }

    @TestFactory
    Stream<DynamicTest> everyCaseGetsItsStatusAndOneLine() throws IOException {
        List<Case> cases = corpus();
        List<Future<Child.Result>> results = new ArrayList<>();
        for (Case c : cases) {
            String[] args = c.status() != 0 && c.args()[0].equals("train") && !Arrays.asList(c.args()).contains("--save")
                    ? cat(new String[] {"--save", "kept.json"}, c.args()) : c.args();  // a refusal must not touch it
            results.add(pool.submit(() -> Child.run(work, c.name(), args)));
        }
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Child.Result result = results.get(cases.indexOf(c)).get();
            assertEquals(c.status(), result.status(), result.err());
            if (c.status() == 0) {
                assertEquals(List.of(), result.errLines(), result.err());
            } else {
                assertTrue(result.oneLine(c.line()), "expected one line with '" + c.line() + "', got:\n" + result.err());
                assertEquals(KEPT, Files.readString(work.resolve("kept.json")), "a refused run changed --save's file");
            }
        }));
    }

    /** {@code b}, then {@code a}: the command and its options before a shared tail. */
    private static String[] cat(String[] a, String... b) {
        String[] all = Arrays.copyOf(b, a.length + b.length);
        System.arraycopy(a, 0, all, b.length, a.length);
        return all;
    }

    private static void write(String name, String text) throws IOException {
        Files.writeString(work.resolve(name), text);
    }

    /** n rows of k values 0.5, as network2.py writes a matrix. */
    private static String rows(int n, int k) {
        String row = "[" + String.join(", ", java.util.Collections.nCopies(k, "0.5")) + "]";
        return "[" + String.join(", ", java.util.Collections.nCopies(n, row)) + "]";
    }

    /** An IDX file whose header says {@code count} items (2×2 images when {@code side} is 4) and holds {@code bytes}. */
    private static byte[] idx(int magic, int count, int side, int bytes) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buffer);
        out.writeInt(magic);
        out.writeInt(count);
        if (side > 0) {
            out.writeInt(2);
            out.writeInt(2);
        }
        for (int i = 0; i < bytes; i++) {
            out.write(side > 0 ? (i * 37) & 0xff : i % 2);
        }
        return buffer.toByteArray();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(buffer)) {
            out.write(bytes);
        }
        return buffer.toByteArray();
    }

    private static void mnist(String dir, byte[] images, byte[] labels) throws IOException {
        Path d = Files.createDirectories(work.resolve(dir));
        for (String prefix : new String[] {"train", "t10k"}) {
            Files.write(d.resolve(prefix + "-images-idx3-ubyte" + (images[0] == 0x1f ? ".gz" : "")), images);
            Files.write(d.resolve(prefix + "-labels-idx1-ubyte" + (labels[0] == 0x1f ? ".gz" : "")), labels);
        }
    }
}
