package nabla.driver.train;

import nabla.worker.Parameters;

/** What the training loop reports as it goes, and where a listener may end it. Runs on the driver. */
public interface TrainingListener {

    /** Whether training goes on after an epoch. */
    enum Decision { CONTINUE, STOP }

    /** After step {@code step} of epoch {@code epoch}: the new θ, and the m and Σ C of the batch it summed. */
    default void stepDone(int epoch, int step, Trainer.Step result) {
    }

    /**
     * After epoch {@code epoch}: θ as the epoch left it, the mean training cost over its steps (each
     * taken before its update), and the seconds the epoch's steps took.
     */
    default Decision epochDone(int epoch, Parameters theta, double meanCost, double seconds) {
        return Decision.CONTINUE;
    }

    /** Each of {@code listeners} in turn; training stops after an epoch if any of them says so. */
    static TrainingListener all(TrainingListener... listeners) {
        return new TrainingListener() {
            @Override
            public void stepDone(int epoch, int step, Trainer.Step result) {
                for (TrainingListener listener : listeners) {
                    listener.stepDone(epoch, step, result);
                }
            }

            @Override
            public Decision epochDone(int epoch, Parameters theta, double meanCost, double seconds) {
                Decision decision = Decision.CONTINUE;
                for (TrainingListener listener : listeners) {
                    if (listener.epochDone(epoch, theta, meanCost, seconds) == Decision.STOP) {
                        decision = Decision.STOP;
                    }
                }
                return decision;
            }
        };
    }
}
