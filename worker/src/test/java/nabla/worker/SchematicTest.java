package nabla.worker;

import static nabla.worker.Fixtures.inputs;
import static nabla.worker.Fixtures.oneHot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The schematic held to the kernel it describes: its buffers, its BLAS calls, its comments. */
class SchematicTest {

    @ParameterizedTest
    @EnumSource(Cost.class)
    void makesTheProductsTheKernelMakesInItsOrder(Cost cost) {
        for (int[] sizes : new int[][] {{784, 30, 10}, {4, 5, 3}, {6, 5, 4, 3}, {3, 1}}) {
            int m = 7;
            Parameters theta = Parameters.random(sizes, false, 1);
            List<Schematic.Product> made = new ArrayList<>();
            Blas.watcher = made::add;
            try {
                new Backprop(sizes, cost, m).accumulate(theta, inputs(sizes[0], m, 2),
                        oneHot(sizes[sizes.length - 1], m, 3), 0, m, new Gradient(sizes));
            } finally {
                Blas.watcher = null;
            }
            List<Schematic.Product> described = Schematic.of(sizes, cost, m).stream()
                    .map(Schematic.Line::product).filter(p -> p != null).toList();
            assertEquals(made, described, java.util.Arrays.toString(sizes));
        }
    }

    @Test
    void writesTheBuffersBackpropAllocatesAndTheGradientsShapes() {
        int[] sizes = {784, 30, 10};
        for (int m : new int[] {1, 50, 3000}) {
            int[][] buffers = new Backprop(sizes, Cost.QUADRATIC, m).bufferShapes(m);
            Gradient g = new Gradient(sizes);
            for (Schematic.Line line : Schematic.of(sizes, Cost.QUADRATIC, m)) {
                Schematic.Matrix r = line.result();
                int l = Integer.parseInt(digitsOf(r.name()));
                if (r.name().startsWith("∂C/∂W")) {
                    assertEquals(g.nablaW(l).length, r.size(), r.toString());
                    assertEquals(sizes[l], r.rows());
                } else if (r.name().startsWith("∂C/∂b")) {
                    assertEquals(g.nablaB(l).length, r.size(), r.toString());
                    assertEquals(1, r.columns());
                } else {                                             // Z^l, A^l, Δ^l: the kernel's buffers
                    assertArrayEquals(buffers[l], new int[] {r.rows(), r.columns()}, r.toString());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Cost.class)
    void everyEquationIsACommentInBackprop(Cost cost) throws IOException {
        String source = Files.readString(Path.of("src/main/java/nabla/worker/Backprop.java"));
        for (Schematic.Line line : Schematic.of(new int[] {784, 30, 10}, cost, 1)) {
            assertTrue(source.contains(line.template()), "Backprop.java has no comment " + line.template());
        }
    }

    @Test
    void countsDesignsFlopsPerExampleForTheSeedNetwork() {
        // docs/design.md ("The step"): 95,880 FLOPs per example in the products backprop needs, for [784, 30, 10].
        List<Schematic.Line> lines = Schematic.of(new int[] {784, 30, 10}, Cost.QUADRATIC, 100);
        assertEquals(95_880L * 100, Schematic.productFlops(lines));
        assertEquals("Z² = W² A¹ + b² 1ᵀ", lines.get(2).equation());
        assertEquals("∂C/∂W¹ = Δ¹ (A⁰)ᵀ", lines.get(lines.size() - 1).equation());
    }

    private static String digitsOf(String name) {
        StringBuilder d = new StringBuilder();
        for (char c : name.toCharArray()) {
            int i = "⁰¹²³⁴⁵⁶⁷⁸⁹".indexOf(c);
            if (i >= 0) {
                d.append(i);
            }
        }
        return d.toString();
    }
}
