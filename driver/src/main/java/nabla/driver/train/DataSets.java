package nabla.driver.train;

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
        int partitions = settings.partitions() > 0 ? settings.partitions() : sc.defaultParallelism();
        if (settings.partitions() == 0) {
            Preflight.executors(settings, partitions, sc.getConf());    // P known only now; before any data
        }
        Settings.Network network = settings.network();
        int batch = settings.optimisation().batch();
        int validation = settings.data().validation();
        DataSource.Loaded training = settings.data().train().load(sc, partitions, network.inputs(),
                network.classes(), count -> Holdout.checkPartitions(settings.partitions(), count, validation,
                        settings.data().train().name()));
        if (batch > training.count()) {
            training.shards().unpersist(false);
            throw new BadInput("--batch " + batch + " is larger than the training set (" + training.count()
                    + " examples): " + training.name());
        }
        if (validation > 0 && batch > training.count() - validation) {
            training.shards().unpersist(false);
            throw new BadInput("--validation " + validation + " leaves " + training.count() + " − " + validation
                    + " training examples, fewer than --batch " + batch);
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

    /**
     * The scores after epoch {@code epoch} (test, training, validation), network2.py's total_cost on the
     * training set (with λ's term), the epoch's mean batch cost and its time; the training set's accuracy
     * is kept only if {@code trainAccuracy}.
     */
    TrainingListener.Epoch scores(int epoch, Parameters theta, Position end, double seconds, Cost cost,
                                  double lambda, boolean trainAccuracy) {
        long start = System.nanoTime();
        sc.setJobDescription("epoch " + epoch + " · score");
        Score onTest = score(test, theta, cost);
        Score onTraining = trainingScore(theta, cost);
        Score onValidation = score(validation, theta, cost);
        return new TrainingListener.Epoch(epoch, theta, end.meanCost(), seconds, onTest, onValidation,
                trainAccuracy ? onTraining : null, BookCost.total(onTraining, theta, lambda, training.count()),
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * How θ does on the training set, with (1/n) Σ_x C_x for the cost: each example's cost divided by n
     * before it is added, as network2.py's total_cost does.
     */
    Score trainingScore(Parameters theta, Cost cost) {
        return Trainer.score(sc, training.shards(), theta, cost, training.count());
    }

    /** How θ does on a loaded set (null for no set). */
    private Score score(DataSource.Loaded set, Parameters theta, Cost cost) {
        return set == null ? null : Trainer.score(sc, set.shards(), theta, cost);
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
