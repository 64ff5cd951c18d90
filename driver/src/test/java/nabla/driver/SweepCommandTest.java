package nabla.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nabla.driver.data.BadInput;
import nabla.driver.data.ModelFile;
import nabla.driver.train.Metrics;
import nabla.driver.train.Sweep;
import nabla.driver.train.SweepFiles;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nabla sweep} end to end: its tables and ranking, the files of --save-dir and --metrics (a model
 * file with the bits of {@code nabla train}'s), {@code plot --sweep}; and bad input refused with one line,
 * exit 2 and nothing written.
 */
class SweepCommandTest {
    private static final String DATA = "../data/fashion-mnist-sample";

    @TempDir
    Path dir;

    private static List<String> shared() {
        return List.of("--data", DATA, "--epochs", "2", "--batch", "1000", "--validation", "1000", "--seed", "3",
                "--partitions", "2");
    }

    @Test
    void aSweepPrintsItsTablesAndWritesEveryModelSweepJsonMetricsAndAPlot() throws IOException {
        JavaSparkContext sc = LocalSpark.context();                         // the command line reuses it
        Path save = dir.resolve("sweep");
        List<String> args = new ArrayList<>(List.of("sweep", "--eta", "0.5,3.0", "--layers", "784,10,10:784,12,10",
                "--save-dir", save.toString(), "--metrics", dir.resolve("m.jsonl").toString(), "--top", "2"));
        args.addAll(shared());
        Cli.Result result = Cli.run(args.toArray(String[]::new));
        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().contains("Epoch 1\n"), result.out());
        assertTrue(result.out().contains("Ranking"), result.out());
        JsonNode sweep = Metrics.JSON.readTree(save.resolve("sweep.json").toFile());
        assertEquals(4, sweep.path("models").size());
        JsonNode best = sweep.path("models").get(0);
        assertEquals(1, best.path("rank").asInt());
        assertEquals(sweep.path("best").asText(), best.path("file").asText());
        assertTrue(best.has("test_accuracy"), best.toString());
        assertEquals(2, best.path("validation_accuracy").size());
        assertEquals(4 * 2, Files.readAllLines(dir.resolve("m.jsonl")).size(), "a line per model per epoch");

        int id = best.path("id").asInt();
        List<String> alone = new ArrayList<>(shared());
        alone.addAll(List.of("--eta", best.path("settings").path("eta").asText(), "--layers",
                best.path("settings").path("layers").asText()));
        ModelFile.Model trained = Nabla.train(sc, alone.toArray(String[]::new));
        assertEquals(trained.theta(), ModelFile.read(save.resolve("model-" + id + ".json").toString(),
                sc.hadoopConfiguration()).theta(), "the sweep's model file has the bits of its own train run");

        Path png = dir.resolve("curves.png");
        Cli.Result plot = Cli.run("plot", "--sweep", save.resolve("sweep.json").toString(), "--out", png.toString());
        assertEquals(0, plot.status(), plot.err());
        assertTrue(Files.size(png) > 1000);
    }

    @Test
    void badGridsAreRefusedWithOneLineAndNothingWritten() {
        refused("an empty value", "--eta", "0.5,,3.0");
        refused("0.5 is given twice", "--eta", "0.5,0.5");
        refused("785", "--layers", "784,10,10:785,10,10");
        refused("above the limit of " + Sweep.MAX_MODELS, "--eta", "1,2,3,4,5,6,7,8,9", "--lambda",
                "0,1,2,3,4,5,6,7");
        refused("of the driver's heap", "--layers", "784,4000,4000,10", "--eta", "1,2,3,4");
        refused("sweep does not take --save", "--save", dir.resolve("x.json").toString());
    }

    @Test
    void modelsThatCannotStepInLockstepAreRefused() {
        List<nabla.driver.train.Settings> models = List.of(
                Nabla.settings("--data", DATA, "--batch", "100", "--validation", "1000"),
                Nabla.settings("--data", DATA, "--batch", "200", "--validation", "1000"));
        BadInput refused = org.junit.jupiter.api.Assertions.assertThrows(BadInput.class, () -> Sweep.check(
                new Sweep.Plan(models, false, 1, SweepFiles.Paths.NONE), LocalSpark.context().hadoopConfiguration()));
        assertTrue(refused.getMessage().contains("share --batch; got 100 and 200"), refused.getMessage());
    }

    private void refused(String expected, String... grid) {
        Path save = dir.resolve("refused");
        List<String> args = new ArrayList<>(List.of("sweep", "--save-dir", save.toString()));
        args.addAll(List.of(grid));
        args.addAll(shared());
        Cli.Result result = Cli.run(args.toArray(String[]::new));
        assertEquals(2, result.status(), result.err());
        assertEquals(1, result.errLines().size(), "one line, got:\n" + result.err());
        assertTrue(result.err().contains(expected), "expected '" + expected + "' in: " + result.err());
        assertFalse(Files.exists(save), "nothing may be written");
    }
}
