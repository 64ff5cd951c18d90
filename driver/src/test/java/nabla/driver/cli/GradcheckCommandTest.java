package nabla.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import nabla.worker.Cost;
import nabla.worker.Gradient;
import nabla.worker.GradientCheck;
import nabla.worker.Parameters;
import org.junit.jupiter.api.Test;

/** gradcheck on the seed network and real examples: backprop passes, a gradient with a known slip fails. */
class GradcheckCommandTest {
    private static final Path SAMPLE = Path.of("../data/fashion-mnist-sample");
    private static final int[] SIZES = {784, 30, 10};

    @Test
    void backpropPassesOnTheSeedNetwork() {
        assertEquals(0, Main.run("gradcheck", "--layers", "784,30,10", "--data", SAMPLE.toString(),
                "--examples", "3", "--cost", "cross-entropy"));
    }

    @Test
    void aGradientThatAveragesInsteadOfSummingFails() {
        GradcheckCommand.Block block = GradcheckCommand.Block.read(SAMPLE, SIZES, 3);
        Parameters theta = Parameters.random(SIZES, false, 1);
        // The seed notebook's slip, in the output layer's bias: the mean over the m examples instead of the sum.
        GradientCheck.GradientFunction broken = (t, x, y, m) -> {
            Gradient g = GradientCheck.backprop(Cost.QUADRATIC).of(t, x, y, m);
            double[] nablaB = g.nablaB(2);
            for (int j = 0; j < nablaB.length; j++) {
                nablaB[j] /= m;
            }
            return g;
        };
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8);
        assertEquals(Main.FAILURE, GradcheckCommand.run(out, theta, Cost.QUADRATIC, block, broken, 1e-6));
        List<String> report = text.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(report.get(1).startsWith("  layer 1:") && report.get(1).endsWith("ok"), "layer 1 is untouched: "
                + report);
        assertTrue(report.get(2).startsWith("  layer 2:") && report.get(2).contains("FAILS"), "∂C/∂b² is off by m: "
                + report);
        assertEquals("gradcheck: FAILED", report.get(3));
    }
}
