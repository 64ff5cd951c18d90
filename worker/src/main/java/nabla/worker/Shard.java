package nabla.worker;

import java.io.Serializable;

/**
 * One partition's examples, column-stacked once and kept: X (n_0 × N_p) and Y (n_L × N_p), column-major;
 * local column j is global example p + jP (see {@link MiniBatches}).
 *
 * <p>A shard is cached by Spark and reused by every step; the buffers backprop works in live beside it,
 * made on the executor the first time they are needed, and are never shipped. Calls on one shard are
 * serialised (a task attempt at a time).
 */
public final class Shard implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Columns per forward pass when scoring a whole shard. */
    private static final int SCORE_BLOCK = 1024;

    private final int partition;
    private final int inputs;
    private final int outputs;
    private final int count;
    private final double[] x;
    private final double[] y;

    /** One per (n_0 … n_L, cost) seen: a sweep steps models of several sizes and costs over one shard. */
    private transient java.util.List<Workspace> workspaces;

    /**
     * @param partition p
     * @param inputs    n_0
     * @param outputs   n_L
     * @param x         X, n_0 × N_p column-major (taken over, not copied)
     * @param y         Y, n_L × N_p column-major (taken over, not copied)
     */
    public Shard(int partition, int inputs, int outputs, double[] x, double[] y) {
        if (x.length % inputs != 0 || y.length % outputs != 0 || x.length / inputs != y.length / outputs) {
            throw new IllegalArgumentException("x holds " + x.length + " values and y " + y.length
                    + "; expected N columns of " + inputs + " and of " + outputs);
        }
        this.partition = partition;
        this.inputs = inputs;
        this.outputs = outputs;
        this.count = x.length / inputs;
        this.x = x;
        this.y = y;
    }

    public int partition() {
        return partition;
    }

    /** N_p, the number of examples (columns). */
    public int count() {
        return count;
    }

    /** n_0. */
    public int inputs() {
        return inputs;
    }

    /** n_L. */
    public int outputs() {
        return outputs;
    }

    /** X, n_0 × N_p. Read only. */
    public double[] x() {
        return x;
    }

    /** Y, n_L × N_p. Read only. */
    public double[] y() {
        return y;
    }

    /** Local columns [from, to) as a shard of their own (copies); the partition index is kept. */
    public Shard columns(int from, int to) {
        if (from < 0 || to > count || from > to) {
            throw new IllegalArgumentException("cannot take columns [" + from + ", " + to + ") of " + count);
        }
        return new Shard(partition, inputs, outputs, java.util.Arrays.copyOfRange(x, from * inputs, to * inputs),
                java.util.Arrays.copyOfRange(y, from * outputs, to * outputs));
    }

    /**
     * Σ∇C over this partition's share of step {@code step} of epoch {@code epoch}, with its count m and
     * cost: the partition's term of the global mini-batch gradient.
     */
    public synchronized Gradient gradient(Parameters theta, Cost cost, MiniBatches batches, int epoch, int step) {
        long start = System.nanoTime();
        Workspace w = workspace(theta, cost);
        Gradient sum = new Gradient(theta.sizes());
        int p = partition;
        if (!batches.shuffle()) {
            // examples [kB, min((k+1)B, N)) ∩ {i : i mod P = p} are local columns j0 .. j1−1
            int j0 = batches.firstLocalAtOrAfter(batches.start(step), p);
            int j1 = batches.firstLocalAtOrAfter(batches.end(step), p);
            w.backprop.accumulate(theta, x, y, j0, j1 - j0, sum);
        } else {
            int[] order = w.order(batches, epoch);
            int m = 0;
            int P = batches.partitions();
            for (int position = batches.start(step); position < batches.end(step); position++) {
                int i = order[position];
                if (i % P == p) {
                    w.gather(x, y, i / P, m++);
                }
            }
            w.backprop.accumulate(theta, w.xBatch, w.yBatch, 0, m, sum);
        }
        sum.timed(System.nanoTime() - start);
        return sum;
    }

    /** How θ does on every example of this shard: Σ C_x in its cost. */
    public Score score(Parameters theta, Cost cost) {
        return score(theta, cost, 1);
    }

    /**
     * How θ does on every example of this shard, with Σ C_x / n in its cost: each example's cost divided
     * before it is added, as network2.py's total_cost does, so that saturated examples (a cost near the
     * largest double, network2.py's nan_to_num) sum to a finite number where network2.py's does.
     *
     * @param n what each example's cost is divided by: the whole set's size for a mean
     */
    public synchronized Score score(Parameters theta, Cost cost, double n) {
        Backprop backprop = workspace(theta, cost).backprop;
        long correct = 0;
        double costSum = 0;
        for (int j0 = 0; j0 < count; j0 += SCORE_BLOCK) {
            int m = Math.min(SCORE_BLOCK, count - j0);
            double[] aL = backprop.feedforward(theta, x, j0, m);
            for (int k = 0; k < m; k++) {
                int offset = k * outputs;
                int yOffset = (j0 + k) * outputs;
                if (Score.argmax(aL, offset, outputs) == Score.argmax(y, yOffset, outputs)) {
                    correct++;
                }
                costSum += cost.ofColumn(aL, offset, y, yOffset, outputs) / n;     // C_x / n
            }
        }
        return new Score(correct, count, costSum);
    }

    private Workspace workspace(Parameters theta, Cost cost) {
        if (workspaces == null) {
            workspaces = new java.util.ArrayList<>(1);
        }
        for (Workspace w : workspaces) {
            if (w.cost == cost && java.util.Arrays.equals(w.sizes, theta.sizes())) {
                return w;
            }
        }
        Workspace w = new Workspace(theta.sizes(), cost);
        workspaces.add(w);
        return w;
    }

    /** What a partition works in: backprop's buffers, a gathered batch, the epoch's order. */
    private static final class Workspace {
        final Cost cost;
        final int[] sizes;
        final Backprop backprop;
        final int n0;
        final int nL;
        double[] xBatch = new double[0];
        double[] yBatch = new double[0];
        int[] order;
        int orderEpoch = -1;
        MiniBatches orderOf;

        Workspace(int[] sizes, Cost cost) {
            this.cost = cost;
            this.sizes = sizes;
            this.backprop = new Backprop(sizes, cost, 1);
            this.n0 = sizes[0];
            this.nL = sizes[sizes.length - 1];
        }

        int[] order(MiniBatches batches, int epoch) {
            if (epoch != orderEpoch || !batches.equals(orderOf)) {
                order = batches.order(epoch);
                orderEpoch = epoch;
                orderOf = batches;
            }
            return order;
        }

        /** Copies local column j of X and Y into column k of the gathered batch, growing it if needed. */
        void gather(double[] x, double[] y, int j, int k) {
            if ((k + 1) * n0 > xBatch.length) {
                xBatch = java.util.Arrays.copyOf(xBatch, Math.max((k + 1) * n0, 2 * xBatch.length));
                yBatch = java.util.Arrays.copyOf(yBatch, Math.max((k + 1) * nL, 2 * yBatch.length));
            }
            System.arraycopy(x, j * n0, xBatch, k * n0, n0);
            System.arraycopy(y, j * nL, yBatch, k * nL, nL);
        }
    }
}
