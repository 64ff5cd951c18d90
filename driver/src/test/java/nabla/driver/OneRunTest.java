package nabla.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import nabla.driver.data.ModelFile;
import nabla.driver.train.Metrics;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One training run behind both doors: {@code Nabla.train} and {@code nabla train} with the same options
 * write byte-identical model files and the same metrics (every field but the clocks), with everything a
 * run can do switched on: a test set, validation with the η schedule, momentum, checkpoints, metrics per
 * step and the training accuracy.
 */
class OneRunTest {
    private static final Set<String> CLOCKS = Set.of("seconds", "examples_per_second", "compute_seconds",
            "overhead_seconds", "eval_seconds", "t");

    @TempDir
    Path dir;

    private List<String> options(String name) {
        return new ArrayList<>(List.of("--data", "../data/fashion-mnist-sample", "--layers", "784,10,10",
                "--epochs", "2", "--batch", "1000", "--partitions", "3", "--eta", "0.5", "--momentum", "0.5",
                "--validation", "1000", "--eta-schedule", "1,5", "--seed", "7", "--train-accuracy",
                "--metrics", dir.resolve(name + ".jsonl").toString(), "--metrics-steps",
                "--checkpoint", dir.resolve(name + "-checkpoints").toString(), "--checkpoint-every", "4",
                "--save", dir.resolve(name + ".json").toString()));
    }

    @Test
    void theJavaApiAndTheCommandLineTrainTheSameBits() throws IOException {
        JavaSparkContext sc = LocalSpark.context();                // the command line finds and reuses it
        ModelFile.Model model = Nabla.train(sc, options("api").toArray(String[]::new));
        List<String> cli = options("cli");
        cli.add(0, "train");
        Cli.Result result = Cli.run(cli.toArray(String[]::new));
        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().contains("Epoch 1: "), result.out());

        assertEquals(Files.readString(dir.resolve("api.json")), Files.readString(dir.resolve("cli.json")));
        assertEquals(model.theta(), ModelFile.read(dir.resolve("cli.json").toString(),
                sc.hadoopConfiguration()).theta());
        List<String> api = withoutClocks(dir.resolve("api.jsonl"));
        assertEquals(2 + 2 * 9, api.size(), "2 epoch lines and 2 × 9,000 / 1,000 step lines: " + api);
        assertEquals(api, withoutClocks(dir.resolve("cli.jsonl")));
        assertEquals(listing(dir.resolve("api-checkpoints")), listing(dir.resolve("cli-checkpoints")));
    }

    /** The lines of a metrics file, each without its timing fields. */
    private static List<String> withoutClocks(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            ObjectNode node = (ObjectNode) Metrics.JSON.readTree(line);
            node.remove(CLOCKS);
            lines.add(node.toString());
        }
        return lines;
    }

    private static List<String> listing(Path checkpoints) throws IOException {
        try (var files = Files.list(checkpoints)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("checkpoint-")).sorted()
                    .toList();
        }
    }
}
