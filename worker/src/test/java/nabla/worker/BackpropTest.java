package nabla.worker;

import static nabla.worker.Fixtures.inputs;
import static nabla.worker.Fixtures.oneHot;
import static nabla.worker.Fixtures.relativeError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The column-stacked kernel held to three oracles: finite differences, the per-example loop, a hand computation. */
class BackpropTest {

    /** Σ_x C_x over the block, by a forward pass only. */
    private static double totalCost(Parameters theta, Cost cost, double[] x, double[] y, int m) {
        return new Backprop(theta.sizes(), cost, m).cost(theta, x, y, 0, m);
    }

    @ParameterizedTest
    @EnumSource(Cost.class)
    void agreesWithCentralFiniteDifferences(Cost cost) {
        int[] sizes = {4, 5, 3};
        int m = 7;
        Parameters theta = Parameters.random(sizes, false, 1);
        double[] x = inputs(4, m, 2);
        double[] y = oneHot(3, m, 3);
        Gradient g = new Gradient(sizes);
        new Backprop(sizes, cost, m).accumulate(theta, x, y, 0, m, g);

        double h = 1e-5;
        for (int l = 1; l < sizes.length; l++) {
            for (double[][] pair : new double[][][] {{theta.w(l), g.nablaW(l)}, {theta.b(l), g.nablaB(l)}}) {
                double[] param = pair[0];
                double[] numeric = new double[param.length];
                for (int i = 0; i < param.length; i++) {
                    double saved = param[i];
                    param[i] = saved + h;
                    double plus = totalCost(theta, cost, x, y, m);
                    param[i] = saved - h;
                    double minus = totalCost(theta, cost, x, y, m);
                    param[i] = saved;
                    numeric[i] = (plus - minus) / (2 * h);          // ∂C/∂θ_i ≈ (C(θ+h) − C(θ−h)) / 2h
                }
                double error = relativeError(pair[1], numeric);
                assertTrue(error < 1e-6, cost + " layer " + l + ": relative error " + error);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Cost.class)
    void columnStackedEqualsSumOfPerExampleGradients(Cost cost) {
        for (int[] sizes : new int[][] {{4, 5, 3}, {784, 100, 50, 10}, {3, 1}}) {
            int m = 37;
            Parameters theta = Parameters.random(sizes, false, 5);
            int nL = sizes[sizes.length - 1];
            double[] x = inputs(sizes[0], m, 6);
            double[] y = oneHot(nL, m, 7);
            Gradient stacked = new Gradient(sizes);
            new Backprop(sizes, cost, m).accumulate(theta, x, y, 0, m, stacked);
            assertEqualsPerExampleSum(theta, cost, x, y, m, stacked);
        }
    }

    @Test
    void theSeedNetworkAtMiniBatch1000() {
        int[] sizes = {784, 30, 10};
        int m = 1000;
        Parameters theta = Parameters.random(sizes, false, 8);
        double[] x = inputs(784, m, 9);
        double[] y = oneHot(10, m, 10);
        Gradient stacked = new Gradient(sizes);
        new Backprop(sizes, Cost.QUADRATIC, m).accumulate(theta, x, y, 0, m, stacked);

        // ∂C/∂W^1 is 30×784, ∂C/∂b^1 30×1, ∂C/∂W^2 10×30, ∂C/∂b^2 10×1: never (n, n) from a broadcast slip.
        assertEquals(30 * 784, stacked.nablaW(1).length);
        assertEquals(30, stacked.nablaB(1).length);
        assertEquals(10 * 30, stacked.nablaW(2).length);
        assertEquals(10, stacked.nablaB(2).length);
        assertEquals(m, stacked.m());
        assertEqualsPerExampleSum(theta, Cost.QUADRATIC, x, y, m, stacked);
    }

    private static void assertEqualsPerExampleSum(Parameters theta, Cost cost, double[] x, double[] y, int m,
                                                  Gradient stacked) {
        int[] sizes = theta.sizes();
        int n0 = sizes[0];
        int nL = sizes[sizes.length - 1];
        for (int l = 1; l < sizes.length; l++) {
            double[] sumW = new double[stacked.nablaW(l).length];
            double[] sumB = new double[stacked.nablaB(l).length];
            for (int k = 0; k < m; k++) {
                double[][][] g = PerExample.backprop(theta, cost,
                        java.util.Arrays.copyOfRange(x, k * n0, (k + 1) * n0),
                        java.util.Arrays.copyOfRange(y, k * nL, (k + 1) * nL));
                for (int i = 0; i < sumW.length; i++) {
                    sumW[i] += g[1][l][i];
                }
                for (int i = 0; i < sumB.length; i++) {
                    sumB[i] += g[0][l][i];
                }
            }
            double errorW = relativeError(stacked.nablaW(l), sumW);
            double errorB = relativeError(stacked.nablaB(l), sumB);
            assertTrue(errorW < 1e-12, "∂C/∂W^" + l + " of " + java.util.Arrays.toString(sizes) + ": " + errorW);
            assertTrue(errorB < 1e-12, "∂C/∂b^" + l + " of " + java.util.Arrays.toString(sizes) + ": " + errorB);
        }
    }

    /**
     * Network [1, 1, 1] with W^1 = 0, b^1 = 0, W^2 = 2, b^2 = −1, one example x = 1, y = 1, quadratic cost.
     * By hand: z^1 = 0, a^1 = ½; z^2 = 2·½ − 1 = 0, a^2 = ½; C = ½(½ − 1)² = ⅛.
     * δ^2 = (a^2 − y) σ′(z^2) = (−½)(¼) = −⅛;  ∂C/∂b^2 = −⅛, ∂C/∂W^2 = δ^2 a^1 = −1/16.
     * δ^1 = W^2 δ^2 σ′(z^1) = 2(−⅛)(¼) = −1/16;  ∂C/∂b^1 = −1/16, ∂C/∂W^1 = δ^1 x = −1/16.
     * Every number is a binary fraction, so the kernel must hit them exactly.
     */
    @Test
    void knownAnswerWorkedByHand() {
        int[] sizes = {1, 1, 1};
        double[][] w = {null, {0}, {2}};
        double[][] b = {null, {0}, {-1}};
        Parameters theta = new Parameters(sizes, w, b);
        Gradient g = new Gradient(sizes);
        new Backprop(sizes, Cost.QUADRATIC, 1).accumulate(theta, new double[] {1}, new double[] {1}, 0, 1, g);
        assertArrayEquals(new double[] {-1.0 / 8}, g.nablaB(2));
        assertArrayEquals(new double[] {-1.0 / 16}, g.nablaW(2));
        assertArrayEquals(new double[] {-1.0 / 16}, g.nablaB(1));
        assertArrayEquals(new double[] {-1.0 / 16}, g.nablaW(1));
        assertEquals(1.0 / 8, g.cost());
        assertEquals(1, g.m());

        // Cross-entropy drops σ′ from BP1: δ^2 = a^2 − y = −½, so ∂C/∂b^2 = −½, ∂C/∂W^2 = −¼, C = ln 2.
        Gradient ce = new Gradient(sizes);
        new Backprop(sizes, Cost.CROSS_ENTROPY, 1).accumulate(theta, new double[] {1}, new double[] {1}, 0, 1, ce);
        assertArrayEquals(new double[] {-0.5}, ce.nablaB(2));
        assertArrayEquals(new double[] {-0.25}, ce.nablaW(2));
        assertArrayEquals(new double[] {-0.25}, ce.nablaB(1));    // 2 (−½)(¼)
        assertEquals(Math.log(2), ce.cost(), 1e-15);
    }

    @Test
    void mergingTwoBlocksEqualsOneBlock() {
        int[] sizes = {6, 4, 3};
        Parameters theta = Parameters.random(sizes, true, 11);
        double[] x = inputs(6, 20, 12);
        double[] y = oneHot(3, 20, 13);
        Backprop backprop = new Backprop(sizes, Cost.CROSS_ENTROPY, 4);   // grows as needed
        Gradient whole = new Gradient(sizes);
        backprop.accumulate(theta, x, y, 0, 20, whole);
        Gradient first = new Gradient(sizes);
        Gradient second = new Gradient(sizes);
        backprop.accumulate(theta, x, y, 0, 13, first);
        backprop.accumulate(theta, x, y, 13, 7, second);
        Gradient merged = first.merge(second);
        assertEquals(20, merged.m());
        assertEquals(whole.cost(), merged.cost(), 1e-12 * whole.cost());
        for (int l = 1; l <= 2; l++) {
            assertTrue(relativeError(merged.nablaW(l), whole.nablaW(l)) < 1e-12);
            assertTrue(relativeError(merged.nablaB(l), whole.nablaB(l)) < 1e-12);
        }
    }

    @Test
    void refusesBlocksThatDoNotFit() {
        int[] sizes = {4, 3, 2};
        Parameters theta = Parameters.random(sizes, false, 1);
        Backprop backprop = new Backprop(sizes, Cost.QUADRATIC, 2);
        Gradient g = new Gradient(sizes);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> backprop.accumulate(theta, new double[4 * 3], new double[2 * 3], 1, 3, g));
        assertTrue(e.getMessage().contains("do not fit"), e.getMessage());
        Parameters other = Parameters.random(new int[] {5, 3, 2}, false, 1);
        assertThrows(IllegalArgumentException.class,
                () -> backprop.accumulate(other, new double[5], new double[2], 0, 1, g));
    }
}
