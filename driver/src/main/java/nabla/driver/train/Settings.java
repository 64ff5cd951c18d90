package nabla.driver.train;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import nabla.driver.data.BadInput;
import nabla.driver.data.DataSource;
import nabla.driver.data.Fingerprint;
import nabla.driver.data.ModelFile;
import nabla.worker.Cost;
import nabla.worker.Parameters;
import org.apache.hadoop.conf.Configuration;

/**
 * Everything one training run is asked for, in small groups, each value checked once, where its group is
 * made: in range, or a {@link BadInput} that names the option and the value.
 *
 * @param network       what is trained
 * @param data          what it is trained and scored on
 * @param optimisation  how: epochs, batch, η, λ, μ, the η schedule, early stopping, shuffling
 * @param init          θ to start from
 * @param partitions    P; 0 for Spark's default parallelism
 * @param seed          seeds the initial weights and the shuffles
 * @param output        what the run writes besides its epoch lines
 * @param checkpointing where and how often it saves checkpoints, and whether it resumes
 */
public record Settings(Network network, Data data, Optimisation optimisation, Init init, int partitions, long seed,
                       Output output, Checkpointing checkpointing) {

    public Settings {
        checkPartitions(partitions);
        if (optimisation.steers() && data.validation() == 0) {
            throw new BadInput("--eta-schedule and --early-stop watch validation accuracy; give --validation N"
                    + " (the test set is never used to steer training)");
        }
    }

    /** The one check of --partitions, for every command that takes it: P ≥ 1, or 0 for Spark's default. */
    public static int checkPartitions(int partitions) {
        if (partitions < 0) {
            throw new BadInput("--partitions must be ≥ 1 (or 0 for Spark's default parallelism), got " + partitions);
        }
        return partitions;
    }

    /** The same settings on other data: {@code train}, and {@code test} (or null); the validation hold-out kept. */
    public Settings on(DataSource train, DataSource test) {
        return new Settings(network, new Data(train, test, data.validation()), optimisation, init, partitions, seed,
                output, checkpointing);
    }

    /** n_0, …, n_L and the cost. */
    public record Network(int[] sizes, Cost cost) {
        public Network {
            try {
                Parameters.checkSizes(sizes);
            } catch (IllegalArgumentException e) {
                throw new BadInput("--layers " + Arrays.toString(sizes) + ": " + e.getMessage());
            }
            Preflight.parameters(sizes);                                // every W^l fits in an array
            sizes = sizes.clone();
        }

        @Override
        public int[] sizes() {
            return sizes.clone();
        }

        /** n_0. */
        public int inputs() {
            return sizes[0];
        }

        /** n_L, the number of classes. */
        public int classes() {
            return sizes[sizes.length - 1];
        }
    }

    /**
     * @param train      the training set; null when none was named (the Java API then gives one)
     * @param test       the test set, or null
     * @param validation hold out the last N training examples as validation data (0: none)
     */
    public record Data(DataSource train, DataSource test, int validation) {
        public Data {
            if (validation < 0) {
                throw new BadInput("--validation must be ≥ 0, got " + validation);
            }
        }

        /**
         * What can be checked before Spark starts: the paths exist, IDX headers fit the network.
         *
         * @return N of the training set if its headers tell it (IDX), else 0
         */
        int check(Configuration hadoop, Network network) {
            if (train == null) {
                throw new BadInput("no --data DIR or --train PATH given (the bundled sample is found only when run"
                        + " from scripts/nabla)");
            }
            int count = train.check(hadoop, network.inputs(), network.classes());
            if (test != null) {
                test.check(hadoop, network.inputs(), network.classes());
            }
            return count;
        }
    }

    /**
     * @param epochs    passes over the training set
     * @param batch     B, the global mini-batch (split across the partitions)
     * @param eta       η
     * @param lambda    λ of L2 regularisation (0: none)
     * @param momentum  μ (0: plain SGD)
     * @param schedule  the η schedule (k, h), or none
     * @param earlyStop stop after this many epochs without a better validation accuracy (0: never)
     * @param shuffle   permute the examples every epoch (false: network.py's batches in file order)
     */
    public record Optimisation(int epochs, int batch, double eta, double lambda, double momentum,
                               Patience.EtaSchedule schedule, int earlyStop, boolean shuffle) {
        public Optimisation {
            if (epochs < 0) {
                throw new BadInput("--epochs must be ≥ 0, got " + epochs);
            }
            if (batch < 1) {
                throw new BadInput("--batch must be ≥ 1, got " + batch);
            }
            if (!(eta > 0) || Double.isInfinite(eta)) {
                throw new BadInput("--eta must be a positive number, got " + eta);
            }
            if (!(lambda >= 0) || Double.isInfinite(lambda)) {
                throw new BadInput("--lambda must be ≥ 0, got " + lambda);
            }
            if (!(momentum >= 0 && momentum < 1)) {
                throw new BadInput("--momentum must be in [0, 1), got " + momentum);
            }
            if (earlyStop < 0) {
                throw new BadInput("--early-stop must be ≥ 0, got " + earlyStop);
            }
        }

        /** Plain SGD (network.py): no λ, no μ, no schedule, no early stopping. */
        public static Optimisation plain(int epochs, int batch, double eta, boolean shuffle) {
            return new Optimisation(epochs, batch, eta, 0, 0, Patience.EtaSchedule.NONE, 0, shuffle);
        }

        /** Whether validation accuracy steers the run (the η schedule or early stopping). */
        public boolean steers() {
            return schedule.on() || earlyStop > 0;
        }
    }

    /**
     * θ to start from: random weights from N(0, 1) (network.py) or N(0, 1/n_{l−1}) ({@code scaled},
     * network2.py), biases from N(0, 1); or a model file ({@code model}, a Hadoop path).
     */
    public record Init(String model, boolean scaled) {
        public static final Init NORMAL = new Init(null, false);
        public static final Init SCALED = new Init(null, true);

        /** normal, scaled or a model file. */
        public static Init parse(String value) {
            return value.equals("normal") ? NORMAL : value.equals("scaled") ? SCALED : new Init(value, false);
        }

        /** θ for {@code network}, drawn from {@code seed}, or read; a model's sizes must be the network's. */
        public Parameters theta(Network network, long seed, Configuration hadoop) {
            if (model == null) {
                return Parameters.random(network.sizes(), scaled, seed);
            }
            Parameters theta = ModelFile.read(model, hadoop).theta();
            if (!Arrays.equals(theta.sizes(), network.sizes())) {
                throw new BadInput("--init " + model + " has sizes " + Arrays.toString(theta.sizes())
                        + "; --layers is " + Arrays.toString(network.sizes()));
            }
            return theta;
        }

        @Override
        public String toString() {
            return model != null ? model : scaled ? "scaled" : "normal";
        }
    }

    /**
     * @param save         where to write the trained model (a Hadoop path), or null
     * @param metrics      a file for a JSON line per epoch, or null
     * @param metricsSteps also a JSON line per step
     * @param trainAccuracy write the training set's accuracy to the metrics too
     * @param warnOnDivergence on divergence or saturation warn once and run on, rather than stop
     */
    public record Output(String save, Path metrics, boolean metricsSteps, boolean trainAccuracy,
                         boolean warnOnDivergence) {
        public static final Output NONE = new Output(null, null, false, false, false);
    }

    /**
     * @param dir    where checkpoints go (a Hadoop path), or null for none
     * @param every  K: save after every K-th step; 0 for the ends of epochs only
     * @param resume continue from the newest checkpoint in {@code dir}
     */
    public record Checkpointing(String dir, int every, boolean resume) {
        public static final Checkpointing NONE = new Checkpointing(null, 0, false);

        public Checkpointing {
            if (every < 0) {
                throw new BadInput("--checkpoint-every must be ≥ 0, got " + every);
            }
            if (resume && dir == null) {
                throw new BadInput("--resume needs --checkpoint DIR");
            }
        }
    }

    /**
     * The run as a checkpoint records it: the settings that decide the bits (not --epochs, which a resumed
     * run may raise, nor where θ starts or goes), with the P actually used and the training set's size.
     */
    public Map<String, String> decidingTheBits(int partitionsUsed, long examples) {
        return decidingTheBits(partitionsUsed, examples, null);
    }

    /** The same, with the training data's fingerprint (null: none), which --resume checks too. */
    public Map<String, String> decidingTheBits(int partitionsUsed, long examples, Fingerprint fingerprint) {
        Map<String, String> run = new TreeMap<>();
        run.put("sizes", Arrays.toString(network.sizes()));
        run.put("cost", String.valueOf(network.cost()));
        run.put("batch", Integer.toString(optimisation.batch()));
        run.put("eta", Double.toString(optimisation.eta()));
        run.put("lambda", Double.toString(optimisation.lambda()));
        run.put("momentum", Double.toString(optimisation.momentum()));
        run.put("schedule", optimisation.schedule().toString());
        run.put("earlyStop", Integer.toString(optimisation.earlyStop()));
        run.put("shuffle", Boolean.toString(optimisation.shuffle()));
        run.put("scaled", Boolean.toString(init.scaled()));
        run.put("seed", Long.toString(seed));
        run.put("validation", Integer.toString(data.validation()));
        run.put("partitions", Integer.toString(partitionsUsed));
        run.put("examples", Long.toString(examples));
        if (fingerprint != null) {
            run.putAll(fingerprint.entries());
        }
        return run;
    }
}
