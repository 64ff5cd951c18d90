package nabla.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each term of the update rule against a step worked out by hand, and the plain rule kept bit for bit. */
class SgdTest {
    private static final double EXACT = 1e-15;

    /** A [1, 1] network: one weight w and one bias b. */
    private static Parameters theta(double w, double b) {
        return new Parameters(new int[] {1, 1}, new double[][] {null, {w}}, new double[][] {null, {b}});
    }

    /** Σ∂C/∂w, Σ∂C/∂b over m examples. */
    private static Gradient sum(double nablaW, double nablaB, int m) {
        Gradient g = new Gradient(new int[] {1, 1});
        g.nablaW[1][0] = nablaW;
        g.nablaB[1][0] = nablaB;
        g.count(m, 0, 0);
        return g;
    }

    @Test
    void plainStep() {
        // w = 2 − (0.5/2)·4 = 1;  b = 1 − (0.5/2)·2 = 0.5
        Parameters next = new Sgd(0.5).update(theta(2, 1), sum(4, 2, 2));
        assertEquals(1.0, next.w(1)[0], EXACT);
        assertEquals(0.5, next.b(1)[0], EXACT);
    }

    @Test
    void l2DecaysWeightsByOneMinusEtaLambdaOverN() {
        // η 0.5, λ 10, n 100: w = (1 − 0.5·10/100)·2 − (0.5/2)·4 = 0.95·2 − 1 = 0.9;  b is not decayed: 0.5
        Parameters next = new Sgd(0.5, 10, 100, 0).update(theta(2, 1), sum(4, 2, 2));
        assertEquals(0.9, next.w(1)[0], EXACT);
        assertEquals(0.5, next.b(1)[0], EXACT);
    }

    @Test
    void momentumCarriesTheVelocity() {
        Sgd sgd = new Sgd(1, 0, 1, 0.5);
        // step 1 from rest: v = −(1/1)·2 = −2, w = 3 − 2 = 1;  u = −(1/1)·1 = −1, b = 1 − 1 = 0
        Parameters one = sgd.update(theta(3, 1), sum(2, 1, 1));
        assertEquals(1.0, one.w(1)[0], EXACT);
        assertEquals(0.0, one.b(1)[0], EXACT);
        // step 2: v = 0.5·(−2) − 4 = −5, w = 1 − 5 = −4;  u = 0.5·(−1) − 2 = −2.5, b = 0 − 2.5 = −2.5
        Parameters two = sgd.update(one, sum(4, 2, 1));
        assertEquals(-4.0, two.w(1)[0], EXACT);
        assertEquals(-2.5, two.b(1)[0], EXACT);
        assertEquals(-5.0, sgd.state().velocity().w(1)[0], EXACT);
        assertEquals(-2.5, sgd.state().velocity().b(1)[0], EXACT);
    }

    @Test
    void momentumFollowsTheRegularisedGradient() {
        Sgd sgd = new Sgd(0.5, 10, 100, 0.5);
        // step 1: v = −(0.05)·2 − (0.5/2)·4 = −1.1, w = 2 − 1.1 = 0.9 (the L2 step: μ has nothing to carry yet)
        Parameters one = sgd.update(theta(2, 1), sum(4, 2, 2));
        assertEquals(0.9, one.w(1)[0], EXACT);
        // step 2: v = 0.5·(−1.1) − 0.05·0.9 − (0.5/2)·4 = −0.55 − 0.045 − 1 = −1.595, w = 0.9 − 1.595 = −0.695
        Parameters two = sgd.update(one, sum(4, 0, 2));
        assertEquals(-0.695, two.w(1)[0], EXACT);
        // biases: u = −0.25·2 = −0.5, b = 0.5; then u = 0.5·(−0.5) − 0 = −0.25, b = 0.25 (no decay)
        assertEquals(0.25, two.b(1)[0], EXACT);
    }

    @Test
    void zeroMomentumAndZeroLambdaAreThePlainRuleBitForBit() {
        int[] sizes = {6, 4, 3};
        Random rng = new Random(7);
        Parameters theta = Parameters.random(sizes, false, 3);
        Parameters reference = theta;
        Sgd sgd = new Sgd(0.3, 0, 1000, 0);
        for (int step = 0; step < 5; step++) {
            Gradient g = new Gradient(sizes);
            for (int l = 1; l < sizes.length; l++) {
                for (int i = 0; i < g.nablaW[l].length; i++) {
                    g.nablaW[l][i] = rng.nextGaussian();
                }
                for (int j = 0; j < g.nablaB[l].length; j++) {
                    g.nablaB[l][j] = rng.nextGaussian();
                }
            }
            g.count(1 + step, 0, 0);
            theta = sgd.update(theta, g);
            reference = plainStep(reference, g, 0.3);
            assertEquals(reference, theta, "step " + step);         // Parameters.equals compares every bit
        }
        assertNull(sgd.state().velocity(), "μ = 0 keeps no velocity");
    }

    /** θ ← θ − (η/m) Σ∇, written out independently of Sgd. */
    private static Parameters plainStep(Parameters theta, Gradient g, double eta) {
        Parameters next = theta.copy();
        for (int l = 1; l <= theta.layers(); l++) {
            for (int i = 0; i < next.w(l).length; i++) {
                next.w(l)[i] -= eta / g.m() * g.nablaW(l)[i];
            }
            for (int j = 0; j < next.b(l).length; j++) {
                next.b(l)[j] -= eta / g.m() * g.nablaB(l)[j];
            }
        }
        return next;
    }

    @Test
    void aNewEtaTakesEffectOnTheNextStep() {
        Sgd sgd = new Sgd(0.5);
        sgd.setEta(0.25);
        // w = 2 − (0.25/2)·4 = 1.5
        assertEquals(1.5, sgd.update(theta(2, 1), sum(4, 2, 2)).w(1)[0], EXACT);
        assertThrows(IllegalArgumentException.class, () -> sgd.setEta(0));
    }

    @Test
    void aRestoredStateContinuesExactlyAsTheOriginal() {
        Sgd original = new Sgd(0.5, 1, 10, 0.9);
        Parameters theta = original.update(theta(2, 1), sum(4, 2, 2));
        original.setEta(0.125);
        Sgd.State saved = original.state();
        Parameters continued = original.update(theta, sum(-1, 3, 2));

        Sgd resumed = new Sgd(0.5, 1, 10, 0.9);
        resumed.restore(saved);
        assertEquals(continued, resumed.update(theta, sum(-1, 3, 2)));
        assertNotEquals(continued, new Sgd(0.125, 1, 10, 0.9).update(theta, sum(-1, 3, 2)),
                "without the velocity the step differs");
    }

    @Test
    void rejectsOutOfRangeSettings() {
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.5, -1, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.5, 0, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.5, 0, 0, 0));
    }
}
