package nabla.driver.train;

import java.util.Arrays;
import nabla.driver.data.BadInput;
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
 * @param init       a model file to start from (a Hadoop path), or null for random weights
 * @param scaled     random weights from N(0, 1/n_{l−1}) (network2.py) rather than N(0, 1) (network.py)
 * @param save       where to write the trained model (a Hadoop path), or null
 * @param lambda     λ of L2 regularisation (0: none)
 * @param momentum   μ (0: plain SGD)
 * @param schedule   the η schedule (k, h), or none
 * @param earlyStop  stop after this many epochs without a better validation accuracy (0: never)
 * @param validation hold out the last N training examples as validation data (0: none)
 */
public record Settings(int[] sizes, int epochs, int batch, double eta, Cost cost, int partitions, long seed,
                       boolean shuffle, String init, boolean scaled, String save, double lambda, double momentum,
                       Patience.EtaSchedule schedule, int earlyStop, int validation) {

    public Settings {
        try {
            Parameters.checkSizes(sizes);
        } catch (IllegalArgumentException e) {
            throw new BadInput("--layers " + Arrays.toString(sizes) + ": " + e.getMessage());
        }
        Preflight.parameters(sizes);                                    // every W^l fits in an array
        if (epochs < 0) {
            throw new BadInput("--epochs must be ≥ 0, got " + epochs);
        }
        if (batch < 1) {
            throw new BadInput("--batch must be ≥ 1, got " + batch);
        }
        if (!(eta > 0) || Double.isInfinite(eta)) {
            throw new BadInput("--eta must be a positive number, got " + eta);
        }
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new BadInput("--lambda must be ≥ 0, got " + lambda);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new BadInput("--momentum must be in [0, 1), got " + momentum);
        }
        if (earlyStop < 0) {
            throw new BadInput("--early-stop must be ≥ 0, got " + earlyStop);
        }
        if (validation < 0) {
            throw new BadInput("--validation must be ≥ 0, got " + validation);
        }
        if ((schedule.on() || earlyStop > 0) && validation == 0) {
            throw new BadInput("--eta-schedule and --early-stop watch validation accuracy; give --validation N"
                    + " (the test set is never used to steer training)");
        }
        if (partitions < 0) {
            throw new BadInput("--partitions must be ≥ 1, got " + partitions);
        }
        sizes = sizes.clone();
    }

    /** Settings without chapter 3: N(0, 1) weights, λ = μ = 0, no validation, a fixed η. */
    public Settings(int[] sizes, int epochs, int batch, double eta, Cost cost, int partitions, long seed,
                    boolean shuffle, String init, String save) {
        this(sizes, epochs, batch, eta, cost, partitions, seed, shuffle, init, false, save, 0, 0,
                Patience.EtaSchedule.NONE, 0, 0);
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
