package nabla.driver.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import nabla.worker.Backprop;
import nabla.worker.Cost;
import nabla.worker.Gradient;
import nabla.worker.Schematic;
import org.junit.jupiter.api.Test;

/** explain shows the shapes the worker really allocates, for the per-partition m of B and P. */
class ExplainCommandTest {

    @Test
    void shapesAreThoseTheWorkerAllocates() {
        int[] sizes = {784, 30, 10};
        for (int[] bp : new int[][] {{100, 2}, {10, 3}, {60_000, 4}}) {
            ExplainCommand.Step step = ExplainCommand.Step.of(sizes, Cost.CROSS_ENTROPY, bp[0], bp[1]);
            int m = (bp[0] + bp[1] - 1) / bp[1];                    // the largest round-robin share of B
            assertEquals(m, step.m());
            int[][] buffers = new Backprop(sizes, Cost.CROSS_ENTROPY, m).bufferShapes(m);
            Gradient gradient = new Gradient(sizes);
            int checked = 0;
            for (Schematic.Line line : step.lines()) {
                Schematic.Matrix r = line.result();
                int l = layerOf(r.name());
                switch (r.name().charAt(0)) {
                    case 'Z', 'A', 'Δ' -> assertArrayEquals(buffers[l], new int[] {r.rows(), r.columns()}, r.name());
                    default -> assertEquals(r.name().startsWith("∂C/∂W") ? gradient.nablaW(l).length
                            : gradient.nablaB(l).length, r.size(), r.name());
                }
                checked++;
            }
            assertEquals(10, checked);                               // 2 forward lines per layer, 6 backward
        }
    }

    @Test
    void printsTheSeedNetworksStepWithItsNumbers() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ExplainCommand.print(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                ExplainCommand.Step.of(new int[] {784, 30, 10}, Cost.QUADRATIC, 100, 2),
                new ExplainCommand.Update(3.0, 0, 0), 2, 15,
                BackpropSpeed.given(50));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("W² (10×30) · A¹ (30×50) + b² (10×1) → Z² (10×50)"), text);
        assertTrue(text.contains("Δ¹ (30×50) · (A⁰)ᵀ (50×784) → ∂C/∂W¹ (30×784)"), text);
        assertTrue(text.contains("95,880 per example"), text);
        assertTrue(text.contains("broadcast of 23,860 doubles = 190,880 bytes"), text);
        // 4,806,500 FLOPs at 50 GFLOP/s is 0.096 ms; 15 ms fixed; B* = 15e-3 · 50e9 · 2 / 96,130 ≈ 15,604
        assertTrue(text.contains("0.10 ms"), text);
        assertTrue(text.contains("from B ≈ 15,604"), text);
        assertTrue(text.contains("θ ← θ − (η/m) Σ∇ (η = 3.0): 47,720 FLOPs"), text);   // network.py's update
    }

    /** The update shown is the one the settings make: momentum's with the default μ, L2's with λ. */
    @Test
    void printsTheUpdateTheSettingsUse() {
        String momentum = "v ← μv − (η/m) Σ∇, θ ← θ + v (η = 0.05, μ = 0.9)";
        assertEquals(momentum, new ExplainCommand.Update(0.05, 0, 0.9).rule());
        assertEquals("w ← (1 − ηλ/n) w − (η/m) Σ∇, b ← b − (η/m) Σ∇ (η = 0.5, λ = 5.0)",
                new ExplainCommand.Update(0.5, 5, 0).rule());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run("explain", "--layers", "4,3,2", "--gflops", "1"));
        } finally {
            System.setOut(saved);
        }
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains(momentum),
                "the default run's update (conf/nabla.properties): " + bytes);
    }

    @Test
    void runsAsACommand() {
        assertEquals(0, Main.run("explain", "--layers", "4,3,2", "--batch", "6", "--partitions", "2",
                "--gflops", "1"));
        assertEquals(Main.BAD_INPUT, Main.run("explain", "--layers", "4", "--gflops", "1"));
    }

    private static int layerOf(String name) {
        int l = 0;
        for (char c : name.toCharArray()) {
            int digit = "⁰¹²³⁴⁵⁶⁷⁸⁹".indexOf(c);
            if (digit >= 0) {
                l = 10 * l + digit;
            }
        }
        return l;
    }
}
