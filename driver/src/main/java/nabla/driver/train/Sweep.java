package nabla.driver.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import nabla.driver.data.BadInput;
import nabla.worker.Cost;
import nabla.worker.Parameters;
import nabla.worker.Score;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A sweep: K models, each as {@link Settings} describe a single {@link Run}, trained by the run's own
 * {@link Loop} with K models: the same mini-batches, every step one Spark job for all live models. Each
 * model's θ has the bits its own run would give. A model leaves the step's job from the step after it
 * finishes (its epochs, its η schedule or early stopping, or divergence: {@link Divergence}, the run's
 * rule, drops it with the line its run would print). What is the sweep's own: the grid, the table per
 * epoch, the ranking by best validation accuracy, the test set scored once at the end for the top models
 * only (it steers nothing), and its files ({@link SweepFiles}).
 */
public final class Sweep {
    /** K's limit: the θs sent each step, the gradients and a step's backprop all grow linearly in K. */
    public static final int MAX_MODELS = 64;
    /** The hold-out when --validation is not given: the book's 10,000, or 1/6 of a smaller training set. */
    public static final int DEFAULT_VALIDATION = Holdout.DEFAULT;

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
        if (!plan.defaultHoldout() && models.get(0).data().validation() == 0) {
            throw new BadInput("a sweep ranks its models by validation accuracy: give --validation N ≥ 1, or leave it"
                    + " out for the default hold-out");
        }
        int partitions = models.get(0).partitions();
        SweepMemory.checkDriver(models, partitions > 0 ? partitions : Runtime.getRuntime().availableProcessors());
        List<Parameters> initial = new ArrayList<>();
        for (Settings s : models) {
            initial.add(s.init().theta(s.network(), s.seed(), hadoop));
            int count = s.data().check(hadoop, s.network());
            if (count > 0) {
                Holdout.checkPartitions(partitions, count,
                        plan.defaultHoldout() ? Holdout.defaultSize(count) : s.data().validation(), s.data().train().name());
            }
        }
        return new Sweep(plan, initial);
    }

    /** Loads the data on {@code sc}, trains every model, ranks them, writes what the plan asks for. */
    public List<Outcome> run(JavaSparkContext sc, Terminal terminal) {
        Settings first = plan.models().get(0);
        SweepMemory.checkExecutors(plan.models(), sc);
        DataSets sets = DataSets.load(sc, first, plan.defaultHoldout());
        try {
            Loop loop = new Loop(sc, sets, first, Loop.Policy.SWEEP);
            List<Model> models = models(sets, loop, terminal);
            Map<Integer, String> labels = Grid.labels(plan.models());
            SweepReport report = new SweepReport(terminal.out(), labels);
            report.header(sets, sets.partitions(), models.size(), sc.master());
            try (SweepFiles files = new SweepFiles(plan.files(), sc.hadoopConfiguration(), labels)) {
                files.resume(models, terminal.out());
                loop.run(models, first.optimisation().epochs(), (epoch, trained, all) -> {
                    report.epoch(epoch, trained, all);
                    files.epochDone(epoch, trained, all);
                });
                List<Outcome> ranked = rank(models, sc, sets);
                report.ranking(ranked);
                files.save(ranked);
                return ranked;
            }
        } finally {
            sets.release();
        }
    }

    /** Best validation accuracy first (ties: the earlier model); the top {@code plan.top()} scored on the test set. */
    private List<Outcome> rank(List<Model> models, JavaSparkContext sc, DataSets sets) {
        List<Model> order = new ArrayList<>(models);
        order.sort(Comparator.comparingDouble((Model m) -> -m.best).thenComparingInt(m -> m.id));
        List<Model> top = order.subList(0, Math.min(plan.top(), order.size()));
        Score[] test = new Score[0];
        if (sets.test() != null && !top.isEmpty()) {
            sc.setJobDescription("sweep · test accuracy of the top " + top.size());
            test = Trainer.scores(sc, sets.test().shards(), top.stream().map(m -> m.theta).toArray(Parameters[]::new),
                    top.stream().map(Model::cost).toArray(Cost[]::new), 1);
        }
        Map<Integer, String> labels = Grid.labels(plan.models());
        List<Outcome> ranked = new ArrayList<>();
        for (int r = 0; r < order.size(); r++) {
            Model m = order.get(r);
            ranked.add(new Outcome(m.id, r + 1, labels.get(m.id), m.settings, m.theta, List.copyOf(m.accuracies),
                    List.copyOf(m.costs), m.best, m.bestEpoch, m.ended == null ? "done" : m.ended,
                    r < test.length ? test[r] : null));
        }
        return ranked;
    }

    /**
     * One model per point of the grid, its n the training set's size after the hold-out (as its run's
     * updater has), its listeners Divergence and Patience, told the run's facts.
     */
    private List<Model> models(DataSets sets, Loop loop, Terminal terminal) {
        List<Model> models = new ArrayList<>();
        for (int i = 0; i < plan.models().size(); i++) {
            Settings s = plan.models().get(i);
            if (plan.defaultHoldout()) {
                s = Grid.withValidation(s, sets.validation().count());
            }
            Model model = new Model(i + 1, s, initial.get(i), sets.training().count(), Terminal.SILENT.out(),
                    terminal.err());
            model.started(loop.start(model));
            models.add(model);
        }
        return models;
    }
}
