package nabla.worker;

/**
 * Inference: the forward pass alone, a^L = σ(W^L σ(… σ(W^1 x + b^1) …) + b^L) for blocks of columns, and
 * the class a network predicts, argmax_j a^L_j. Scoring ({@link Shard#score}), the confusion matrix
 * ({@link Shard#confusion}) and predictions all go through it. No cost takes part.
 *
 * <p>Shapes as in {@link Backprop}: X = A^0 is n_0 × m, Z^l and A^l are n_l × m. An instance owns Z^l and
 * A^l for up to {@link #BLOCK} columns. Not thread-safe: one per partition.
 */
public final class Feedforward {
    /** Columns per forward pass when a whole set is classified. */
    public static final int BLOCK = 1024;

    private final int[] n;
    private final double[][] Z;
    private final double[][] A;

    /** Buffers for blocks of up to {@link #BLOCK} examples of the network {@code sizes}. */
    public Feedforward(int[] sizes) {
        Parameters.checkSizes(sizes);
        this.n = sizes.clone();
        Z = new double[n.length][];
        A = new double[n.length][];
        for (int l = 1; l < n.length; l++) {
            Z[l] = new double[n[l] * BLOCK];
            A[l] = new double[n[l] * BLOCK];
        }
    }

    /**
     * A^L for columns {@code j0 .. j0+m−1} of {@code x} (m ≤ {@link #BLOCK}), into the buffer this returns
     * (n_L × m, column-major; valid until the next call).
     */
    public double[] outputs(Parameters theta, double[] x, int j0, int m) {
        Backprop.checkBlock(n, theta, x, null, j0, m);
        if (m > BLOCK) {
            throw new IllegalArgumentException("a block of " + m + " columns; at most " + BLOCK);
        }
        Backprop.forward(theta, n, x, j0 * n[0], m, Z, A);
        return A[n.length - 1];
    }

    /** The predicted class: the index of the largest of v[offset .. offset+n−1], the first on ties (numpy's argmax). */
    public static int argmax(double[] v, int offset, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (v[offset + j] > v[offset + best]) {
                best = j;
            }
        }
        return best;
    }
}
