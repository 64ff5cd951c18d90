package nabla.driver.train;

import nabla.driver.data.DataSource;
import nabla.worker.Parameters;
import nabla.worker.Score;

/**
 * What a model in the training loop (a {@link Run}'s one, or each of a {@link Sweep}'s) reports as it
 * goes, and where a listener may end it. Every call carries the model's {@link Position}; listeners keep
 * no count of their own. Runs on the driver.
 */
public interface TrainingListener {

    /** Whether training goes on after an epoch. */
    enum Decision { CONTINUE, STOP }

    /**
     * What a run is, told once before its first step (the header's facts).
     *
     * @param master        Spark's master URL
     * @param partitions    P, as used
     * @param stepsPerEpoch steps in an epoch
     * @param training      the training set, without the validation examples
     * @param validation    the held-out validation set, or null
     * @param test          the test set, or null
     * @param from          where the run starts: {@link Position#START}, or a resumed checkpoint's position
     */
    record Start(Settings settings, String master, int partitions, int stepsPerEpoch, DataSource.Loaded training,
                 DataSource.Loaded validation, DataSource.Loaded test, Position from) {
    }

    /**
     * What an epoch left.
     *
     * @param theta       θ after its last step
     * @param meanCost    the mean training cost over its steps, each taken before its update
     * @param seconds     the time its steps took
     * @param test        how θ does on the test set, or null without one
     * @param validation  how θ does on the validation set, or null without one
     * @param training    how θ does on the training set, or null unless asked for (--train-accuracy)
     * @param trainingCost network2.py's total_cost on the training set after the epoch ({@link BookCost})
     * @param evalSeconds the time the scores took
     */
    record Epoch(int epoch, Parameters theta, double meanCost, double seconds, Score test, Score validation,
                 Score training, double trainingCost, double evalSeconds) {
    }

    /** Before the first step. */
    default void started(Start run) {
    }

    /** After a step: {@code at} counts it; {@code done} holds the new θ and the m and Σ C of its batch. */
    default void stepDone(Position at, Trainer.Step done) {
    }

    /** After an epoch's steps and scores: {@code at} is its end (all its steps done). */
    default Decision epochDone(Position at, Epoch epoch) {
        return Decision.CONTINUE;
    }
}
