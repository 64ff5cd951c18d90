package nabla.worker;

import java.util.Random;

/** Random blocks of examples for the tests: X with entries in [0, 1), Y one-hot. */
public final class Fixtures {
    private Fixtures() {
    }

    public static double[] inputs(int n0, int m, long seed) {
        Random rng = new Random(seed);
        double[] x = new double[n0 * m];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble();
        }
        return x;
    }

    public static double[] oneHot(int nL, int m, long seed) {
        Random rng = new Random(seed);
        double[] y = new double[nL * m];
        for (int k = 0; k < m; k++) {
            y[k * nL + rng.nextInt(nL)] = 1;
        }
        return y;
    }

    /** max |a − b| / max(|b|, tiny), over the whole arrays. */
    public static double relativeError(double[] a, double[] b) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return diff / Math.max(scale, 1e-300);
    }
}
