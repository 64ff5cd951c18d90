package nabla.driver.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import nabla.driver.Nabla;
import nabla.driver.Spark;
import nabla.driver.data.BadInput;
import nabla.driver.data.DataSource;
import nabla.driver.data.HadoopFiles;
import nabla.driver.data.ModelFile;
import nabla.driver.train.Checkpoint;
import nabla.driver.train.Checkpoints;
import nabla.driver.train.Metrics;
import nabla.driver.train.Patience;
import nabla.driver.train.Preflight;
import nabla.driver.train.Progress;
import nabla.driver.train.Settings;
import nabla.driver.train.Trainer;
import nabla.driver.train.TrainingListener;
import nabla.worker.Blas;
import nabla.worker.Parameters;
import nabla.worker.Score;
import nabla.worker.Sgd;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code nabla train}: reads the data (--data DIR, or --train PATH --format F), trains on Spark through
 * {@link Nabla}, prints an epoch line per epoch.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a sigmoid network with data-parallel mini-batch SGD on Spark.",
        sortOptions = false, showDefaultValues = true)
public final class TrainCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Option(names = "--preset", paramLabel = "network.py|network2.py",
            description = "The book's settings: network.py (quadratic, N(0,1), batch 10, η 3.0) or network2.py"
                    + " (cross-entropy, scaled init, λ 5.0, batch 10, η 0.5). Options given explicitly win.")
    private String preset;

    @Mixin
    public DataOptions.Training data;

    @Mixin
    private NetworkOptions network;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training set.")
    private int epochs;

    @Option(names = "--batch", paramLabel = "B", description = "Global mini-batch size.")
    private int batch;

    @Option(names = "--eta", paramLabel = "η", description = "Learning rate.")
    private double eta;

    @Option(names = "--lambda", paramLabel = "λ",
            description = "L2 regularisation: w ← (1 − ηλ/n) w − (η/m) Σ∇, n the training set size; biases not decayed.")
    private double lambda;

    @Option(names = "--momentum", paramLabel = "μ",
            description = "Momentum, for weights and biases: v ← μv − (η/m) Σ∇, θ ← θ + v. 0: plain SGD.")
    private double momentum;

    @Option(names = "--eta-schedule", paramLabel = "k,h|none",
            description = "Halve η after k epochs without a better validation accuracy; stop at the h-th halving"
                    + " (the book: 10,7). Needs --validation.")
    private String etaSchedule;

    @Option(names = "--early-stop", paramLabel = "k",
            description = "Stop after k epochs without a better validation accuracy; 0: never. Needs --validation.")
    private int earlyStop;

    @Option(names = "--validation", paramLabel = "N",
            description = "Hold out the last N training examples (file order) as validation data; 0: none.")
    private int validation;

    @Option(names = "--partitions", paramLabel = "P", description = "Partitions (default: Spark's parallelism).")
    private int partitions;

    @Option(names = "--seed", paramLabel = "S", description = "Seeds the initial weights and the shuffles.")
    private long seed;

    @Option(names = "--shuffle", paramLabel = "true|false", arity = "1",
            description = "Permute the examples each epoch; false gives network.py's batches in file order.")
    private boolean shuffle;

    @Option(names = "--init", paramLabel = "normal|scaled|model.json", defaultValue = "scaled",
            description = "Initial θ: weights from N(0, 1) (network.py), from N(0, 1/n_in) (network2.py), or a model"
                    + " file (network2.py JSON). Biases N(0, 1) in both random cases.")
    private String init;

    @Option(names = "--save", paramLabel = "model.json",
            description = "Write the trained model here (any Hadoop path: local, hdfs://, …).")
    private String save;
    @Option(names = "--metrics", paramLabel = "FILE", description = "Write a JSON line per epoch here: cost,"
            + " accuracies, seconds, compute vs. Spark overhead. Appended to on --resume; never erased.")
    private Path metrics;

    @Option(names = "--metrics-steps", description = "Also write a JSON line per step to the --metrics file.")
    private boolean metricsSteps;

    @Option(names = "--train-accuracy",
            description = "Also score the training set after each epoch (a forward pass over it: about a third"
                    + " of an epoch's compute).")
    private boolean trainAccuracy;

    @Mixin
    private CheckpointOptions checkpointing;

    @Mixin
    private SparkOptions sparkOptions;

    /** The options as checked {@link Settings}. */
    public Settings settings() {
        boolean random = init.equals("normal") || init.equals("scaled");
        return new Settings(network.layers, epochs, batch, eta, network.cost, partitions, seed, shuffle,
                random ? null : init, init.equals("scaled"), save, lambda, momentum,
                Patience.EtaSchedule.parse(etaSchedule), earlyStop, validation);
    }

    @Override
    public Integer call() {
        Settings settings = settings();
        Configuration hadoop = HadoopFiles.configuration(main.defaults().spark());
        Preflight.check(settings, sparkOptions.master, hadoop, checkpointing.dir, checkpointing.resume, metrics);
        Parameters theta = Nabla.initial(settings, hadoop);              // bad input fails before Spark starts
        DataSource train = data.trainingSet();
        DataSource test = data.testSet(hadoop);
        Nabla.check(hadoop, settings, train, test);
        PrintStream out = System.out;

        try (Spark.Context spark = Spark.open(sparkOptions.master, main.defaults().spark())) {
            JavaSparkContext sc = spark.sc();
            Nabla.Run run = Nabla.prepare(sc, settings, train, test);
            int P = run.partitions();
            out.printf("nabla: %s, %s cost, %s init, η %s, batch %d, λ %s, μ %s, %d training, %d validation and %s"
                            + " test examples in %d partitions (%s, BLAS %s)%n", Arrays.toString(settings.sizes()),
                    settings.cost().optionName(), init, settings.eta(), settings.batch(), settings.lambda(),
                    settings.momentum(), run.training().count(), settings.validation(),
                    run.test() == null ? "no" : run.test().count(), P, sc.master(), Blas.describe());
            Patience patience = new Patience(run.sgd(), settings.schedule(), settings.earlyStop());

            Trainer trainer = run.trainer();
            int steps = trainer.batches().steps();
            // Besides θ a run carries the updater's η and velocity and the schedule's counts: checkpoints save both.
            Checkpoints checkpoints = checkpointing.open(sc, settings, P, run.training().count(), steps,
                    () -> new Carried(run.sgd().state(), patience.state()), System.err);
            Checkpoint resumed = checkpointing.resume(checkpoints, settings.epochs(), steps, out);
            Trainer.Position start = resumed == null ? Trainer.Position.START : resumed.position();
            if (resumed != null) {
                theta = resumed.theta();
                Carried carried = (Carried) resumed.updater();
                run.sgd().restore(carried.sgd());
                patience.restore(carried.patience());
            }
            int epochs = settings.epochs();
            if (patience.stopped()) {                   // the checkpoint's run had already been ended by its rules
                out.printf("nabla: that run had stopped (validation accuracy stalled, best %.4f); nothing more to"
                        + " train%n", patience.best());
                epochs = start.epoch();
            }
            try (checkpoints; Metrics written = metrics == null ? null
                    : new Metrics(metrics, checkpointing.resume, P, metricsSteps)) {
                TrainingListener epochLine = epochLine(sc, run, patience, written, out);
                TrainingListener watchers = written == null ? epochLine : TrainingListener.all(written, epochLine);
                if (checkpoints != null) {
                    watchers = TrainingListener.all(watchers, checkpoints);       // saved once the epoch is reported
                }
                theta = trainer.train(theta, start, epochs,
                        TrainingListener.all(Progress.onStderr(settings.epochs(), steps), watchers));
            }
        }
        if (settings.save() != null) {
            ModelFile.write(settings.save(), hadoop, theta, settings.cost());
            out.println("nabla: saved " + settings.save());
        }
        return 0;
    }

    /**
     * After each epoch: scores θ (test, validation, and with --train-accuracy the training set), prints the
     * epoch line, writes the metrics, and lets the η schedule and early stopping steer.
     */
    private TrainingListener epochLine(JavaSparkContext sc, Nabla.Run run, Patience patience, Metrics written,
                                       PrintStream out) {
        return new TrainingListener() {
            @Override
            public Decision epochDone(int epoch, Parameters now, double meanCost, double seconds) {
                long start = System.nanoTime();
                sc.setJobDescription("epoch " + epoch + " · score");
                Score score = run.score(now);
                Score trainScore = trainAccuracy ? run.trainingScore(now) : null;
                Score held = run.validationScore(now);
                double evalSeconds = (System.nanoTime() - start) / 1e9;
                if (score == null) {                                    // --train without --test: network.py's line
                    out.printf("Epoch %d complete%s, cost %.4f, %.1f s%n", epoch, validation(held), meanCost,
                            seconds + evalSeconds);
                } else {
                    out.printf("Epoch %d: %d / %d%s, cost %.4f, %.1f s%n", epoch, score.correct(), score.count(),
                            validation(held), meanCost, seconds + evalSeconds);
                }
                if (written != null && score != null) {
                    written.epoch(epoch, meanCost, seconds, score, trainScore, evalSeconds);
                }
                return held == null || !patience.on() ? Decision.CONTINUE : steer(patience, held, run.sgd(), out);
            }
        };
    }

    /** What a checkpoint keeps besides θ and the position: the updater's state and the η schedule's counts. */
    record Carried(Sgd.State sgd, Patience.State patience) implements java.io.Serializable {
    }

    /** ", validation c / n" for an epoch line, or nothing without validation data. */
    private static String validation(Score held) {
        return held == null ? "" : ", validation " + held.correct() + " / " + held.count();
    }

    /** Feeds the η schedule and early stopping one epoch's validation accuracy; says what they did. */
    private static TrainingListener.Decision steer(Patience patience, Score validation, Sgd sgd, PrintStream out) {
        switch (patience.epochDone(validation.accuracy())) {
            case HALVED_ETA -> out.printf("nabla: validation accuracy stalled; η halved to %s%n", sgd.eta());
            case STOP -> {
                out.printf("nabla: validation accuracy stalled (best %.4f); stopping%n", patience.best());
                return TrainingListener.Decision.STOP;
            }
            default -> {
            }
        }
        return TrainingListener.Decision.CONTINUE;
    }

    /** The sample bundled in the repository, found from nabla.home (set by scripts/nabla). */
    static Path sampleDirectory() {
        String home = System.getProperty("nabla.home");
        if (home == null) {
            throw new BadInput("no --data DIR given (the bundled sample is found only when run from scripts/nabla)");
        }
        return Path.of(home, "data", "fashion-mnist-sample");
    }
}
