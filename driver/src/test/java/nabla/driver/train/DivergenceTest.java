package nabla.driver.train;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import nabla.worker.Cost;
import nabla.worker.Parameters;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The watcher on hand-made steps: NaN, ∞ in θ, a saturated window, a learning run, and warn mode. */
class DivergenceTest {
    private static final Parameters THETA = Parameters.random(new int[] {4, 3, 10}, true, 1);
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Divergence watcher(double eta, double mu, boolean stop) {
        return started(new Divergence(eta, mu, Cost.QUADRATIC, 10, 10, stop,
                new PrintStream(err, true, StandardCharsets.UTF_8)), 1000);
    }

    private static Divergence started(Divergence watch, int stepsPerEpoch) {
        watch.started(new TrainingListener.Start(null, "local", 2, stepsPerEpoch, null, null, null, Position.START));
        return watch;
    }

    /** Step k (0-based) of epoch e done. */
    private static Position at(int epoch, int k) {
        return new Position(epoch, k + 1, 0, 0);
    }

    @Test
    void aNanCostStopsAtOnceNamingTheStepAndTheCause() {
        Divergence watch = watcher(3.0, 0.9, true);
        watch.stepDone(at(0, 0), new Trainer.Step(THETA, 10, 5.0, 0, 1));
        Divergence.Diverged e = assertThrows(Divergence.Diverged.class,
                () -> watch.stepDone(at(0, 1), new Trainer.Step(THETA, 10, Double.NaN, 0, 1)));
        assertEquals("diverged at epoch 0, step 2/1000: the cost is NaN; likely cause: η 3.0 with μ 0.9 (effective"
                + " step η/(1−μ) = 30.0) saturated the sigmoids; the book's network.py settings are --preset"
                + " network.py (μ 0), or lower η", e.getMessage());
    }

    @Test
    void infinityInThetaStops() {
        Parameters bad = THETA.copy();
        bad.w(2)[5] = Double.POSITIVE_INFINITY;
        Divergence.Diverged e = assertThrows(Divergence.Diverged.class,
                () -> watcher(2.0, 0, true).stepDone(at(2, 40), new Trainer.Step(bad, 10, 5.0, 0, 1)));
        assertTrue(e.getMessage().startsWith("diverged at epoch 2, step 41/1000: θ holds NaN or ∞"), e.getMessage());
        assertTrue(e.getMessage().contains("η 2.0 saturated the sigmoids; lower η"), e.getMessage());
    }

    @Test
    void chanceAccuracyWithAStuckCostStopsWhenTheWindowIsFull() {
        Divergence watch = watcher(3.0, 0.9, true);
        int window = Divergence.WINDOW_STEPS;
        for (int k = 0; k < window - 1; k++) {                         // cost 0.5 per example, 1 right in 10
            watch.stepDone(at(0, k), new Trainer.Step(THETA, 10, 5.0 + (k % 3) * 0.01, 0, k % 10 == 0 ? 2 : 1));
        }
        Divergence.Diverged e = assertThrows(Divergence.Diverged.class,
                () -> watch.stepDone(at(0, window - 1), new Trainer.Step(THETA, 10, 5.0, 0, 1)));
        assertTrue(e.getMessage().contains("step 100/1000: accuracy at chance (0.110 over the last 100 steps"),
                e.getMessage());
    }

    @Test
    void aLearningRunIsLeftAlone() {
        Divergence watch = watcher(0.05, 0.9, true);
        for (int k = 0; k < 5 * Divergence.WINDOW_STEPS; k++) {
            int step = k;
            double cost = 5.0 * Math.exp(-k / 200.0);                       // falling
            long right = Math.min(10, 1 + k / 50);                          // leaving chance
            assertDoesNotThrow(() -> watch.stepDone(at(0, step), new Trainer.Step(THETA, 10, cost, 0, right)));
        }
        // at chance, but the cost still falls: the start of a slow run, not a saturated one
        Divergence slow = watcher(0.05, 0.9, true);
        for (int k = 0; k < 2 * Divergence.WINDOW_STEPS; k++) {
            int step = k;
            double cost = 5.0 - k * 0.01;
            assertDoesNotThrow(() -> slow.stepDone(at(0, step), new Trainer.Step(THETA, 10, cost, 0, 1)));
        }
    }

    @Test
    void aCostAtItsCeilingStops() {
        Divergence watch = started(new Divergence(0.5, 0, Cost.CROSS_ENTROPY, 10, 100, true, new PrintStream(err)), 600);
        assertThrows(Divergence.Diverged.class, () -> {
            for (int k = 0; k < Divergence.WINDOW_STEPS; k++) {             // saturated outputs: nan_to_num's MAX
                watch.stepDone(at(0, k), new Trainer.Step(THETA, 100, Double.POSITIVE_INFINITY, 0, 50));
            }
        });
    }

    @Test
    void warnModeSaysSoOnceAndRunsOn() {
        Divergence watch = watcher(3.0, 0.9, false);
        for (int k = 0; k < 3; k++) {
            int step = k;
            assertDoesNotThrow(() -> watch.stepDone(at(0, step), new Trainer.Step(THETA, 10, Double.NaN, 0, 0)));
        }
        String said = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, said.lines().count(), said);
        assertTrue(said.startsWith("nabla: warning: diverged at epoch 0, step 1/1000: the cost is NaN"), said);
        assertTrue(said.contains("(--on-divergence warn: running on)"), said);
    }

    @Test
    void thePreflightWarningNamesThePreset() {
        String hot = Divergence.hotStep(3.0, 0.9, false);
        assertTrue(hot.contains("--preset network.py") && hot.contains("η/(1−μ) = 30"), hot);
        assertNull(Divergence.hotStep(3.0, 0.9, true), "μ given explicitly: the user chose it");
        assertNull(Divergence.hotStep(3.0, 0, false), "network.py's own settings");
        assertNull(Divergence.hotStep(0.05, 0.9, false), "the recommended defaults");
    }
}
