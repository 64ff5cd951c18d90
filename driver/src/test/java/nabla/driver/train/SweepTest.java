package nabla.driver.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nabla.driver.LocalSpark;
import nabla.driver.Nabla;
import nabla.worker.Parameters;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A sweep trains every model to the bits {@code nabla train} gives it alone: over two costs, two η, two
 * layer lists, momentum on and off, λ, an η schedule and early stopping that fire, for P = 1 and 3, with
 * and without shuffling; a model that diverges leaves without touching the others; a resumed sweep has
 * the bits of an undisturbed one; the test set ranks nothing. A sweep is the loop of a run with K models:
 * with K = 1 it writes the model file {@code train} writes, byte for byte, and a model it drops for
 * divergence is reported with the line its own run stops with.
 */
class SweepTest {
    private static final String DATA = "../data/fashion-mnist-sample";

    private final JavaSparkContext sc = LocalSpark.context();

    @TempDir
    Path dir;

    /** Each model's own options; the shared ones are added by {@link #settings}. */
    private static final List<List<String>> MODELS = List.of(
            List.of("--layers", "784,10,10", "--cost", "quadratic", "--eta", "3.0"),
            List.of("--layers", "784,10,10", "--cost", "cross-entropy", "--eta", "0.5", "--momentum", "0.5"),
            List.of("--layers", "784,12,10", "--cost", "quadratic", "--eta", "0.5", "--momentum", "0.5",
                    "--init", "normal"),
            List.of("--layers", "784,12,10", "--cost", "cross-entropy", "--eta", "3.0", "--lambda", "5.0"),
            // η so small that validation accuracy stalls: the schedule halves η after epoch 1 and stops after
            // epoch 2; early stopping ends its model after epoch 1
            List.of("--layers", "784,12,10", "--cost", "cross-entropy", "--eta", "1e-9", "--eta-schedule", "1,2"),
            List.of("--layers", "784,10,10", "--cost", "quadratic", "--eta", "1e-9", "--early-stop", "1",
                    "--momentum", "0.9"),
            List.of("--layers", "784,10,10", "--cost", "cross-entropy", "--eta", "3.0", "--init", "normal"));

    private static Settings settings(List<String> own, int partitions, boolean shuffle, int epochs, String... data) {
        List<String> options = new ArrayList<>(data.length > 0 ? List.of(data) : List.of("--data", DATA));
        options.addAll(List.of("--epochs", Integer.toString(epochs),
                "--batch", "1000", "--validation", "1000", "--seed", "7", "--partitions",
                Integer.toString(partitions), "--shuffle", Boolean.toString(shuffle)));
        options.addAll(own);
        return Nabla.settings(options.toArray(String[]::new));
    }

    private List<Sweep.Outcome> sweep(List<Settings> models, SweepFiles.Paths files) {
        Sweep.Plan plan = new Sweep.Plan(models, false, 3, files);
        List<Sweep.Outcome> outcomes = new ArrayList<>(Sweep.check(plan, sc.hadoopConfiguration())
                .run(sc, Terminal.SILENT));
        outcomes.sort((a, b) -> Integer.compare(a.id(), b.id()));
        return outcomes;
    }

    @ParameterizedTest(name = "P = {0}, shuffle {1}")
    @CsvSource({"1, false", "1, true", "3, false", "3, true"})
    void everyModelHasTheBitsOfItsOwnRunAndADivergingOneLeavesTheRestAlone(int partitions, boolean shuffle) {
        List<Settings> models = new ArrayList<>(MODELS.stream().map(o -> settings(o, partitions, shuffle, 3))
                .toList());
        models.add(3, settings(List.of("--layers", "784,10,10", "--cost", "cross-entropy", "--eta", "1e308"),
                partitions, shuffle, 3));                                     // diverges in its first steps
        List<Sweep.Outcome> outcomes = sweep(models, SweepFiles.Paths.NONE);
        for (Sweep.Outcome o : outcomes) {
            if (o.id() == 4) {
                assertTrue(o.ended().startsWith("diverged"), o.ended());
                Divergence.Diverged alone = assertThrows(Divergence.Diverged.class,
                        () -> Nabla.train(sc, o.settings()));
                assertEquals(alone.getMessage(), o.ended(), "the sweep drops it with the line its own run prints");
                continue;
            }
            Parameters alone = Nabla.train(sc, o.settings()).theta();
            assertEquals(alone, o.theta(), "model " + o.id() + " (" + o.label() + ") differs from its own run");
        }
        assertEquals("stalled (η schedule or early stop) at epoch 2", outcomes.get(5).ended(), "the η schedule");
        assertEquals("early stop at epoch 1", outcomes.get(6).ended(), "early stopping");
    }

    @Test
    void aSweepOfOneModelWritesTheModelFileTrainWrites() throws IOException {
        List<String> own = MODELS.get(1);
        Path saveDir = dir.resolve("sweep");
        sweep(List.of(settings(own, 2, true, 2)), new SweepFiles.Paths(saveDir.toString(), null, null, false));
        Path saved = dir.resolve("train.json");
        List<String> withSave = new ArrayList<>(own);
        withSave.addAll(List.of("--save", saved.toString()));
        Nabla.train(sc, settings(withSave, 2, true, 2));
        assertArrayEquals(Files.readAllBytes(saved), Files.readAllBytes(saveDir.resolve("model-1.json")));
    }

    @Test
    void aResumedSweepHasTheBitsOfAnUndisturbedOne() {
        List<Settings> three = MODELS.stream().map(o -> settings(o, 3, true, 3)).toList();
        List<Settings> one = MODELS.stream().map(o -> settings(o, 3, true, 1)).toList();
        String checkpoints = dir.resolve("checkpoints").toString();
        sweep(one, new SweepFiles.Paths(null, null, checkpoints, false));      // as if killed after epoch 0
        List<Sweep.Outcome> resumed = sweep(three, new SweepFiles.Paths(null, null, checkpoints, true));
        List<Sweep.Outcome> undisturbed = sweep(three, SweepFiles.Paths.NONE);
        for (int i = 0; i < three.size(); i++) {
            assertEquals(undisturbed.get(i).theta(), resumed.get(i).theta(), "model " + (i + 1));
            assertEquals(undisturbed.get(i).accuracies(), resumed.get(i).accuracies(), "model " + (i + 1));
            assertEquals(undisturbed.get(i).rank(), resumed.get(i).rank(), "model " + (i + 1));
        }
    }

    @Test
    void theTestSetRanksNothing() {
        String images = DATA + "/train-images-idx3-ubyte.gz";
        String otherImages = DATA + "/t10k-images-idx3-ubyte.gz";
        List<Sweep.Outcome> a = sweep(withTest(images), SweepFiles.Paths.NONE);
        List<Sweep.Outcome> b = sweep(withTest(otherImages), SweepFiles.Paths.NONE);
        assertEquals(a.stream().map(Sweep.Outcome::rank).toList(), b.stream().map(Sweep.Outcome::rank).toList());
        Sweep.Outcome first = a.stream().filter(o -> o.rank() == 1).findFirst().orElseThrow();
        Sweep.Outcome firstB = b.stream().filter(o -> o.rank() == 1).findFirst().orElseThrow();
        assertNotEquals(first.test().accuracy(), firstB.test().accuracy(), "the two test sets differ");
    }

    private static List<Settings> withTest(String test) {
        return MODELS.stream().map(o -> settings(o, 2, true, 2, "--train", DATA + "/train-images-idx3-ubyte.gz",
                "--test", test, "--format", "idx")).toList();
    }
}
