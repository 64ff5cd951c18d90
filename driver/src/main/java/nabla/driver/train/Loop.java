package nabla.driver.train;

import java.util.List;
import nabla.worker.Cost;
import nabla.worker.Gradient;
import nabla.worker.MiniBatches;
import nabla.worker.Parameters;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The one training loop: epochs of mini-batch SGD for every live {@link Model} over the same mini-batches,
 * each step one Spark job for all of them ({@link Trainer#gradients}), each model updated on the driver
 * and its listeners told. A {@code nabla train} run is this loop with one model, a sweep with K. After an
 * epoch's steps, the models are scored in one job per set and each model's listeners hear of its epoch;
 * then the run's own {@link Epochs} hears of all of them.
 *
 * <p>What a run does when a model diverges is its {@link Policy}: a run stops ({@link Divergence.Diverged}
 * is thrown on), a sweep drops the model, its reason the line the run would have printed, and steps on with
 * the rest, whose bits do not change.
 */
final class Loop {
    /**
     * What a run does with a model that diverged, and what it scores after an epoch.
     *
     * @param dropDiverged drop it and go on with the others (a sweep); else the run stops
     * @param everySet     score the test and training sets too (a run's epoch line); else the validation
     *                     set only (a sweep, whose test set steers nothing and is scored once, at the end)
     */
    record Policy(boolean dropDiverged, boolean everySet) {
        static final Policy RUN = new Policy(false, true);
        static final Policy SWEEP = new Policy(true, false);
    }

    /** The run's own end of an epoch, after every model's listeners have heard of it. */
    interface Epochs {
        Epochs NONE = (epoch, trained, all) -> { };

        /** @param trained the models that were live when the epoch began */
        void epochDone(int epoch, List<Model> trained, List<Model> all);
    }

    private final JavaSparkContext sc;
    private final DataSets sets;
    private final Trainer trainer;
    private final Policy policy;

    /** The loop over {@code sets}, its mini-batches as {@code shared} (the settings every model shares) split them. */
    Loop(JavaSparkContext sc, DataSets sets, Settings shared, Policy policy) {
        Settings.Optimisation o = shared.optimisation();
        this.sc = sc;
        this.sets = sets;
        this.trainer = new Trainer(sc, sets.training().shards(), new MiniBatches(sets.training().count(), o.batch(),
                sets.partitions(), o.shuffle(), shared.seed()));
        this.policy = policy;
    }

    int stepsPerEpoch() {
        return trainer.batches().steps();
    }

    /** What a model's listeners are told before its first step: the run's facts, from its position. */
    TrainingListener.Start start(Model model) {
        return new TrainingListener.Start(model.settings, sc.master(), sets.partitions(), stepsPerEpoch(),
                sets.training(), sets.validation(), sets.test(), model.at);
    }

    /** From the models' position (they share it) to epoch {@code epochs}, or until none is live. */
    void run(List<Model> models, int epochs, Epochs end) {
        List<Model> live = live(models);
        while (!live.isEmpty() && live.get(0).at.epoch() < epochs) {
            int epoch = live.get(0).at.epoch();
            sc.setJobGroup("epoch " + epoch, "epoch " + epoch + " of " + epochs, false);   // for the Spark UI
            long start = System.nanoTime();
            for (int k = live.get(0).at.step(); k < stepsPerEpoch() && !live(live).isEmpty(); k++) {
                step(live(live), epoch, k);
            }
            List<Model> scored = live(live);
            List<TrainingListener.Epoch> ends = scored.isEmpty() ? List.of()
                    : sets.scores(epoch, scored, (System.nanoTime() - start) / 1e9, policy.everySet());
            for (int i = 0; i < scored.size(); i++) {
                scored.get(i).epochDone(ends.get(i), epochs);
            }
            end.epochDone(epoch, live, models);
            live = live(live);
        }
    }

    /** Step k of {@code epoch} for the live models: one job, then each model's update and listeners. */
    private void step(List<Model> live, int epoch, int k) {
        Gradient[] sums = trainer.gradients(live.stream().map(m -> m.theta).toArray(Parameters[]::new),
                live.stream().map(Model::cost).toArray(Cost[]::new), epoch, k);
        for (int i = 0; i < sums.length; i++) {
            try {
                live.get(i).step(sums[i]);
            } catch (Divergence.Diverged e) {
                if (!policy.dropDiverged()) {
                    throw e;
                }
                live.get(i).ended = e.getMessage();                    // the line its own run would print
            }
        }
    }

    private static List<Model> live(List<Model> models) {
        return models.stream().filter(Model::live).toList();
    }
}
