package nabla.driver.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nabla.driver.data.BadInput;
import nabla.worker.Score;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --metrics never erases what a file held: a resumed run appends, a fresh run refuses a file with lines. Every
 * epoch has its line, with the sets the run scored: validation without test, test without validation.
 */
class MetricsTest {
    @TempDir
    Path dir;

    private static void epoch(Metrics metrics, int epoch) {
        metrics.epochDone(new Position(epoch, 0, 5.0, 10), new TrainingListener.Epoch(epoch, null, 0.5, 1,
                new Score(8, 10, 3.0), null, null, 0.3, 0.1));
    }

    @Test
    void aResumedRunAppendsAndAFreshRunRefusesAFileThatHoldsLines() throws IOException {
        Path file = dir.resolve("run.jsonl");
        try (Metrics first = new Metrics(file, false, 2, false)) {
            epoch(first, 0);
            epoch(first, 1);
        }
        BadInput refused = assertThrows(BadInput.class, () -> new Metrics(file, false, 2, false));
        assertTrue(refused.getMessage().contains("already holds an earlier run's lines; give --resume"),
                refused.getMessage());
        assertEquals(2, Files.readAllLines(file).size());                    // untouched by the refusal
        try (Metrics resumed = new Metrics(file, true, 2, false)) {
            epoch(resumed, 1);                                               // redone after a stop before its checkpoint
            epoch(resumed, 2);
        }
        assertEquals(4, Files.readAllLines(file).size());
        assertEquals(3, Metrics.readEpochs(file).size());
        assertEquals(2, Metrics.readEpochs(file).get(2).epoch());
    }

    @Test
    void everyEpochHasALineWithTheSetsItScoredAndCostsPerExample() throws IOException {
        Path file = dir.resolve("validation-only.jsonl");
        try (Metrics metrics = new Metrics(file, false, 2, false)) {
            metrics.epochDone(new Position(0, 0, 5.0, 10), new TrainingListener.Epoch(0, null, 0.5, 1,
                    null, new Score(7, 10, 4.0), null, 0.3, 0.1));
        }
        Metrics.Epoch line = Metrics.readEpochs(file).get(0);
        assertEquals(0.7, line.validationAccuracy(), 0);
        assertEquals(0.4, line.validationCost(), 0);                       // Σ C = 4.0 over 10 examples
        assertEquals(null, line.testAccuracy());
        assertTrue(Files.readString(file).contains("\"validation_accuracy\":0.7"), Files.readString(file));
        assertTrue(!Files.readString(file).contains("test_accuracy"), Files.readString(file));
    }
}
