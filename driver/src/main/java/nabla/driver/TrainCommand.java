package nabla.driver;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import nabla.driver.data.Labelled;
import nabla.driver.data.Shards;
import nabla.worker.Blas;
import nabla.worker.Cost;
import nabla.worker.MiniBatches;
import nabla.worker.Parameters;
import nabla.worker.Score;
import nabla.worker.Sgd;
import nabla.worker.Shard;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code nabla train}: reads an MNIST-layout directory, trains on Spark, prints an epoch line per epoch. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a sigmoid network with data-parallel mini-batch SGD on Spark.",
        sortOptions = false, showDefaultValues = true)
final class TrainCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Option(names = "--data", paramLabel = "DIR",
            description = "MNIST layout: train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-*."
                    + " Default: the Fashion-MNIST sample in the repository.")
    private Path data;

    @Option(names = "--layers", paramLabel = "n0,n1,...", split = ",", description = "Layer sizes.")
    private int[] layers;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training set.")
    private int epochs;

    @Option(names = "--batch", paramLabel = "B", description = "Global mini-batch size.")
    private int batch;

    @Option(names = "--eta", paramLabel = "η", description = "Learning rate.")
    private double eta;

    @Option(names = "--cost", paramLabel = "quadratic|cross-entropy", converter = CostConverter.class,
            description = "Cost function.")
    private Cost cost;

    @Option(names = "--partitions", paramLabel = "P", description = "Partitions (default: Spark's parallelism).")
    private int partitions;

    @Option(names = "--seed", paramLabel = "S", description = "Seeds the initial weights and the shuffles.")
    private long seed;

    @Option(names = "--shuffle", paramLabel = "true|false", arity = "1",
            description = "Permute the examples each epoch; false gives network.py's batches in file order.")
    private boolean shuffle;

    @Option(names = "--init", paramLabel = "model.json", description = "Start from this model (network2.py JSON).")
    private Path init;

    @Option(names = "--save", paramLabel = "model.json", description = "Write the trained model here.")
    private Path save;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*], or spark-submit's).")
    private String master;

    @Option(names = "--conf", paramLabel = "FILE", description = "Properties file of defaults (and spark.* settings).")
    private Path conf;

    @Option(names = "--metrics", paramLabel = "FILE",
            description = "Write a JSON line per epoch here: cost, accuracies, seconds, compute vs. Spark overhead.")
    private Path metrics;

    @Option(names = "--metrics-steps", description = "Also write a JSON line per step to the --metrics file.")
    private boolean metricsSteps;

    @Option(names = "--train-accuracy",
            description = "Also score the training set after each epoch (a forward pass over it: about a third"
                    + " of an epoch's compute).")
    private boolean trainAccuracy;

    @Option(names = "--verbose", description = "Stack traces on failure.")
    private boolean verbose;

    @Override
    public Integer call() {
        Settings settings = new Settings(layers, epochs, batch, eta, cost, partitions, seed, shuffle, init, save);
        Path dir = data != null ? data : sampleDirectory();
        Labelled train = Labelled.read(dir, true);
        Labelled test = Labelled.read(dir, false);
        train.checkFits(settings.inputs(), settings.classes());
        test.checkFits(settings.inputs(), settings.classes());
        if (settings.batch() > train.count()) {
            throw new BadInput("--batch " + settings.batch() + " is larger than the training set ("
                    + train.count() + " examples)");
        }
        Parameters theta = initialParameters(settings);
        PrintStream out = System.out;

        try (JavaSparkContext sc = Spark.context(master, main.defaults().spark())) {
            int P = settings.partitions() > 0 ? settings.partitions() : sc.defaultParallelism();
            JavaRDD<Shard> trainShards = Shards.deal(sc, train, P, settings.classes(), "training shards");
            JavaRDD<Shard> testShards = Shards.deal(sc, test, P, settings.classes(), "test shards");
            MiniBatches batches = new MiniBatches(train.count(), settings.batch(), P, settings.shuffle(), settings.seed());
            out.printf("nabla: %s, %s cost, η %s, batch %d, %d training and %d test examples in %d partitions"
                            + " (%s, BLAS %s)%n", Arrays.toString(settings.sizes()), settings.cost().optionName(),
                    settings.eta(), settings.batch(), train.count(), test.count(), P, sc.master(),
                    Blas.implementation());

            Trainer trainer = new Trainer(sc, trainShards, batches, settings.cost(), new Sgd(settings.eta()));
            Cost c = settings.cost();
            try (Metrics written = metrics == null ? null : new Metrics(metrics, P, metricsSteps)) {
                TrainingListener epochLine = new TrainingListener() {
                    @Override
                    public Decision epochDone(int epoch, Parameters now, double meanCost, double seconds) {
                        long start = System.nanoTime();
                        sc.setJobDescription("epoch " + epoch + " · score");
                        Score score = Trainer.score(sc, testShards, now, c);
                        Score trainScore = trainAccuracy ? Trainer.score(sc, trainShards, now, c) : null;
                        double evalSeconds = (System.nanoTime() - start) / 1e9;
                        out.printf("Epoch %d: %d / %d, cost %.4f, %.1f s%n", epoch, score.correct(), score.count(),
                                meanCost, seconds + evalSeconds);
                        if (written != null) {
                            written.epoch(epoch, meanCost, seconds, score, trainScore, evalSeconds);
                        }
                        return Decision.CONTINUE;
                    }
                };
                TrainingListener watchers = written == null ? epochLine : TrainingListener.all(written, epochLine);
                theta = trainer.train(theta, settings.epochs(),
                        TrainingListener.all(Progress.onStderr(settings.epochs(), batches.steps()), watchers));
            }
        }
        if (settings.save() != null) {
            ModelFile.write(settings.save(), theta, settings.cost());
            out.println("nabla: saved " + settings.save());
        }
        return 0;
    }

    private Parameters initialParameters(Settings settings) {
        if (settings.init() == null) {
            return Parameters.random(settings.sizes(), false, settings.seed());
        }
        ModelFile.Model model = ModelFile.read(settings.init());
        if (!Arrays.equals(model.theta().sizes(), settings.sizes())) {
            throw new BadInput("--init " + settings.init() + " has sizes " + Arrays.toString(model.theta().sizes())
                    + "; --layers is " + Arrays.toString(settings.sizes()));
        }
        return model.theta();
    }

    /** The sample bundled in the repository, found from nabla.home (set by scripts/nabla). */
    static Path sampleDirectory() {
        String home = System.getProperty("nabla.home");
        if (home == null) {
            throw new BadInput("no --data DIR given (the bundled sample is found only when run from scripts/nabla)");
        }
        return Path.of(home, "data", "fashion-mnist-sample");
    }

    /** Accepts quadratic or cross-entropy (or network2.py's class names). */
    static final class CostConverter implements picocli.CommandLine.ITypeConverter<Cost> {
        @Override
        public Cost convert(String value) {
            try {
                return Cost.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
