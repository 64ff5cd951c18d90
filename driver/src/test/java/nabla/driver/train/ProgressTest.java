package nabla.driver.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import nabla.worker.Cost;
import org.junit.jupiter.api.Test;

/** Progress: plain lines for logs, one redrawn line for a terminal, cleared before the epoch line. */
class ProgressTest {

    private static String run(boolean live) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), live, 0);
        Settings settings = new Settings(new Settings.Network(new int[] {4, 2}, Cost.QUADRATIC),
                new Settings.Data(null, null, 0), Settings.Optimisation.plain(2, 10, 1, false), Settings.Init.NORMAL,
                0, 1, Settings.Output.NONE, Settings.Checkpointing.NONE);
        progress.started(new TrainingListener.Start(settings, "local", 1, 3, null, null, null, Position.START));
        Position at = Position.START;
        for (int epoch = 0; epoch < 2; epoch++) {
            for (int k = 0; k < 3; k++) {
                Trainer.Step done = new Trainer.Step(null, 10, 5.0, 0);               // cost 0.5 per example
                at = at.after(done);
                progress.stepDone(at, done);
            }
            progress.epochDone(at, null);
            at = at.nextEpoch();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aLogGetsPlainLines() {
        List<String> lines = run(false).lines().toList();
        assertEquals(4, lines.size(), "steps 2 and 3 of each epoch (step 1 starts the clock): " + lines);
        assertTrue(lines.get(0).matches("epoch 0/2 · step 2/3 · [0-9,]+ examples/s · cost 0\\.5000 · ETA [0-9:]+"),
                lines.get(0));
        assertTrue(lines.get(3).startsWith("epoch 1/2 · step 3/3 · "), lines.get(3));
        assertFalse(run(false).contains("\r"), "no carriage returns in a log");
    }

    @Test
    void aTerminalGetsOneLineRedrawnAndClearedForTheEpochLine() {
        String text = run(true);
        assertFalse(text.contains("\n"), "never a new line: " + text);
        assertTrue(text.startsWith("\r\033[Kepoch 0/2 · step 2/3"), text);
        assertTrue(text.endsWith("\r\033[K"), "the line is cleared before the epoch line: " + text);
    }

    @Test
    void clockReadsAsMinutesOrHours() {
        assertEquals("0:07", Progress.clock(7.4));
        assertEquals("2:05", Progress.clock(125));
        assertEquals("1:02:03", Progress.clock(3723));
    }
}
