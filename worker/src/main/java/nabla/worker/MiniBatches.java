package nabla.worker;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * Which examples make up step k of an epoch, and where they live.
 *
 * <p>Example i (0-based, file order) lives in partition i mod P, as local column ⌊i / P⌋. Without
 * shuffling, step k's global mini-batch is examples [kB, min((k+1)B, N)), exactly network.py's batches
 * when it does not shuffle, for every P; each partition's share of it is one contiguous run of its
 * columns. With shuffling, the epoch visits the examples in an order that is a function of (seed, epoch)
 * alone, and step k takes positions [kB, min((k+1)B, N)) of that order.
 *
 * @param examples   N, the size of the training set
 * @param batch      B, the global mini-batch size
 * @param partitions P
 * @param shuffle    whether each epoch permutes the examples
 * @param seed       the seed the permutations derive from
 */
public record MiniBatches(int examples, int batch, int partitions, boolean shuffle, long seed)
        implements Serializable {

    public MiniBatches {
        if (examples < 1) {
            throw new IllegalArgumentException("the training set is empty");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch size must be ≥ 1, got " + batch);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be ≥ 1, got " + partitions);
        }
    }

    /** Steps per epoch: ⌈N / B⌉ (the last batch may be smaller). */
    public int steps() {
        return (examples + batch - 1) / batch;
    }

    /** The first position of step k: kB. */
    public int start(int step) {
        return step * batch;
    }

    /** One past the last position of step k: min((k+1)B, N). */
    public int end(int step) {
        return (int) Math.min((long) (step + 1) * batch, examples);
    }

    /** The number of examples in partition p: those i < N with i mod P = p. */
    public int localCount(int p) {
        return firstLocalAtOrAfter(examples, p);
    }

    /** The first local column of partition p whose global index is ≥ i: ⌈(i − p) / P⌉, at least 0. */
    public int firstLocalAtOrAfter(int i, int p) {
        return i <= p ? 0 : (i - p + partitions - 1) / partitions;
    }

    /**
     * The order an epoch visits the examples in: a permutation of 0..N−1 drawn (Fisher–Yates) from a
     * generator seeded by (seed, epoch) alone, so every JVM that asks gets the same one.
     */
    public int[] order(int epoch) {
        int[] order = new int[examples];
        for (int i = 0; i < examples; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        for (int i = examples - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
