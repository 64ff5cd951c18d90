package nabla.worker;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;

/**
 * The gradient accumulator: Σ∇_W C, Σ∇_b C and Σ C over the examples seen, and their count m.
 *
 * <p>Shapes as in {@link Parameters}: {@code nablaW[l]} is n_l × n_{l−1} column-major, {@code nablaB[l]} is
 * n_l, for l = 1..L. Partitions return sums, never means: the driver divides once by the true m of the
 * global mini-batch. {@link Backprop#accumulate} adds a block of examples into one (an aggregate's seqOp);
 * {@link #merge} adds another accumulator (its combOp).
 */
public final class Gradient implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int[] sizes;
    final double[][] nablaW;
    final double[][] nablaB;
    private long m;
    private double cost;
    private long correct;
    private long computeNanos;

    /** Σ over no examples: zeros in the shapes of {@code sizes}. */
    public Gradient(int[] sizes) {
        Parameters.checkSizes(sizes);
        this.sizes = sizes.clone();
        int layers = sizes.length - 1;
        nablaW = new double[layers + 1][];
        nablaB = new double[layers + 1][];
        for (int l = 1; l <= layers; l++) {
            nablaW[l] = new double[sizes[l] * sizes[l - 1]];
            nablaB[l] = new double[sizes[l]];
        }
    }

    /** m, the number of examples summed. */
    public long m() {
        return m;
    }

    /** Σ C over the m examples (without any regularisation term). */
    public double cost() {
        return cost;
    }

    /** How many of the m examples θ classified right (argmax of a^L is y's class), as the forward pass found them. */
    public long correct() {
        return correct;
    }

    /**
     * Nanoseconds the partitions spent computing these sums (backprop, and gathering a shuffled batch),
     * summed over the partitions like the sums themselves: CPU time on the executors, not wall time.
     */
    public long computeNanos() {
        return computeNanos;
    }

    /** Adds {@code nanos} of compute to {@link #computeNanos()}. */
    void timed(long nanos) {
        computeNanos += nanos;
    }

    /** n_0, …, n_L (a copy). */
    public int[] sizes() {
        return sizes.clone();
    }

    /** Σ ∂C/∂W^l, n_l × n_{l−1} column-major. Read only. */
    public double[] nablaW(int l) {
        return nablaW[l];
    }

    /** Σ ∂C/∂b^l, n_l. Read only. */
    public double[] nablaB(int l) {
        return nablaB[l];
    }

    /**
     * Counts {@code examples} more examples whose cost sums to {@code costSum}, {@code right} of them
     * classified right; the kernel adds their ∇.
     */
    void count(int examples, double costSum, int right) {
        m += examples;
        cost += costSum;
        correct += right;
    }

    /** this ← this + other, in place (the combOp of an aggregate). Returns this. */
    public Gradient merge(Gradient other) {
        if (!java.util.Arrays.equals(sizes, other.sizes)) {
            throw new IllegalArgumentException("cannot merge gradients of networks "
                    + java.util.Arrays.toString(sizes) + " and " + java.util.Arrays.toString(other.sizes));
        }
        for (int l = 1; l < sizes.length; l++) {
            addInto(nablaW[l], other.nablaW[l]);
            addInto(nablaB[l], other.nablaB[l]);
        }
        m += other.m;
        cost += other.cost;
        correct += other.correct;
        computeNanos += other.computeNanos;
        return this;
    }

    /** Zeros every sum and the count, keeping the arrays (for a buffer reused step after step). */
    public void clear() {
        for (int l = 1; l < sizes.length; l++) {
            java.util.Arrays.fill(nablaW[l], 0);
            java.util.Arrays.fill(nablaB[l], 0);
        }
        m = 0;
        cost = 0;
        correct = 0;
        computeNanos = 0;
    }

    private static void addInto(double[] sum, double[] x) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += x[i];
        }
    }

    /** Serialized with its sums packed ({@link PackedDoubles}); see {@link Serialized}. */
    private Object writeReplace() {
        return new Serialized(sizes, PackedDoubles.pack(nablaW, nablaB), m, cost, correct, computeNanos);
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a Gradient is read through its Serialized form");
    }

    /** The serialized form: n_0 … n_L, every Σ∂C/∂W^l and Σ∂C/∂b^l as packed doubles, m, Σ C, correct, nanoseconds. */
    private record Serialized(int[] sizes, byte[] sums, long m, double cost, long correct, long computeNanos)
            implements Serializable {
        private Object readResolve() {
            Gradient gradient = new Gradient(sizes);
            PackedDoubles.unpack(sums, gradient.nablaW, gradient.nablaB);
            gradient.m = m;
            gradient.cost = cost;
            gradient.correct = correct;
            gradient.computeNanos = computeNanos;
            return gradient;
        }
    }
}
