package nabla.worker;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One partition's examples, kept lean and reused by every step: X (n_0 × N_p) as the data gave it (bytes,
 * floats or doubles; see {@link Inputs}) and each example's class, 0..n_L−1. Local column j is global
 * example p + jP (see {@link MiniBatches}).
 *
 * <p>A step stacks only its own columns as doubles, in buffers that live beside the shard: x = v / s into
 * X_batch (n_0 × m) and the one-hot y = e_class into Y_batch (n_L × m), then runs column-stacked backprop
 * on them. The buffers are made on the executor the first time they are needed, grow to the largest step,
 * and are never shipped. Calls on one shard are serialised (a task attempt at a time).
 */
public final class Shard implements Serializable {
    private static final long serialVersionUID = 2L;

    private final int partition;
    private final int outputs;
    private final Inputs x;
    private final int[] labels;

    /** One per n_0 … n_L seen: a sweep steps models of several sizes over one shard. */
    private transient List<Workspace> workspaces;

    /**
     * @param partition p
     * @param x         X, n_0 × N_p (taken over, not copied)
     * @param labels    each column's class, 0..n_L−1 (taken over, not copied)
     * @param outputs   n_L
     */
    public Shard(int partition, Inputs x, int[] labels, int outputs) {
        if (x.count() != labels.length) {
            throw new IllegalArgumentException("x holds " + x.count() + " columns but there are " + labels.length
                    + " labels");
        }
        for (int j = 0; j < labels.length; j++) {
            if (labels[j] < 0 || labels[j] >= outputs) {
                throw new IllegalArgumentException("column " + j + " has class " + labels[j] + "; the output layer has "
                        + outputs);
            }
        }
        this.partition = partition;
        this.outputs = outputs;
        this.x = x;
        this.labels = labels;
    }

    /**
     * A shard from doubles: X (n_0 × N_p) and a one-hot Y (n_L × N_p), column-major, as tests and benchmarks
     * write them. Y must be one-hot.
     */
    public static Shard ofOneHot(int partition, int inputs, int outputs, double[] x, double[] y) {
        if (y.length % outputs != 0 || x.length != y.length / outputs * inputs) {
            throw new IllegalArgumentException("x holds " + x.length + " values and y " + y.length
                    + "; expected N columns of " + inputs + " and of " + outputs);
        }
        int[] labels = new int[y.length / outputs];
        for (int j = 0; j < labels.length; j++) {
            labels[j] = Feedforward.argmax(y, j * outputs, outputs);
            for (int c = 0; c < outputs; c++) {
                if (y[j * outputs + c] != (c == labels[j] ? 1 : 0)) {
                    throw new IllegalArgumentException("column " + j + " of y is not one-hot");
                }
            }
        }
        return new Shard(partition, Inputs.doubles(inputs, 1, x), labels, outputs);
    }

    public int partition() {
        return partition;
    }

    /** N_p, the number of examples (columns). */
    public int count() {
        return labels.length;
    }

    /** n_0. */
    public int inputs() {
        return x.rows();
    }

    /** n_L. */
    public int outputs() {
        return outputs;
    }

    /** X as stored. */
    public Inputs x() {
        return x;
    }

    /** Each column's class. Read only. */
    public int[] labels() {
        return labels;
    }

    /** Local columns [from, to) as a shard of their own (copies); the partition index is kept. */
    public Shard columns(int from, int to) {
        if (from < 0 || to > count() || from > to) {
            throw new IllegalArgumentException("cannot take columns [" + from + ", " + to + ") of " + count());
        }
        return new Shard(partition, x.columns(from, to), Arrays.copyOfRange(labels, from, to), outputs);
    }

    /**
     * Σ∇C over this partition's share of step {@code step} of epoch {@code epoch}, with its count m and
     * cost: the partition's term of the global mini-batch gradient.
     */
    public synchronized Gradient gradient(Parameters theta, Cost cost, MiniBatches batches, int epoch, int step) {
        long start = System.nanoTime();
        Workspace w = workspace(theta);
        w.reserve(batches.end(step) - batches.start(step));
        Gradient sum = new Gradient(theta.sizes());
        int p = partition;
        int m = 0;
        if (!batches.shuffle()) {
            // examples [kB, min((k+1)B, N)) ∩ {i : i mod P = p} are local columns j0 .. j1−1
            int j0 = batches.firstLocalAtOrAfter(batches.start(step), p);
            int j1 = batches.firstLocalAtOrAfter(batches.end(step), p);
            m = stack(j0, j1 - j0, w, 0);
        } else {
            int[] order = w.order(batches, epoch);
            int P = batches.partitions();
            for (int position = batches.start(step); position < batches.end(step); position++) {
                int i = order[position];
                if (i % P == p) {
                    m += stack(i / P, 1, w, m);
                }
            }
        }
        w.backprop(cost).accumulate(theta, w.xBatch, w.yBatch, 0, m, sum);
        sum.timed(System.nanoTime() - start);
        return sum;
    }

    /** X_batch[:, k0 ..] = x / s and Y_batch[:, k0 ..] = e_class of local columns j0 .. j0+m−1; returns m. */
    private int stack(int j0, int m, Workspace w, int k0) {
        x.stack(j0, m, w.xBatch, k0);
        Arrays.fill(w.yBatch, k0 * outputs, (k0 + m) * outputs, 0);
        for (int k = 0; k < m; k++) {
            w.yBatch[(k0 + k) * outputs + labels[j0 + k]] = 1;          // y = e_class
        }
        return m;
    }

    /** How θ does on every example of this shard: right classifications (argmax a^L = class) and Σ C_x. */
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
        Workspace w = workspace(theta);
        long correct = 0;
        double costSum = 0;
        for (int j0 = 0; j0 < count(); j0 += Feedforward.BLOCK) {
            int m = stack(j0, Math.min(Feedforward.BLOCK, count() - j0), w, 0);
            double[] aL = w.feedforward().outputs(theta, w.xBatch, 0, m);     // A^L, n_L × m
            for (int k = 0; k < m; k++) {
                if (Feedforward.argmax(aL, k * outputs, outputs) == labels[j0 + k]) {
                    correct++;
                }
                costSum += cost.ofColumn(aL, k * outputs, w.yBatch, k * outputs, outputs) / n;   // C_x / n
            }
        }
        return new Score(correct, count(), costSum);
    }

    /**
     * The n_L × n_L confusion matrix of θ on this shard: entry (t, k) counts the examples of class t that
     * θ puts in class k (argmax a^L, as network.py's evaluate takes it).
     */
    public synchronized long[][] confusion(Parameters theta) {
        Workspace w = workspace(theta);
        long[][] counts = new long[outputs][outputs];
        for (int j0 = 0; j0 < count(); j0 += Feedforward.BLOCK) {
            int m = stack(j0, Math.min(Feedforward.BLOCK, count() - j0), w, 0);
            double[] aL = w.feedforward().outputs(theta, w.xBatch, 0, m);     // A^L, n_L × m
            for (int k = 0; k < m; k++) {
                counts[labels[j0 + k]][Feedforward.argmax(aL, k * outputs, outputs)]++;
            }
        }
        return counts;
    }

    private Workspace workspace(Parameters theta) {
        int[] sizes = theta.sizes();
        if (workspaces == null) {
            workspaces = new ArrayList<>(1);
        }
        for (Workspace w : workspaces) {
            if (Arrays.equals(w.sizes, sizes)) {
                return w;
            }
        }
        Workspace w = new Workspace(sizes);
        w.reserve(Feedforward.BLOCK);
        workspaces.add(w);
        return w;
    }

    /** What a partition works in: X_batch and Y_batch, backprop's and inference's buffers, the epoch's order. */
    private static final class Workspace {
        final int[] sizes;
        double[] xBatch = new double[0];
        double[] yBatch = new double[0];
        private final Map<Cost, Backprop> backprops = new EnumMap<>(Cost.class);
        private Feedforward feedforward;
        private int[] order;
        private int orderEpoch = -1;
        private MiniBatches orderOf;

        Workspace(int[] sizes) {
            this.sizes = sizes;
        }

        /** Room for m columns in X_batch (n_0 × m) and Y_batch (n_L × m). */
        void reserve(int m) {
            if (m * sizes[0] > xBatch.length) {
                xBatch = new double[m * sizes[0]];
                yBatch = new double[m * sizes[sizes.length - 1]];
            }
        }

        Backprop backprop(Cost cost) {
            return backprops.computeIfAbsent(cost, c -> new Backprop(sizes, c, 1));
        }

        Feedforward feedforward() {
            if (feedforward == null) {
                feedforward = new Feedforward(sizes);
            }
            return feedforward;
        }

        int[] order(MiniBatches batches, int epoch) {
            if (epoch != orderEpoch || !batches.equals(orderOf)) {
                order = batches.order(epoch);
                orderEpoch = epoch;
                orderOf = batches;
            }
            return order;
        }
    }
}
