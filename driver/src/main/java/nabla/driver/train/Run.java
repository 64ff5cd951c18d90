package nabla.driver.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import nabla.driver.data.BadInput;
import nabla.driver.data.ModelFile;
import nabla.worker.Parameters;
import nabla.worker.Sgd;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One training run, as {@link Settings} describe it: θ₀ and the data checked before Spark starts
 * ({@link #check}), then on Spark ({@link #train}) the data loaded, --epochs passes of mini-batch SGD in
 * the {@link Loop} with one {@link Model}, whose {@link Position} is kept there and handed to its listeners
 * (divergence, progress, the epoch lines, metrics, the η schedule and early stopping, checkpoints), and the
 * model saved. The command line and the Java API both train through this class; a {@link Sweep} is the
 * same loop with K models.
 */
public final class Run {
    private final Settings settings;
    private final Parameters initial;

    private Run(Settings settings, Parameters initial) {
        this.settings = settings;
        this.initial = initial;
    }

    /**
     * What can be checked before Spark starts: θ₀ (a --init model must fit --layers), the data paths and
     * IDX headers, and for IDX an explicit --partitions against the examples to train on. Bad input throws {@link nabla.driver.data.BadInput}.
     */
    public static Run check(Settings settings, Configuration hadoop) {
        Parameters initial = settings.init().theta(settings.network(), settings.seed(), hadoop);
        int count = settings.data().check(hadoop, settings.network());
        Holdout.checkPartitions(settings.partitions(), count, settings.data().validation(),
                settings.data().train().name());
        return new Run(settings, initial);
    }

    /**
     * Loads the data on {@code sc}, trains, saves the model if asked; prints on {@code terminal}. A run
     * that diverges or saturates (see {@link Divergence}) throws {@link Divergence.Diverged} and saves
     * nothing, unless its settings say to warn and run on.
     */
    public ModelFile.Model train(JavaSparkContext sc, Terminal terminal) {
        DataSets sets = DataSets.load(sc, settings);
        Parameters theta;
        try {
            theta = new Training(sc, sets, terminal).run();
        } finally {
            sets.release();
        }
        ModelFile.Model model = new ModelFile.Model(theta, settings.network().cost());
        String save = settings.output().save();
        if (save != null) {
            ModelFile.write(save, sc.hadoopConfiguration(), theta, model.cost());
            terminal.out().println("nabla: saved " + save);
        }
        return model;
    }

    /** What a checkpoint keeps besides θ and the position: the updater's state and the η schedule's counts. */
    record Carried(Sgd.State sgd, Patience.State patience) implements Serializable {
    }

    /** A run on loaded data: its one model, the loop, what it writes. */
    private final class Training {
        private final JavaSparkContext sc;
        private final DataSets sets;
        private final Terminal terminal;
        private final Loop loop;
        private final Model model;

        Training(JavaSparkContext sc, DataSets sets, Terminal terminal) {
            this.sc = sc;
            this.sets = sets;
            this.terminal = terminal;
            this.loop = new Loop(sc, sets, settings, Loop.Policy.RUN);
            this.model = new Model(1, settings, initial, sets.training().count(), terminal.out(), terminal.err());
        }

        /** From θ₀, or from the newest checkpoint with --resume, to the last epoch or a listener's stop. */
        Parameters run() {
            Checkpoints checkpoints = settings.checkpointing().dir() == null ? null : new Checkpoints(
                    settings.checkpointing().dir(), sc.hadoopConfiguration(), settings.checkpointing().every(),
                    loop.stepsPerEpoch(), settings.decidingTheBits(sets.partitions(), sets.training().count(),
                    sets.training().fingerprint()),
                    () -> new Carried(model.sgd.state(), model.patience.state()), terminal.err());
            try (checkpoints) {                         // released however the run ends, a refused resume too
                Checkpoint resumed = settings.checkpointing().resume() ? resume(checkpoints) : null;
                try (Metrics metrics = settings.output().metrics() == null ? null
                        : new Metrics(settings.output().metrics(), settings.checkpointing().resume(),
                                sets.partitions(), settings.output().metricsSteps())) {
                    listen(metrics, checkpoints);
                    model.started(loop.start(model));
                    if (settings.checkpointing().resume()) {
                        say(checkpoints, resumed);
                    }
                    loop.run(List.of(model), settings.optimisation().epochs(), Loop.Epochs.NONE);
                    return model.theta;
                }
            }
        }

        /**
         * The listeners the settings ask for, in the order they hear of an epoch's end (after Divergence):
         * the progress line is cleared, the epoch line printed, the metrics written, the η schedule and
         * early stopping steer, and then the checkpoint is saved (with what they did).
         */
        private void listen(Metrics metrics, Checkpoints checkpoints) {
            List<TrainingListener> reporting = new ArrayList<>();
            if (terminal.prints()) {
                reporting.add(new Progress(terminal.err(), terminal.live()));
                reporting.add(new Report(terminal.out(), terminal.err()));
            }
            if (metrics != null) {
                reporting.add(metrics);
            }
            model.listen(reporting, checkpoints == null ? List.of() : List.of(checkpoints));
        }

        /**
         * The newest checkpoint, whose θ, position, updater and counts the run goes on from; null when there
         * is none yet (the run starts from the beginning).
         */
        private Checkpoint resume(Checkpoints checkpoints) {
            Checkpoint latest = checkpoints.latest();
            if (latest == null) {
                return null;
            }
            int epochs = settings.optimisation().epochs();
            if (latest.position().epoch() > epochs) {
                throw new BadInput("the newest checkpoint in " + checkpoints.directory() + " is past epoch "
                        + (latest.position().epoch() - 1) + "; --epochs " + epochs + " ends before it");
            }
            Carried carried = (Carried) latest.updater();
            model.sgd.restore(carried.sgd());
            model.patience.restore(carried.patience());
            model.theta = latest.theta();
            model.at = latest.position();
            if (model.patience.stopped()) {             // the checkpoint's run had already been ended by its rules
                model.ended = "stalled";
            }
            return latest;
        }

        /** Where a resumed run goes on from, and whether its rules had already ended it. */
        private void say(Checkpoints checkpoints, Checkpoint resumed) {
            if (resumed == null) {
                terminal.out().printf("nabla: no checkpoint in %s; starting from the beginning%n",
                        checkpoints.directory());
                return;
            }
            Position from = resumed.position();
            terminal.out().printf("nabla: resumed from %s at epoch %d, step %d of %d%n", checkpoints.directory(),
                    from.epoch(), from.step(), loop.stepsPerEpoch());
            if (model.patience.stopped()) {
                terminal.out().printf("nabla: that run had stopped (validation accuracy stalled, best %.4f);"
                        + " nothing more to train%n", model.patience.best());
            }
        }
    }
}
