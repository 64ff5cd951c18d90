package nabla.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The book's presets and early stopping, run end to end on the bundled sample in local[2]. */
class PresetsTest {
    private static final Path SAMPLE = Path.of("..", "data", "fashion-mnist-sample");
    private static final Pattern EPOCH = Pattern.compile("^Epoch (\\d+): (\\d+) / (\\d+)", Pattern.MULTILINE);

    @TempDir
    static Path dir;
    private static Path conf;

    @BeforeAll
    static void quietSpark() throws IOException {
        conf = dir.resolve("test.properties");
        Files.writeString(conf, "spark.ui.enabled=false\n");
    }

    /** What {@code nabla train ...} printed; fails unless it exits 0. */
    private static String train(String... options) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("train", "--data", SAMPLE.toString(),
                "--master", "local[2]", "--partitions", "2", "--conf", conf.toString()));
        args.addAll(List.of(options));
        Cli.Result result = Cli.fork(args.toArray(String[]::new));
        System.out.print(result.out());
        assertEquals(0, result.status(), result.out());
        return result.out();
    }

    /** Test accuracy of the last epoch line. */
    private static double lastAccuracy(String out) {
        Matcher m = EPOCH.matcher(out);
        double accuracy = -1;
        while (m.find()) {
            accuracy = Double.parseDouble(m.group(2)) / Double.parseDouble(m.group(3));
        }
        return accuracy;
    }

    private static int epochLines(String out) {
        return (int) EPOCH.matcher(out).results().count();
    }

    @Test
    void network2BeatsNetworkAfterTheSameEpoch() throws IOException, InterruptedException {
        String one = train("--preset", "network.py", "--epochs", "1");
        String two = train("--preset", "network2.py", "--epochs", "1");
        assertTrue(one.contains("quadratic cost, normal init, η 3.0, batch 10, λ 0.0, μ 0.0"), one);
        assertTrue(two.contains("cross-entropy cost, scaled init, η 0.5, batch 10, λ 5.0, μ 0.0"), two);
        assertTrue(lastAccuracy(two) > lastAccuracy(one),
                "network2.py " + lastAccuracy(two) + " vs network.py " + lastAccuracy(one));
    }

    @Test
    void explicitOptionsOverrideAPreset() throws IOException, InterruptedException {
        String out = train("--preset", "network2.py", "--eta", "0.25", "--batch", "500", "--epochs", "0");
        assertTrue(out.contains("cross-entropy cost, scaled init, η 0.25, batch 500, λ 5.0"), out);
    }

    @Test
    void earlyStoppingStopsWhenValidationAccuracyStalls() throws IOException, InterruptedException {
        // η so small that θ cannot move the validation accuracy: epoch 0 sets the best, epoch 1 stalls
        String out = train("--eta", "1e-12", "--batch", "1000", "--epochs", "10", "--validation", "1000",
                "--early-stop", "1");
        assertEquals(2, epochLines(out), out);
        assertTrue(out.contains("validation accuracy stalled"), out);
        assertTrue(out.contains(", validation "), "the epoch line reports validation accuracy: " + out);
    }

    @Test
    void aRunStoppedEarlyResumesToTheSameModel() throws IOException, InterruptedException {
        Path checkpoints = dir.resolve("stopped-run");
        String[] stoppingRun = {"--eta", "1e-12", "--batch", "1000", "--epochs", "10", "--validation", "1000",
                "--early-stop", "1", "--checkpoint", checkpoints.toString()};
        Path stopped = dir.resolve("stopped.json");
        Path resumed = dir.resolve("resumed.json");
        List<String> first = new ArrayList<>(List.of(stoppingRun));
        first.addAll(List.of("--save", stopped.toString()));
        assertEquals(2, epochLines(train(first.toArray(String[]::new))));

        List<String> again = new ArrayList<>(List.of(stoppingRun));
        again.addAll(List.of("--resume", "--save", resumed.toString()));
        String out = train(again.toArray(String[]::new));
        assertEquals(0, epochLines(out), "a stopped run trains no further: " + out);
        assertTrue(out.contains("nothing more to train"), out);
        assertEquals(Files.readString(stopped), Files.readString(resumed));
    }
}
