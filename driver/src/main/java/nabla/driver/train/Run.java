package nabla.driver.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import nabla.driver.data.BadInput;
import nabla.driver.data.ModelFile;
import nabla.worker.MiniBatches;
import nabla.worker.Parameters;
import nabla.worker.Sgd;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One training run, as {@link Settings} describe it: θ₀ and the data checked before Spark starts
 * ({@link #check}), then on Spark ({@link #train}) the data loaded, --epochs passes of mini-batch SGD
 * (each step one {@link Trainer#step}), the run's {@link Position} kept here and handed to its listeners
 * (progress, the epoch lines, metrics, the η schedule and early stopping, checkpoints), and the model
 * saved. The command line and the Java API both train through this class.
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
            theta = new Loop(sc, sets, terminal).run();
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

    /** The loop of one run on loaded data: its updater, its listeners, its position. */
    private final class Loop {
        private final JavaSparkContext sc;
        private final DataSets sets;
        private final Terminal terminal;
        private final Sgd sgd;
        private final Trainer trainer;
        private final Patience patience;

        Loop(JavaSparkContext sc, DataSets sets, Terminal terminal) {
            Settings.Optimisation o = settings.optimisation();
            int n = sets.training().count();
            this.sc = sc;
            this.sets = sets;
            this.terminal = terminal;
            this.sgd = new Sgd(o.eta(), o.lambda(), n, o.momentum());
            this.trainer = new Trainer(sc, sets.training().shards(),
                    new MiniBatches(n, o.batch(), sets.partitions(), o.shuffle(), settings.seed()),
                    settings.network().cost(), sgd);
            this.patience = new Patience(sgd, o.schedule(), o.earlyStop(), terminal.out());
        }

        /** From θ₀, or from the newest checkpoint with --resume, to the last epoch or a listener's stop. */
        Parameters run() {
            int steps = trainer.batches().steps();
            Checkpoints checkpoints = settings.checkpointing().dir() == null ? null : new Checkpoints(
                    settings.checkpointing().dir(), sc.hadoopConfiguration(), settings.checkpointing().every(),
                    steps, settings.decidingTheBits(sets.partitions(), sets.training().count(),
                    sets.training().fingerprint()),
                    () -> new Carried(sgd.state(), patience.state()), terminal.err());
            try (checkpoints) {                         // released however the run ends, a refused resume too
                Checkpoint resumed = settings.checkpointing().resume() ? resume(checkpoints) : null;
                Parameters theta = resumed == null ? initial : resumed.theta();
                Position from = resumed == null ? Position.START : resumed.position();
                try (Metrics metrics = settings.output().metrics() == null ? null
                        : new Metrics(settings.output().metrics(), settings.checkpointing().resume(),
                                sets.partitions(), settings.output().metricsSteps())) {
                    List<TrainingListener> listeners = listeners(metrics, checkpoints);
                    TrainingListener.Start start = new TrainingListener.Start(settings, sc.master(),
                            sets.partitions(), steps, sets.training(), sets.validation(), sets.test(), from);
                    listeners.forEach(listener -> listener.started(start));
                    if (settings.checkpointing().resume()) {
                        say(checkpoints, resumed);
                    }
                    return epochs(theta, from, patience.stopped() ? from.epoch() : settings.optimisation().epochs(),
                            listeners);
                }
            }
        }

        /**
         * The listeners the settings ask for, in the order they hear of an epoch's end: the progress line is
         * cleared, the epoch line printed, the metrics written, the η schedule and early stopping steer, and
         * then the checkpoint is saved (with what they did).
         */
        private List<TrainingListener> listeners(Metrics metrics, Checkpoints checkpoints) {
            List<TrainingListener> listeners = new ArrayList<>();
            listeners.add(new Divergence(settings, terminal.err()));       // first: it stops a step before a save
            if (terminal.prints()) {
                listeners.add(new Progress(terminal.err(), terminal.live()));
                listeners.add(new Report(terminal.out(), terminal.err()));
            }
            if (metrics != null) {
                listeners.add(metrics);
            }
            listeners.add(patience);
            if (checkpoints != null) {
                listeners.add(checkpoints);
            }
            return listeners;
        }

        /** Epochs {@code from} … {@code epochs} − 1 from θ; each step and epoch told to the listeners. */
        private Parameters epochs(Parameters theta, Position from, int epochs, List<TrainingListener> listeners) {
            Position at = from;
            while (at.epoch() < epochs) {
                int epoch = at.epoch();
                sc.setJobGroup("epoch " + epoch, "epoch " + epoch + " of " + epochs, false);   // for the Spark UI
                long start = System.nanoTime();
                for (int k = at.step(); k < trainer.batches().steps(); k++) {
                    Trainer.Step done = trainer.step(theta, epoch, k);
                    theta = done.theta();
                    at = at.after(done);
                    for (TrainingListener listener : listeners) {
                        listener.stepDone(at, done);
                    }
                }
                TrainingListener.Epoch end = sets.scores(epoch, theta, at, (System.nanoTime() - start) / 1e9,
                        settings.network().cost(), settings.optimisation().lambda(), settings.output().trainAccuracy());
                boolean stop = false;
                for (TrainingListener listener : listeners) {
                    stop |= listener.epochDone(at, end) == TrainingListener.Decision.STOP;
                }
                if (stop) {
                    break;
                }
                at = at.nextEpoch();
            }
            return theta;
        }

        /**
         * The newest checkpoint, whose θ, updater and counts the run goes on from; null when there is none
         * yet (the run starts from the beginning).
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
            sgd.restore(carried.sgd());
            patience.restore(carried.patience());
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
                    from.epoch(), from.step(), trainer.batches().steps());
            if (patience.stopped()) {                   // the checkpoint's run had already been ended by its rules
                terminal.out().printf("nabla: that run had stopped (validation accuracy stalled, best %.4f);"
                        + " nothing more to train%n", patience.best());
            }
        }
    }
}
