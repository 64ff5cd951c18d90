package nabla.driver;

import java.nio.file.Path;
import java.util.Arrays;
import nabla.worker.Cost;
import nabla.worker.Parameters;

/**
 * What a training run was asked for, checked once: every number in range, or a {@link BadInput} that
 * names the option and the value.
 *
 * @param sizes      n_0, …, n_L
 * @param epochs     passes over the training set
 * @param batch      B, the global mini-batch (split across the partitions)
 * @param eta        η
 * @param cost       quadratic or cross-entropy
 * @param partitions P; 0 for Spark's default parallelism
 * @param seed       seeds the initial weights and the shuffles
 * @param shuffle    permute the examples every epoch (false: network.py's batches in file order)
 * @param init       a model file to start from, or null for N(0, 1) weights
 * @param save       where to write the trained model, or null
 */
public record Settings(int[] sizes, int epochs, int batch, double eta, Cost cost, int partitions, long seed,
                       boolean shuffle, Path init, Path save) {

    public Settings {
        try {
            Parameters.checkSizes(sizes);
        } catch (IllegalArgumentException e) {
            throw new BadInput("--layers " + Arrays.toString(sizes) + ": " + e.getMessage());
        }
        if (epochs < 0) {
            throw new BadInput("--epochs must be ≥ 0, got " + epochs);
        }
        if (batch < 1) {
            throw new BadInput("--batch must be ≥ 1, got " + batch);
        }
        if (!(eta > 0) || Double.isInfinite(eta)) {
            throw new BadInput("--eta must be a positive number, got " + eta);
        }
        if (partitions < 0) {
            throw new BadInput("--partitions must be ≥ 1, got " + partitions);
        }
        sizes = sizes.clone();
    }

    /** n_0. */
    public int inputs() {
        return sizes[0];
    }

    /** n_L, the number of classes. */
    public int classes() {
        return sizes[sizes.length - 1];
    }
}
