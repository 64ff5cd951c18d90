package nabla.driver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import nabla.worker.Blas;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 end to end on the bundled sample's 2,000 test images: a diverging run stops with its own exit
 * status and saves nothing (or, told to warn, runs on); --resume refuses other data or another --scale
 * and accepts the same data at another path; the header names the executors' BLAS.
 */
class NeverSilentlyWrongTest {
    private static final Path SAMPLE = Path.of("../data/fashion-mnist-sample");
    private static final String IMAGES = "t10k-images-idx3-ubyte.gz";
    private static final String LABELS = "t10k-labels-idx1-ubyte.gz";

    @TempDir
    static Path dir;
    private static Path conf;

    @BeforeAll
    static void conf() throws IOException {
        conf = Files.writeString(dir.resolve("test.properties"), "spark.master=local[2]\nspark.ui.enabled=false\n");
        LocalSpark.context();                                   // the runs share the tests' context
    }

    private static Cli.Result train(Path images, String... options) {
        List<String> args = new ArrayList<>(List.of("train", "--conf", conf.toString(), "--train", images.toString(),
                "--format", "idx", "--partitions", "2"));
        args.addAll(List.of(options));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void theBooksChapterOneOptionsWithTheDefaultMomentumStopWithOneLineAndNoModel() throws IOException {
        Path model = dir.resolve("diverged.json");
        Path checkpoints = dir.resolve("ck-diverged");
        Cli.Result run = train(SAMPLE.resolve(IMAGES), "--epochs", "1", "--cost", "quadratic", "--batch", "10",
                "--eta", "3.0", "--save", model.toString(), "--checkpoint", checkpoints.toString(), "--checkpoint-every", "50");
        assertEquals(3, run.status(), run.out() + run.err());
        assertFalse(Files.exists(model), "a diverged model was saved");
        assertFalse(run.out().contains("Epoch 0"), "no epoch line at chance: " + run.out());
        List<String> lines = run.errLines().stream().filter(line -> line.startsWith("nabla: ")).toList();
        assertEquals(2, lines.size(), "the pre-flight warning, then the one line: " + run.err());
        assertTrue(lines.get(0).startsWith("nabla: warning: --eta 3.0 with the default momentum μ 0.9")
                && lines.get(0).contains("--preset network.py"), lines.get(0));
        String stop = lines.get(1);
        assertTrue(stop.matches("nabla: diverged at epoch 0, step \\d+/200: .*; no model saved"), stop);
        assertTrue(stop.contains("η 3.0 with μ 0.9 (effective step η/(1−μ) = 30.0) saturated the sigmoids; the book's"
                + " network.py settings are --preset network.py"), stop);
        int step = Integer.parseInt(stop.replaceAll(".*step (\\d+)/200.*", "$1"));
        try (Stream<Path> saved = Files.list(checkpoints)) {       // the last ones before the stop stay; none after
            List<String> names = saved.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("checkpoint-"))
                    .sorted().toList();
            assertFalse(names.isEmpty(), "the checkpoints before the stop were removed");
            for (String name : names) {
                assertTrue(Integer.parseInt(name.substring(name.lastIndexOf('-') + 1)) < step, name + " after " + stop);
            }
        }
    }

    @Test
    void toldToWarnItSaysSoOnceAndRunsOn() {
        Path model = dir.resolve("warned.json");
        Cli.Result run = train(SAMPLE.resolve(IMAGES), "--epochs", "1", "--cost", "quadratic", "--batch", "10",
                "--eta", "3.0", "--momentum", "0.9", "--on-divergence", "warn", "--save", model.toString());
        assertEquals(0, run.status(), run.out() + run.err());
        assertTrue(run.out().contains("Epoch 0 complete, cost on training data "), run.out());
        assertTrue(Files.exists(model));
        List<String> warnings = run.errLines().stream().filter(line -> line.startsWith("nabla: warning:")).toList();
        assertEquals(1, warnings.size(), "μ given explicitly: no pre-flight warning; one divergence warning: "
                + run.err());
        assertTrue(warnings.get(0).contains("diverged at epoch 0") && warnings.get(0).endsWith("running on)"),
                warnings.get(0));
    }

    @Test
    void resumeRefusesOtherDataAndAnotherScaleButNotTheSameDataElsewhere() throws IOException {
        Path checkpoints = dir.resolve("ck-data");
        String[] run = {"--layers", "784,10,10", "--batch", "100", "--eta", "0.5", "--momentum", "0",
                "--checkpoint", checkpoints.toString()};
        Cli.Result first = train(SAMPLE.resolve(IMAGES), with(run, "--epochs", "1"));
        assertEquals(0, first.status(), first.out() + first.err());
        assertTrue(first.out().contains("on the driver; executors: " + Blas.describe() + ")"),
                "the header names the executors' BLAS: " + first.out());

        Cli.Result scale = train(SAMPLE.resolve(IMAGES), with(run, "--resume", "--epochs", "2", "--scale", "128"));
        assertEquals(2, scale.status(), scale.err());
        assertTrue(scale.err().contains("was trained on other data: --scale 255.0 then, 128.0 now"), scale.err());

        Path altered = copy("altered", 16 + 784 * 7 + 400);      // one pixel of image 7 (partition 1) changed
        Cli.Result other = train(altered.resolve(IMAGES), with(run, "--resume", "--epochs", "2"));
        assertEquals(2, other.status(), other.err());
        assertTrue(other.err().contains("was trained on other data: the same 2000 examples in number but other"
                + " content (the shards of partitions 1 differ)"), other.err());
        assertEquals(1, other.errLines().size(), "one line: " + other.err());

        Path moved = copy("moved", -1);
        Cli.Result resumed = train(moved.resolve(IMAGES), with(run, "--resume", "--epochs", "2"));
        assertEquals(0, resumed.status(), resumed.err());
        assertTrue(resumed.out().contains("nabla: resumed from"), resumed.out());
        assertTrue(resumed.out().contains("Epoch 1 complete"), resumed.out());
    }

    private static String[] with(String[] run, String... more) {
        return Stream.concat(Stream.of(run), Stream.of(more)).toArray(String[]::new);
    }

    /** The sample's test images and labels in a directory of their own, with the byte at {@code flip} changed. */
    private static Path copy(String name, int flip) throws IOException {
        Path to = Files.createDirectories(dir.resolve(name));
        Files.copy(SAMPLE.resolve(LABELS), to.resolve(LABELS));
        byte[] images;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(SAMPLE.resolve(IMAGES)))) {
            images = in.readAllBytes();
        }
        if (flip >= 0) {
            images[flip] ^= 0x40;
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to.resolve(IMAGES)))) {
            out.write(images);
        }
        return to;
    }
}
