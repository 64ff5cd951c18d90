package nabla.worker;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Random;

/**
 * θ: the weights and biases of a fully connected network with layer sizes n_0, n_1, …, n_L.
 *
 * <p>Shapes (l = 1..L; the input layer is l = 0, the book's layer 1): {@code w[l]} is W^l, n_l × n_{l−1},
 * stored column-major (element (j, k) at {@code w[l][j + k * n_l]}, the layout of MLlib's DenseMatrix
 * and of BLAS); {@code b[l]} is b^l, n_l × 1.
 *
 * <p>A value object: it crosses the wire as a broadcast, and nothing writes into it after it is built.
 */
public final class Parameters implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int[] sizes;
    private final double[][] w;
    private final double[][] b;

    /** Wraps the given arrays (taken over, not copied); checks every shape against {@code sizes}. */
    public Parameters(int[] sizes, double[][] w, double[][] b) {
        checkSizes(sizes);
        int layers = sizes.length - 1;
        if (w.length != layers + 1 || b.length != layers + 1) {
            throw new IllegalArgumentException("expected " + layers + " weight and bias layers (indexed 1.."
                    + layers + "), got arrays of length " + w.length + " and " + b.length);
        }
        for (int l = 1; l <= layers; l++) {
            if (w[l].length != sizes[l] * sizes[l - 1]) {
                throw new IllegalArgumentException("W^" + l + " has " + w[l].length + " entries; "
                        + sizes[l] + " × " + sizes[l - 1] + " needs " + sizes[l] * sizes[l - 1]);
            }
            if (b[l].length != sizes[l]) {
                throw new IllegalArgumentException("b^" + l + " has " + b[l].length + " entries; layer "
                        + l + " has " + sizes[l] + " neurons");
            }
        }
        this.sizes = sizes.clone();
        this.w = w;
        this.b = b;
    }

    /**
     * network.py's initialisation: every weight and bias drawn from N(0, 1), or, when {@code scaled}
     * (network2.py's default_weight_initializer), weights from N(0, 1/n_{l−1}). Deterministic in the seed.
     */
    public static Parameters random(int[] sizes, boolean scaled, long seed) {
        checkSizes(sizes);
        Random rng = new Random(seed);
        int layers = sizes.length - 1;
        double[][] w = new double[layers + 1][];
        double[][] b = new double[layers + 1][];
        for (int l = 1; l <= layers; l++) {
            b[l] = new double[sizes[l]];
            for (int j = 0; j < sizes[l]; j++) {
                b[l][j] = rng.nextGaussian();
            }
        }
        for (int l = 1; l <= layers; l++) {
            double sd = scaled ? 1 / Math.sqrt(sizes[l - 1]) : 1;
            w[l] = new double[sizes[l] * sizes[l - 1]];
            for (int i = 0; i < w[l].length; i++) {
                w[l][i] = sd * rng.nextGaussian();
            }
        }
        return new Parameters(sizes, w, b);
    }

    /** All zeros, in the shapes of {@code sizes}: the zero of an accumulator. */
    public static Parameters zeros(int[] sizes) {
        checkSizes(sizes);
        int layers = sizes.length - 1;
        double[][] w = new double[layers + 1][];
        double[][] b = new double[layers + 1][];
        for (int l = 1; l <= layers; l++) {
            w[l] = new double[sizes[l] * sizes[l - 1]];
            b[l] = new double[sizes[l]];
        }
        return new Parameters(sizes, w, b);
    }

    /** Rejects fewer than two layers or a layer with fewer than one neuron, naming the culprit. */
    public static void checkSizes(int[] sizes) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("a network needs at least 2 layer sizes (input and output), got "
                    + sizes.length);
        }
        for (int l = 0; l < sizes.length; l++) {
            if (sizes[l] < 1) {
                throw new IllegalArgumentException("layer " + l + " has size " + sizes[l] + "; sizes must be ≥ 1");
            }
        }
    }

    /** n_0, …, n_L (a copy). */
    public int[] sizes() {
        return sizes.clone();
    }

    /** n_l. */
    public int size(int l) {
        return sizes[l];
    }

    /** L, the number of weight layers. */
    public int layers() {
        return sizes.length - 1;
    }

    /** W^l, n_l × n_{l−1}, column-major. Read only. */
    public double[] w(int l) {
        return w[l];
    }

    /** b^l, n_l. Read only. */
    public double[] b(int l) {
        return b[l];
    }

    /** W^l(j, k), the weight from neuron k of layer l−1 to neuron j of layer l. */
    public double w(int l, int j, int k) {
        return w[l][j + k * sizes[l]];
    }

    /** The number of scalars in θ: Σ_l n_l (n_{l−1} + 1). */
    public int count() {
        int c = 0;
        for (int l = 1; l < sizes.length; l++) {
            c += sizes[l] * (sizes[l - 1] + 1);
        }
        return c;
    }

    /** A deep copy whose arrays the caller may write. */
    public Parameters copy() {
        double[][] w2 = new double[w.length][];
        double[][] b2 = new double[b.length][];
        for (int l = 1; l < w.length; l++) {
            w2[l] = w[l].clone();
            b2[l] = b[l].clone();
        }
        return new Parameters(sizes, w2, b2);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parameters p && Arrays.equals(sizes, p.sizes)
                && Arrays.deepEquals(w, p.w) && Arrays.deepEquals(b, p.b);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(w) * 31 + Arrays.deepHashCode(b);
    }

    /** Serialized as its sizes and its values packed ({@link PackedDoubles}); see {@link Serialized}. */
    private Object writeReplace() {
        return new Serialized(sizes, PackedDoubles.pack(w, b));
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("Parameters are read through their Serialized form");
    }

    /** The serialized form: n_0 … n_L, then every W^l and b^l as packed doubles. */
    private record Serialized(int[] sizes, byte[] values) implements Serializable {
        private Object readResolve() {
            Parameters theta = zeros(sizes);
            PackedDoubles.unpack(values, theta.w, theta.b);
            return theta;
        }
    }
}
