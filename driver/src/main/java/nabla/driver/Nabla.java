package nabla.driver;

import java.util.Arrays;
import nabla.driver.cli.Defaults;
import nabla.driver.cli.TrainCommand;
import nabla.driver.data.BadInput;
import nabla.driver.data.DataSource;
import nabla.driver.data.ModelFile;
import nabla.driver.train.BookCost;
import nabla.driver.train.Divergence;
import nabla.driver.train.Holdout;
import nabla.driver.train.Patience;
import nabla.driver.train.Settings;
import nabla.driver.train.Trainer;
import nabla.driver.train.TrainingListener;
import nabla.worker.MiniBatches;
import nabla.worker.Parameters;
import nabla.worker.Score;
import nabla.worker.Sgd;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine;

/**
 * nabla for Spark applications: train from data a job already holds, or from the path readers of the
 * command line, with the command line's options, and get the model back. The command line is a thin
 * layer over this class.
 *
 * <pre>{@code
 * JavaRDD<Example> examples = rows.map(r -> Example.dense(r.label(), r.pixels()));
 * ModelFile.Model model = Nabla.train(sc, Nabla.settings("--layers", "784,30,10", "--epochs", "5"),
 *         DataSource.of("my examples", examples, 255));
 * }</pre>
 */
public final class Nabla {
    private Nabla() {
    }

    /**
     * Settings from the options of {@code nabla train}, with the same defaults (conf/nabla.properties,
     * then a file given with --conf). Data options (--data, --train, …) are accepted and ignored here.
     */
    public static Settings settings(String... options) {
        return command(options).settings();
    }

    /**
     * Trains as {@code nabla train} with these options does, on an existing context, without printing:
     * the data comes from --data or --train/--test/--format; --save, if given, is written too.
     */
    public static ModelFile.Model train(JavaSparkContext sc, String... options) {
        TrainCommand command = command(options);
        Settings settings = command.settings();
        ModelFile.Model model = train(sc, settings, command.data.trainingSet());
        if (settings.save() != null) {
            ModelFile.write(settings.save(), sc.hadoopConfiguration(), model.theta(), model.cost());
        }
        return model;
    }

    /**
     * Trains on {@code train} with {@code settings}; returns the model. A run that diverges or saturates
     * (see {@link Divergence}) throws {@link Divergence.Diverged}, whose message says where and why.
     */
    public static ModelFile.Model train(JavaSparkContext sc, Settings settings, DataSource train) {
        Parameters theta = initial(settings, sc.hadoopConfiguration());
        Run run = prepare(sc, settings, train, null);
        Patience patience = new Patience(run.sgd(), settings.schedule(), settings.earlyStop());
        TrainingListener divergence = new Divergence(settings.eta(), settings.momentum(), settings.cost(),
                settings.classes(), settings.batch(), run.trainer().batches().steps(), true, System.err);
        return new ModelFile.Model(run.train(theta, TrainingListener.all(divergence, new TrainingListener() {
            @Override
            public Decision epochDone(int epoch, Parameters now, double meanCost, double seconds) {
                Score held = run.validationScore(now);                  // the η schedule and early stopping
                return held != null && patience.on() && patience.epochDone(held.accuracy()) == Patience.Verdict.STOP
                        ? Decision.STOP : Decision.CONTINUE;
            }
        })), settings.cost());
    }

    /**
     * θ to start from: N(0, 1) (--init normal) or N(0, 1/n_in) (--init scaled) weights drawn from --seed, or
     * the model --init names, whose sizes must be those of --layers.
     */
    public static Parameters initial(Settings settings, Configuration hadoop) {
        if (settings.init() == null) {
            return Parameters.random(settings.sizes(), settings.scaled(), settings.seed());
        }
        ModelFile.Model model = ModelFile.read(settings.init(), hadoop);
        if (!Arrays.equals(model.theta().sizes(), settings.sizes())) {
            throw new BadInput("--init " + settings.init() + " has sizes " + Arrays.toString(model.theta().sizes())
                    + "; --layers is " + Arrays.toString(settings.sizes()));
        }
        return model.theta();
    }

    /** What can be checked before Spark starts: the data paths exist, IDX headers fit the network. */
    public static void check(Configuration hadoop, Settings settings, DataSource... sets) {
        for (DataSource set : sets) {
            if (set != null) {
                set.check(hadoop, settings.inputs(), settings.classes());
            }
        }
    }

    /**
     * Loads the training set (and the test set, if not null) into cached shards, holds out --validation
     * examples, and checks the batch fits; the returned run trains and scores.
     */
    public static Run prepare(JavaSparkContext sc, Settings settings, DataSource train, DataSource test) {
        int partitions = settings.partitions() > 0 ? settings.partitions() : sc.defaultParallelism();
        DataSource.Loaded training = train.load(sc, partitions, settings.inputs(), settings.classes());
        if (settings.batch() > training.count()) {
            training.shards().unpersist(false);
            throw new BadInput("--batch " + settings.batch() + " is larger than the training set (" + training.count()
                    + " examples): " + training.name());
        }
        DataSource.Loaded testing = test == null ? null : test.load(sc, partitions, settings.inputs(),
                settings.classes());
        DataSource.Loaded validation = null;
        if (settings.validation() > 0) {
            if (settings.batch() > training.count() - settings.validation()) {
                training.shards().unpersist(false);
                throw new BadInput("--validation " + settings.validation() + " leaves " + training.count() + " − "
                        + settings.validation() + " training examples, fewer than --batch " + settings.batch());
            }
            Holdout.Split split = Holdout.split(training, settings.validation(), partitions);
            training = split.training();
            validation = split.validation();
        }
        return new Run(sc, settings, partitions, training, validation, testing);
    }

    /** A training run with its data loaded: the cached shards, how epochs split into steps, the trainer. */
    public static final class Run {
        private final JavaSparkContext sc;
        private final Settings settings;
        private final int partitions;
        private final DataSource.Loaded train;
        private final DataSource.Loaded validation;
        private final DataSource.Loaded test;
        private final Sgd sgd;
        private final Trainer trainer;

        private Run(JavaSparkContext sc, Settings settings, int partitions, DataSource.Loaded train,
                    DataSource.Loaded validation, DataSource.Loaded test) {
            this.sc = sc;
            this.settings = settings;
            this.partitions = partitions;
            this.train = train;
            this.validation = validation;
            this.test = test;
            MiniBatches batches = new MiniBatches(train.count(), settings.batch(), partitions, settings.shuffle(),
                    settings.seed());
            this.sgd = new Sgd(settings.eta(), settings.lambda(), train.count(), settings.momentum());
            this.trainer = new Trainer(sc, train.shards(), batches, settings.cost(), sgd);
        }

        /** The updater: its η (which a schedule lowers) and state (η, velocity) for checkpoints. */
        public Sgd sgd() {
            return sgd;
        }

        /** The held-out validation set, or null. */
        public DataSource.Loaded validation() {
            return validation;
        }

        /** How θ does on the validation set (null when there is none). */
        public Score validationScore(Parameters theta) {
            return validation == null ? null : Trainer.score(sc, validation.shards(), theta, settings.cost());
        }

        /** P. */
        public int partitions() {
            return partitions;
        }

        public DataSource.Loaded training() {
            return train;
        }

        /**
         * How θ does on the training set itself (a forward pass over all of it), with (1/n) Σ_x C_x for the
         * cost, each example's cost divided by n before it is added, as network2.py's total_cost does.
         */
        public Score trainingScore(Parameters theta) {
            return Trainer.score(sc, train.shards(), theta, settings.cost(), train.count());
        }

        /** network2.py's total_cost on the training data, from {@link #trainingScore}: with the L2 term. */
        public double bookCost(Score training, Parameters theta) {
            return BookCost.total(training, theta, settings.lambda(), train.count());
        }

        /** The test set, or null. */
        public DataSource.Loaded test() {
            return test;
        }

        public Trainer trainer() {
            return trainer;
        }

        /** --epochs passes from θ, reported to {@code listener}; returns the final θ. */
        public Parameters train(Parameters theta, TrainingListener listener) {
            return trainer.train(theta, settings.epochs(), listener);
        }

        /** How θ does on the test set (null when there is none). */
        public Score score(Parameters theta) {
            return test == null ? null : Trainer.score(sc, test.shards(), theta, settings.cost());
        }
    }

    /** The options parsed as {@code nabla train} parses them. */
    private static TrainCommand command(String... options) {
        TrainCommand command = new TrainCommand();
        CommandLine cli = new CommandLine(command);
        cli.setDefaultValueProvider(Defaults.of(options));
        try {
            cli.parseArgs(options);
        } catch (ParameterException e) {
            throw new BadInput(e.getMessage());
        }
        return command;
    }
}
