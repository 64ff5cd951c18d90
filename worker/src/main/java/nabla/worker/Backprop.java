package nabla.worker;

/**
 * Column-stacked backpropagation: the equations of chapter 2 for a whole block of m examples at once.
 *
 * <p>Shapes (n_l neurons in layer l = 0..L, m examples; rows are neurons, columns are examples; every
 * matrix a column-major double[]):
 * <pre>
 *   X = A^0   n_0 × m      Y         n_L × m
 *   W^l       n_l × n_{l−1}  b^l     n_l × 1
 *   Z^l, A^l, Δ^l          n_l × m   (l = 1..L)
 * </pre>
 *
 * <p>An instance owns the buffers Z^l, A^l and Δ^l for up to {@link #capacity()} columns and reuses them
 * from step to step; it grows them only when a larger block arrives. Not thread-safe: one per partition.
 */
public final class Backprop {
    private final int[] n;
    private final int L;
    private final Cost cost;
    private int capacity;
    private double[][] Z;
    private double[][] A;
    private double[][] delta;

    /** Buffers for blocks of up to {@code capacity} examples of the network {@code sizes}. */
    public Backprop(int[] sizes, Cost cost, int capacity) {
        Parameters.checkSizes(sizes);
        this.n = sizes.clone();
        this.L = sizes.length - 1;
        this.cost = cost;
        allocate(Math.max(1, capacity));
    }

    /** The largest block the buffers hold without growing. */
    public int capacity() {
        return capacity;
    }

    /** The shape of each buffer the kernel allocates for a block of {@code m}: rows × columns of Z^l (= A^l = Δ^l). */
    public int[][] bufferShapes(int m) {
        int[][] shapes = new int[L + 1][];
        for (int l = 1; l <= L; l++) {
            shapes[l] = new int[] {n[l], m};
        }
        return shapes;
    }

    /**
     * Adds the gradient of the cost over m examples to {@code sum}: Σ_x ∇_W C_x and Σ_x ∇_b C_x, the cost,
     * the count and how many of them θ classifies right. The examples are columns {@code j0 .. j0+m−1} of {@code x} (n_0 rows) and of {@code y}
     * (n_L rows); neither is modified.
     */
    public void accumulate(Parameters theta, double[] x, double[] y, int j0, int m, Gradient sum) {
        checkBlock(theta, x, y, j0, m);
        if (m == 0) {
            return;
        }
        ensureCapacity(m);
        int xOffset = j0 * n[0];
        int yOffset = j0 * n[L];
        forward(theta, x, xOffset, m);

        // BP1: Δ^L = ∇_A C ⊙ σ′(Z^L), with σ′(Z^L) = A^L ⊙ (1 − A^L)                     [n_L × m]
        //      quadratic: Δ^L = (A^L − Y) ⊙ σ′(Z^L);  cross-entropy: Δ^L = A^L − Y
        // BP3: ∂C/∂b^l = Δ^l 1  (a sum over the m columns) is added as each Δ^l is formed: for l = L
        //      in this pass, for l < L in BP2's                                                [n_l × 1]
        double costSum = 0;
        int correct = 0;
        double[] aL = A[L];
        double[] dL = delta[L];
        double[] nablaBL = sum.nablaB[L];
        for (int k = 0, base = 0; k < m; k++, base += n[L]) {
            for (int j = 0; j < n[L]; j++) {
                double d = cost.outputError(aL[base + j], y[yOffset + base + j]);
                dL[base + j] = d;
                nablaBL[j] += d;                                       // ∂C/∂b^L += Δ^L 1
            }
            costSum += cost.ofColumn(aL, base, y, yOffset + base, n[L]);   // Σ_x C_x
            if (Score.argmax(aL, base, n[L]) == Score.argmax(y, yOffset + base, n[L])) {
                correct++;                                              // classified right before the step
            }
        }
        sum.count(m, costSum, correct);

        for (int l = L; l >= 1; l--) {
            double[] aPrev = l == 1 ? x : A[l - 1];
            int aPrevOffset = l == 1 ? xOffset : 0;
            double[] d = delta[l];

            // BP4: ∂C/∂W^l = Δ^l (A^{l−1})ᵀ  (one product sums the m examples)               [n_l × n_{l−1}]
            Blas.gemm(false, true, n[l], n[l - 1], m,
                    1.0, d, 0, n[l], aPrev, aPrevOffset, n[l - 1],
                    1.0, sum.nablaW[l], 0, n[l]);

            if (l > 1) {
                // BP2: Δ^{l−1} = (W^l)ᵀ Δ^l ⊙ σ′(Z^{l−1})                                          [n_{l−1} × m]
                double[] dPrev = delta[l - 1];
                Blas.gemm(true, false, n[l - 1], m, n[l],
                        1.0, theta.w(l), 0, n[l], d, 0, n[l],
                        0.0, dPrev, 0, n[l - 1]);                      // (W^l)ᵀ Δ^l
                // and BP3 for layer l−1 in the same pass: ∂C/∂b^{l−1} = Δ^{l−1} 1                  [n_{l−1} × 1]
                double[] a = A[l - 1];
                double[] nablaB = sum.nablaB[l - 1];
                for (int k = 0, base = 0, rows = n[l - 1]; k < m; k++, base += rows) {
                    for (int j = 0; j < rows; j++) {
                        int i = base + j;
                        double dz = dPrev[i] * a[i] * (1 - a[i]);     // ⊙ σ′(Z^{l−1}) = A^{l−1} ⊙ (1 − A^{l−1})
                        dPrev[i] = dz;
                        nablaB[j] += dz;                               // ∂C/∂b^{l−1} += Δ^{l−1} 1
                    }
                }
            }
        }
    }

    /**
     * The forward pass alone: A^L for columns {@code j0 .. j0+m−1} of {@code x}, into the buffer this
     * returns (n_L × m, column-major; valid until the next call).
     */
    public double[] feedforward(Parameters theta, double[] x, int j0, int m) {
        checkBlock(theta, x, null, j0, m);
        ensureCapacity(m);
        forward(theta, x, j0 * n[0], m);
        return A[L];
    }

    /** Σ_x C_x over columns {@code j0 .. j0+m−1} of x and y, from a forward pass. */
    public double cost(Parameters theta, double[] x, double[] y, int j0, int m) {
        double[] aL = feedforward(theta, x, j0, m);
        double c = 0;
        for (int k = 0, yOffset = j0 * n[L]; k < m; k++) {
            c += cost.ofColumn(aL, k * n[L], y, yOffset + k * n[L], n[L]);
        }
        return c;
    }

    /** Z^l and A^l for l = 1..L, from A^0 = the m columns of x starting at xOffset. */
    private void forward(Parameters theta, double[] x, int xOffset, int m) {
        for (int l = 1; l <= L; l++) {
            double[] aPrev = l == 1 ? x : A[l - 1];
            int aPrevOffset = l == 1 ? xOffset : 0;
            double[] z = Z[l];
            double[] b = theta.b(l);

            // Z^l = W^l A^{l−1} + b^l 1ᵀ                                                       [n_l × m]
            Blas.gemm(false, false, n[l], m, n[l - 1],
                    1.0, theta.w(l), 0, n[l], aPrev, aPrevOffset, n[l - 1],
                    0.0, z, 0, n[l]);                                  // Z^l ← W^l A^{l−1}
            // A^l = σ(Z^l) = 1 / (1 + e^{−Z^l}), adding b^l 1ᵀ to Z^l in the same pass           [n_l × m]
            double[] a = A[l];
            for (int k = 0, base = 0; k < m; k++, base += n[l]) {
                for (int j = 0; j < n[l]; j++) {
                    double zj = z[base + j] + b[j];                    // Z^l += b^l 1ᵀ
                    z[base + j] = zj;
                    a[base + j] = sigmoid(zj);
                }
            }
        }
    }

    /** σ(z) = 1 / (1 + e^{−z}). */
    public static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private void checkBlock(Parameters theta, double[] x, double[] y, int j0, int m) {
        for (int l = 0; l <= L; l++) {
            if (theta.size(l) != n[l]) {
                throw new IllegalArgumentException("θ has " + theta.size(l) + " neurons in layer " + l
                        + "; this kernel was built for " + n[l]);
            }
        }
        if (j0 < 0 || m < 0 || (long) (j0 + m) * n[0] > x.length) {
            throw new IllegalArgumentException("columns " + j0 + ".." + (j0 + m - 1) + " do not fit in x of "
                    + x.length + " values (" + x.length / n[0] + " columns of " + n[0] + ")");
        }
        if (y != null && (long) (j0 + m) * n[L] > y.length) {
            throw new IllegalArgumentException("columns " + j0 + ".." + (j0 + m - 1) + " do not fit in y of "
                    + y.length + " values (" + y.length / n[L] + " columns of " + n[L] + ")");
        }
    }

    private void ensureCapacity(int m) {
        if (m > capacity) {
            allocate(Math.max(m, 2 * capacity));
        }
    }

    private void allocate(int columns) {
        capacity = columns;
        Z = new double[L + 1][];
        A = new double[L + 1][];
        delta = new double[L + 1][];
        for (int l = 1; l <= L; l++) {
            Z[l] = new double[n[l] * columns];
            A[l] = new double[n[l] * columns];
            delta[l] = new double[n[l] * columns];
        }
    }
}
