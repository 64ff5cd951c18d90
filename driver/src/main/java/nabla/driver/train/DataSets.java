package nabla.driver.train;

import java.util.ArrayList;
import java.util.List;
import nabla.driver.data.BadInput;
import nabla.driver.data.DataSource;
import nabla.worker.Cost;
import nabla.worker.Parameters;
import nabla.worker.Score;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A run's data as cached shards in P partitions: the training set less its last --validation examples,
 * those examples, and the test set; and how θ does on each after an epoch.
 *
 * @param validation null without --validation
 * @param test       null without a test set
 */
record DataSets(JavaSparkContext sc, int partitions, DataSource.Loaded training, DataSource.Loaded validation,
                DataSource.Loaded test) {

    /**
     * Loads the data of {@code settings} (P from them, or Spark's default) and checks the batch fits; an
     * explicit P above the examples to train on is refused once they are counted, before they are dealt.
     */
    static DataSets load(JavaSparkContext sc, Settings settings) {
        return load(sc, settings, false);
    }

    /**
     * The same; with {@code defaultHoldout} the hold-out is not --validation but {@link Holdout#DEFAULT}
     * examples, or 1/6 of a smaller training set (a sweep's, when --validation is not given).
     */
    static DataSets load(JavaSparkContext sc, Settings settings, boolean defaultHoldout) {
        int partitions = settings.partitions() > 0 ? settings.partitions() : sc.defaultParallelism();
        if (settings.partitions() == 0) {
            Preflight.executors(settings, partitions, sc.getConf());    // P known only now; before any data
        }
        Settings.Network network = settings.network();
        DataSource.Loaded training = settings.data().train().load(sc, partitions, network.inputs(),
                network.classes(), count -> Holdout.checkPartitions(settings.partitions(), count,
                        defaultHoldout ? Holdout.defaultSize(count) : settings.data().validation(),
                        settings.data().train().name()));
        int validation = defaultHoldout ? Holdout.defaultSize(training.count()) : settings.data().validation();
        try {
            check(training, validation, defaultHoldout, settings.optimisation().batch());
        } catch (BadInput e) {
            training.shards().unpersist(false);
            throw e;
        }
        DataSource test = settings.data().test();
        DataSource.Loaded testing = test == null ? null : test.load(sc, partitions, network.inputs(),
                network.classes());
        if (validation == 0) {
            return new DataSets(sc, partitions, training, null, testing);
        }
        Holdout.Split split = Holdout.split(training, validation, partitions);
        return new DataSets(sc, partitions, split.training(), split.validation(), testing);
    }

    /** The batch fits the training set less its hold-out; a default hold-out holds at least one example. */
    private static void check(DataSource.Loaded training, int validation, boolean defaultHoldout, int batch) {
        if (batch > training.count()) {
            throw new BadInput("--batch " + batch + " is larger than the training set (" + training.count()
                    + " examples): " + training.name());
        }
        if (defaultHoldout && validation < 1) {
            throw new BadInput("a training set of " + training.count() + " examples is too small to hold out 1/6"
                    + " of it for validation (--validation N)");
        }
        if (validation > 0 && batch > training.count() - validation) {
            throw new BadInput("--validation " + validation + " leaves " + training.count() + " − " + validation
                    + " training examples, fewer than --batch " + batch);
        }
    }

    /**
     * After epoch {@code epoch}, for each model: how its θ does on the test and training sets (if
     * {@code everySet}) and on the validation set, each set scored in one job for all models;
     * network2.py's total_cost on the training set (with λ's term; NaN when the training set is not
     * scored), the epoch's mean batch cost and its time; the training set's accuracy kept only if its
     * settings ask (--train-accuracy).
     */
    List<TrainingListener.Epoch> scores(int epoch, List<Model> models, double seconds, boolean everySet) {
        long start = System.nanoTime();
        sc.setJobDescription("epoch " + epoch + " · score" + (models.size() > 1 ? " · " + models.size()
                + " live models" : ""));
        Parameters[] thetas = models.stream().map(m -> m.theta).toArray(Parameters[]::new);
        Cost[] costs = models.stream().map(Model::cost).toArray(Cost[]::new);
        Score[] onTest = everySet ? score(test, thetas, costs, 1) : null;
        Score[] onTraining = everySet ? score(training, thetas, costs, training.count()) : null;
        Score[] onValidation = score(validation, thetas, costs, 1);
        double evalSeconds = (System.nanoTime() - start) / 1e9;
        List<TrainingListener.Epoch> ends = new ArrayList<>();
        for (int i = 0; i < thetas.length; i++) {
            Settings s = models.get(i).settings;
            Score held = at(onTraining, i);
            ends.add(new TrainingListener.Epoch(epoch, thetas[i], models.get(i).at.meanCost(), seconds,
                    at(onTest, i), at(onValidation, i), s.output().trainAccuracy() ? held : null,
                    held == null ? Double.NaN : BookCost.total(held, thetas[i], s.optimisation().lambda(),
                            training.count()), evalSeconds));
        }
        return ends;
    }

    /**
     * How θ does on the training set, with (1/n) Σ_x C_x for the cost: each example's cost divided by n
     * before it is added, as network2.py's total_cost does.
     */
    Score trainingScore(Parameters theta, Cost cost) {
        return Trainer.score(sc, training.shards(), theta, cost, training.count());
    }

    /** How each θ does on a loaded set, with Σ C_x / n for the cost; null for no set. */
    private Score[] score(DataSource.Loaded set, Parameters[] thetas, Cost[] costs, double n) {
        return set == null ? null : Trainer.scores(sc, set.shards(), thetas, costs, n);
    }

    private static Score at(Score[] scores, int i) {
        return scores == null ? null : scores[i];
    }

    /** Drops the cached shards. */
    void release() {
        for (DataSource.Loaded set : new DataSource.Loaded[] {training, validation, test}) {
            if (set != null) {
                set.shards().unpersist(false);
            }
        }
    }
}
