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

    @Option(names = "--preset", paramLabel = "network.py|network2.py",
            description = "The book's settings: network.py (quadratic, N(0,1), batch 10, η 3.0) or network2.py"
                    + " (cross-entropy, scaled init, λ 5.0, batch 10, η 0.5). Options given explicitly win.")
    private String preset;

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

    @Option(names = "--init", paramLabel = "normal|scaled|model.json",
            description = "Initial θ: weights from N(0, 1) (network.py), from N(0, 1/n_in) (network2.py), or a model"
                    + " file (network2.py JSON). Biases N(0, 1) in both random cases.")
    private String init;

    @Option(names = "--save", paramLabel = "model.json", description = "Write the trained model here.")
    private Path save;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*], or spark-submit's).")
    private String master;

    @Option(names = "--conf", paramLabel = "FILE", description = "Properties file of defaults (and spark.* settings).")
    private Path conf;

    @Option(names = "--verbose", description = "Stack traces on failure.")
    private boolean verbose;

    @Override
    public Integer call() {
        boolean random = init.equals("normal") || init.equals("scaled");
        Settings settings = new Settings(layers, epochs, batch, eta, cost, partitions, seed, shuffle,
                random ? null : Path.of(init), init.equals("scaled"), save, lambda, momentum,
                Patience.EtaSchedule.parse(etaSchedule), earlyStop, validation);
        Path dir = data != null ? data : sampleDirectory();
        Labelled given = Labelled.read(dir, true);
        Labelled test = Labelled.read(dir, false);
        given.checkFits(settings.inputs(), settings.classes());
        test.checkFits(settings.inputs(), settings.classes());
        Parameters theta = initialParameters(settings);
        if (settings.batch() > given.count()) {
            throw new BadInput("--batch " + settings.batch() + " is larger than the training set ("
                    + given.count() + " examples)");
        }
        if (settings.batch() > given.count() - settings.validation()) {
            throw new BadInput("--validation " + settings.validation() + " leaves " + given.count() + " − "
                    + settings.validation() + " training examples, fewer than --batch " + settings.batch());
        }
        // The last N in file order, as the book holds out MNIST's last 10,000 of 60,000.
        int kept = given.count() - settings.validation();
        Labelled train = given.slice(0, kept);
        Labelled validationSet = settings.validation() > 0 ? given.slice(kept, given.count()) : null;
        PrintStream out = System.out;

        try (JavaSparkContext sc = Spark.context(master, main.defaults().spark())) {
            int P = settings.partitions() > 0 ? settings.partitions() : sc.defaultParallelism();
            JavaRDD<Shard> trainShards = Shards.deal(sc, train, P, settings.classes(), "training shards");
            JavaRDD<Shard> testShards = Shards.deal(sc, test, P, settings.classes(), "test shards");
            JavaRDD<Shard> validationShards = validationSet == null ? null
                    : Shards.deal(sc, validationSet, P, settings.classes(), "validation shards");
            MiniBatches batches = new MiniBatches(train.count(), settings.batch(), P, settings.shuffle(), settings.seed());
            out.printf("nabla: %s, %s cost, %s init, η %s, batch %d, λ %s, μ %s, %d training, %d validation and %d"
                            + " test examples in %d partitions (%s, BLAS %s)%n", Arrays.toString(settings.sizes()),
                    settings.cost().optionName(), init, settings.eta(), settings.batch(), settings.lambda(),
                    settings.momentum(), train.count(), settings.validation(), test.count(), P, sc.master(),
                    Blas.implementation());

            Sgd sgd = new Sgd(settings.eta(), settings.lambda(), train.count(), settings.momentum());
            Patience patience = new Patience(sgd, settings.schedule(), settings.earlyStop());
            Trainer trainer = new Trainer(sc, trainShards, batches, settings.cost(), sgd);
            Cost c = settings.cost();
            theta = trainer.train(theta, settings.epochs(), new TrainingListener() {
                @Override
                public Decision epochDone(int epoch, Parameters now, double meanCost, double seconds) {
                    long start = System.nanoTime();
                    Score score = Trainer.score(sc, testShards, now, c);
                    Score held = validationShards == null ? null : Trainer.score(sc, validationShards, now, c);
                    double total = seconds + (System.nanoTime() - start) / 1e9;
                    out.printf("Epoch %d: %d / %d%s, cost %.4f, %.1f s%n", epoch, score.correct(), score.count(),
                            held == null ? "" : ", validation " + held.correct() + " / " + held.count(),
                            meanCost, total);
                    return held == null || !patience.on() ? Decision.CONTINUE : steer(patience, held, sgd, out);
                }
            });
        }
        if (settings.save() != null) {
            ModelFile.write(settings.save(), theta, settings.cost());
            out.println("nabla: saved " + settings.save());
        }
        return 0;
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

    private Parameters initialParameters(Settings settings) {
        if (settings.init() == null) {
            return Parameters.random(settings.sizes(), settings.scaled(), settings.seed());
        }
        ModelFile.Model model = ModelFile.read(settings.init());
        if (!Arrays.equals(model.theta().sizes(), settings.sizes())) {
            throw new BadInput("--init " + settings.init() + " has sizes " + Arrays.toString(model.theta().sizes())
                    + "; --layers is " + Arrays.toString(settings.sizes()));
        }
        return model.theta();
    }

    /** The sample bundled in the repository, found from nabla.home (set by scripts/nabla). */
    private static Path sampleDirectory() {
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
