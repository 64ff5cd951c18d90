package nabla.worker;

/**
 * The oracle: network.py's backprop, one example at a time, in plain loops (no BLAS, no column
 * stacking), as the seed notebook's closing cells checked the matrix form against it.
 */
public final class PerExample {
    private PerExample() {
    }

    /** ∇_b C_x and ∇_W C_x for one example x (n_0) with target y (n_L); returns {nablaB, nablaW} per layer. */
    public static double[][][] backprop(Parameters theta, Cost cost, double[] x, double[] y) {
        int L = theta.layers();
        double[][] activations = new double[L + 1][];
        double[][] zs = new double[L + 1][];
        activations[0] = x;
        for (int l = 1; l <= L; l++) {                               // z = w·a + b; a = σ(z)
            int rows = theta.size(l);
            int cols = theta.size(l - 1);
            zs[l] = new double[rows];
            activations[l] = new double[rows];
            for (int j = 0; j < rows; j++) {
                double z = theta.b(l)[j];
                for (int k = 0; k < cols; k++) {
                    z += theta.w(l, j, k) * activations[l - 1][k];
                }
                zs[l][j] = z;
                activations[l][j] = 1 / (1 + Math.exp(-z));
            }
        }
        double[][] nablaB = new double[L + 1][];
        double[][] nablaW = new double[L + 1][];
        double[] delta = new double[theta.size(L)];
        for (int j = 0; j < delta.length; j++) {                    // δ = cost_derivative ⊙ σ′(z)
            double a = activations[L][j];
            double sp = sigmoidPrime(zs[L][j]);
            delta[j] = cost == Cost.QUADRATIC ? (a - y[j]) * sp : a - y[j];
        }
        for (int l = L; l >= 1; l--) {
            int rows = theta.size(l);
            int cols = theta.size(l - 1);
            nablaB[l] = delta.clone();                               // ∇_b = δ
            nablaW[l] = new double[rows * cols];                     // ∇_w = δ a^{l−1}ᵀ
            for (int k = 0; k < cols; k++) {
                for (int j = 0; j < rows; j++) {
                    nablaW[l][j + k * rows] = delta[j] * activations[l - 1][k];
                }
            }
            if (l > 1) {                                             // δ ← wᵀδ ⊙ σ′(z^{l−1})
                double[] previous = new double[cols];
                for (int k = 0; k < cols; k++) {
                    double s = 0;
                    for (int j = 0; j < rows; j++) {
                        s += theta.w(l, j, k) * delta[j];
                    }
                    previous[k] = s * sigmoidPrime(zs[l - 1][k]);
                }
                delta = previous;
            }
        }
        double[][][] result = new double[2][][];
        result[0] = nablaB;
        result[1] = nablaW;
        return result;
    }

    /** network.py's update_mini_batch: θ ← θ − (η/m) Σ_x ∇C_x over columns j0..j0+m−1. */
    public static Parameters updateMiniBatch(Parameters theta, Cost cost, double eta,
                                      double[] x, double[] y, int j0, int m) {
        int n0 = theta.size(0);
        int nL = theta.size(theta.layers());
        Parameters next = theta.copy();
        double[][] sumB = new double[theta.layers() + 1][];
        double[][] sumW = new double[theta.layers() + 1][];
        for (int l = 1; l <= theta.layers(); l++) {
            sumB[l] = new double[theta.size(l)];
            sumW[l] = new double[theta.w(l).length];
        }
        for (int k = j0; k < j0 + m; k++) {
            double[] xk = java.util.Arrays.copyOfRange(x, k * n0, (k + 1) * n0);
            double[] yk = java.util.Arrays.copyOfRange(y, k * nL, (k + 1) * nL);
            double[][][] g = backprop(theta, cost, xk, yk);
            for (int l = 1; l <= theta.layers(); l++) {
                add(sumB[l], g[0][l]);
                add(sumW[l], g[1][l]);
            }
        }
        for (int l = 1; l <= theta.layers(); l++) {
            for (int i = 0; i < sumW[l].length; i++) {
                next.w(l)[i] -= eta / m * sumW[l][i];
            }
            for (int i = 0; i < sumB[l].length; i++) {
                next.b(l)[i] -= eta / m * sumB[l][i];
            }
        }
        return next;
    }

    static double sigmoidPrime(double z) {
        double s = 1 / (1 + Math.exp(-z));
        return s * (1 - s);
    }

    private static void add(double[] sum, double[] x) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += x[i];
        }
    }
}
