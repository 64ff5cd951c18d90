package nabla.driver.train;

import java.io.Serializable;

/**
 * Where a model stands between two steps, kept in one place (its {@code Model} in the {@code Loop}) and
 * handed to every listener: {@code step} steps of epoch {@code epoch} are done (so the next is step
 * {@code step}; 0 ≤ step ≤ steps per epoch), and they summed the cost {@code costSum} over
 * {@code examples} examples. A checkpoint saves it, so that a resumed epoch's mean cost has the same bits.
 */
public record Position(int epoch, int step, double costSum, long examples) implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final Position START = new Position(0, 0, 0, 0);

    /** After one more step, which summed Σ C over m examples (added in the loop's order). */
    public Position after(Trainer.Step done) {
        return new Position(epoch, step + 1, costSum + done.cost(), examples + done.m());
    }

    /** The start of the next epoch. */
    public Position nextEpoch() {
        return new Position(epoch + 1, 0, 0, 0);
    }

    /** The mean cost per example of the epoch's steps so far, each taken before its update. */
    public double meanCost() {
        return costSum / examples;
    }

    /** Steps done since the run began, with {@code stepsPerEpoch} steps an epoch. */
    public long stepsDone(int stepsPerEpoch) {
        return (long) epoch * stepsPerEpoch + step;
    }
}
