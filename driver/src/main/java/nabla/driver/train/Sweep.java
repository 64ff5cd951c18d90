package nabla.driver.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import nabla.driver.data.BadInput;
import nabla.driver.data.DataSource;
import nabla.worker.Gradient;
import nabla.worker.MiniBatches;
import nabla.worker.Parameters;
import nabla.worker.Score;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A sweep: K models, each as {@link Settings} describe a single {@link Run}, trained in lockstep over the
 * same mini-batches, every step one Spark job for all live models ({@link Lockstep}). Each model's θ has
 * the bits its own run would give. A model leaves the broadcast from the step after it finishes (its
 * epochs, its η schedule or early stopping, divergence). Models are ranked by their best validation
 * accuracy; the test set is scored once at the end, for the top models only, and steers nothing.
 */
public final class Sweep {
    /** K's limit: the broadcast, the gradients and a step's backprop all grow linearly in K. */
    public static final int MAX_MODELS = 64;
    /** The hold-out when --validation is not given: the book's 10,000, or 1/6 of a smaller training set. */
    public static final int DEFAULT_VALIDATION = 10_000;

    private final Plan plan;
    private final List<Parameters> initial;

    /**
     * What a sweep is asked for.
     *
     * @param models         each model's settings, as {@code nabla train} would run it alone
     * @param defaultHoldout the models' --validation was not given: hold out {@link #DEFAULT_VALIDATION}
     *                       or 1/6 of the training set, whichever is smaller
     * @param top            how many of the best models get their test accuracy at the end
     * @param files          what it writes: models, sweep.json, metrics, checkpoints
     */
    public record Plan(List<Settings> models, boolean defaultHoldout, int top, SweepFiles.Paths files) {
        public Plan {
            models = List.copyOf(models);
            if (top < 0) {
                throw new BadInput("--top must be ≥ 0, got " + top);
            }
        }
    }

    /** A model's end: its rank (1 = best validation accuracy), curves, final θ, and test score if among the top. */
    public record Outcome(int id, int rank, String label, Settings settings, Parameters theta,
                          List<Double> accuracies, List<Double> costs, double best, int bestEpoch, String ended,
                          Score test) {
    }

    private Sweep(Plan plan, List<Parameters> initial) {
        this.plan = plan;
        this.initial = initial;
    }

    /** What can be checked before Spark starts: K, lockstep, duplicates, θ₀ and the data for every model. */
    public static Sweep check(Plan plan, Configuration hadoop) {
        List<Settings> models = plan.models();
        if (models.isEmpty()) {
            throw new BadInput("a sweep needs at least one model");
        }
        if (models.size() > MAX_MODELS) {
            throw new BadInput("a sweep of " + models.size() + " models is above the limit of " + MAX_MODELS);
        }
        Grid.checkLockstep(models);
        int partitions = models.get(0).partitions();
        SweepMemory.checkDriver(models, partitions > 0 ? partitions : Runtime.getRuntime().availableProcessors());
        List<Parameters> initial = new ArrayList<>();
        for (Settings s : models) {
            initial.add(s.init().theta(s.network(), s.seed(), hadoop));
            int count = s.data().check(hadoop, s.network());
            if (count > 0) {
                Holdout.checkPartitions(partitions, count, holdout(plan, count), s.data().train().name());
            }
        }
        return new Sweep(plan, initial);
    }

    /** Loads the data on {@code sc}, trains every model, ranks them, writes what the plan asks for. */
    public List<Outcome> run(JavaSparkContext sc, Terminal terminal) {
        Settings first = plan.models().get(0);
        int partitions = first.partitions() > 0 ? first.partitions() : sc.defaultParallelism();
        SweepMemory.checkExecutors(plan.models(), sc);
        DataSets sets = load(sc, first, partitions);
        try {
            List<Member> members = members(sets);
            SweepFiles files = new SweepFiles(plan.files(), sc.hadoopConfiguration(), Grid.labels(plan.models()));
            Lockstep lockstep = new Lockstep(sc, sets.training().shards(), new MiniBatches(sets.training().count(),
                    first.optimisation().batch(), partitions, first.optimisation().shuffle(), first.seed()));
            SweepReport report = new SweepReport(terminal.out(), Grid.labels(plan.models()));
            report.header(sets, partitions, members.size(), sc.master());
            int from = files.resume(members, terminal.out());
            try (files) {
                epochs(sc, lockstep, sets, members, from, report, files);
            }
            List<Outcome> ranked = rank(members, sc, lockstep, sets);
            report.ranking(ranked);
            files.save(ranked);
            return ranked;
        } finally {
            sets.release();
        }
    }

    /** Epochs {@code from} on, until every model has finished. */
    private void epochs(JavaSparkContext sc, Lockstep lockstep, DataSets sets, List<Member> members, int from,
                        SweepReport report, SweepFiles files) {
        int epochs = plan.models().get(0).optimisation().epochs();
        for (int epoch = from; epoch < epochs && members.stream().anyMatch(Member::live); epoch++) {
            sc.setJobGroup("epoch " + epoch, "sweep epoch " + epoch + " of " + epochs, false);
            List<Member> started = members.stream().filter(Member::live).toList();
            for (int k = 0; k < lockstep.batches().steps(); k++) {
                List<Member> live = started.stream().filter(Member::live).toList();
                if (live.isEmpty()) {
                    break;
                }
                Gradient[] sums = lockstep.gradients(models(live), epoch, k);
                for (int i = 0; i < sums.length; i++) {
                    live.get(i).step(sums[i], epoch, k);
                }
            }
            List<Member> scored = started.stream().filter(Member::live).toList();
            sc.setJobDescription("epoch " + epoch + " · validation · " + scored.size() + " live models");
            Score[] validation = scored.isEmpty() ? new Score[0]
                    : lockstep.scores(sets.validation().shards(), models(scored));
            for (int i = 0; i < scored.size(); i++) {
                scored.get(i).epochDone(epoch, validation[i].accuracy(), epochs);
            }
            report.epoch(epoch, started, members);
            files.epochDone(epoch, started, members);
        }
    }

    /** The live models as one broadcast value. */
    private static Lockstep.Models models(List<Member> live) {
        return new Lockstep.Models(live.stream().map(m -> m.theta).toArray(Parameters[]::new),
                live.stream().map(Member::cost).toArray(nabla.worker.Cost[]::new));
    }

    /** Best validation accuracy first (ties: the earlier model); the top {@code plan.top()} scored on the test set. */
    private List<Outcome> rank(List<Member> members, JavaSparkContext sc, Lockstep lockstep, DataSets sets) {
        List<Member> order = new ArrayList<>(members);
        order.sort(Comparator.comparingDouble((Member m) -> -m.best).thenComparingInt(m -> m.id));
        List<Member> top = order.subList(0, Math.min(plan.top(), order.size()));
        Score[] test = new Score[top.size()];
        if (sets.test() != null && !top.isEmpty()) {
            sc.setJobDescription("sweep · test accuracy of the top " + top.size());
            test = lockstep.scores(sets.test().shards(), models(top));
        }
        Map<Integer, String> labels = Grid.labels(plan.models());
        List<Outcome> ranked = new ArrayList<>();
        for (int r = 0; r < order.size(); r++) {
            Member m = order.get(r);
            ranked.add(new Outcome(m.id, r + 1, labels.get(m.id), m.settings, m.theta, List.copyOf(m.accuracies),
                    List.copyOf(m.costs), m.best, m.bestEpoch, m.ended == null ? "done" : m.ended, r < test.length ? test[r] : null));
        }
        return ranked;
    }

    /** One member per model, its n the training set's size after the hold-out (as its run's updater has). */
    private List<Member> members(DataSets sets) {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < plan.models().size(); i++) {
            Settings s = plan.models().get(i);
            if (plan.defaultHoldout()) {
                s = Grid.withValidation(s, sets.validation().count());
            }
            members.add(new Member(i + 1, s, initial.get(i), sets.training().count()));
        }
        return members;
    }

    /** V for N training examples: --validation, or the default hold-out. */
    private static int holdout(Plan plan, int count) {
        return plan.defaultHoldout() ? Math.min(DEFAULT_VALIDATION, count / 6) : plan.models().get(0).data().validation();
    }

    /**
     * The training set less its hold-out (--validation, or the default), and the test set, as P cached shards;
     * as {@link DataSets#load}, with the hold-out's size decided once the training set's is known.
     */
    private DataSets load(JavaSparkContext sc, Settings first, int partitions) {
        Settings.Network net = first.network();
        DataSource.Loaded training = first.data().train().load(sc, partitions, net.inputs(), net.classes(),
                count -> Holdout.checkPartitions(first.partitions(), count, holdout(plan, count),
                        first.data().train().name()));
        int validation = holdout(plan, training.count());
        int batch = first.optimisation().batch();
        if (validation < 1 || batch > training.count() - validation) {
            training.shards().unpersist(false);
            throw new BadInput("a hold-out of " + validation + " of " + training.count() + " training examples"
                    + " leaves fewer than --batch " + batch + " to train on, or none to rank by (--validation N)");
        }
        DataSource test = first.data().test();
        DataSource.Loaded testing = test == null ? null : test.load(sc, partitions, net.inputs(), net.classes());
        Holdout.Split split = Holdout.split(training, validation, partitions);
        return new DataSets(sc, partitions, split.training(), split.validation(), testing);
    }
}
