package nabla.driver.train;

import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import nabla.worker.Cost;
import nabla.worker.Gradient;
import nabla.worker.Parameters;
import nabla.worker.Sgd;

/**
 * One model in the {@link Loop}: its settings, θ, its own updater (η, λ, μ, the velocity), its
 * {@link Position} (the one place it is kept), and its listeners: {@link Divergence} first, then the
 * ones that report, then {@link Patience} (the η schedule and early stopping), then the ones that save.
 * Also its validation curve, and why it finished (null while it is live). A run has one model, a sweep K;
 * each is kept the same way, so each takes the bits of a run of its own.
 */
final class Model {
    final int id;
    final Settings settings;
    final Sgd sgd;
    final Patience patience;
    private final Divergence divergence;
    private final List<TrainingListener> listeners = new ArrayList<>();
    Parameters theta;
    Position at = Position.START;
    String ended;
    final List<Double> accuracies = new ArrayList<>();
    final List<Double> costs = new ArrayList<>();
    double best = Double.NEGATIVE_INFINITY;
    int bestEpoch = -1;

    /**
     * @param n   the training set's size after the hold-out, the updater's n
     * @param out where the η schedule says what it did
     * @param err where a divergence warning goes (with --on-divergence warn)
     */
    Model(int id, Settings settings, Parameters initial, long n, PrintStream out, PrintStream err) {
        Settings.Optimisation o = settings.optimisation();
        this.id = id;
        this.settings = settings;
        this.sgd = new Sgd(o.eta(), o.lambda(), n, o.momentum());
        this.patience = new Patience(sgd, o.schedule(), o.earlyStop(), out);
        this.divergence = new Divergence(settings, err);
        this.theta = initial;
        listen(List.of(), List.of());
    }

    /**
     * Its listeners, told of every step and epoch in this order: Divergence, {@code reporting}, Patience,
     * {@code saving}.
     */
    void listen(List<TrainingListener> reporting, List<TrainingListener> saving) {
        listeners.clear();
        listeners.add(divergence);                            // first: it stops a step before a save
        listeners.addAll(reporting);
        listeners.add(patience);
        listeners.addAll(saving);
    }

    boolean live() {
        return ended == null;
    }

    Cost cost() {
        return settings.network().cost();
    }

    /** Before its first step. */
    void started(TrainingListener.Start start) {
        listeners.forEach(listener -> listener.started(start));
    }

    /**
     * θ ← the update of Σ∇C over the step's batch; the position moves on; the listeners hear of it (a
     * diverged step throws {@link Divergence.Diverged} out of Divergence, before the others hear of it).
     */
    void step(Gradient sum) {
        Trainer.Step done = Trainer.update(sgd, theta, sum);
        theta = done.theta();
        at = at.after(done);
        for (TrainingListener listener : listeners) {
            listener.stepDone(at, done);
        }
    }

    /**
     * The end of an epoch: its validation accuracy and mean cost on the curve, the listeners told (the η
     * schedule and early stopping among them), and the model ended by them or by the last epoch.
     */
    void epochDone(TrainingListener.Epoch end, int epochs) {
        if (end.validation() != null) {
            accuracies.add(end.validation().accuracy());
            costs.add(end.meanCost());
            if (end.validation().accuracy() > best) {
                best = end.validation().accuracy();
                bestEpoch = end.epoch();
            }
        }
        boolean stop = false;
        for (TrainingListener listener : listeners) {
            stop |= listener.epochDone(at, end) == TrainingListener.Decision.STOP;
        }
        if (stop) {
            ended = stalled(end.epoch());
        } else if (end.epoch() + 1 >= epochs) {
            ended = "done";
        }
        at = at.nextEpoch();
    }

    /** How the η schedule or early stopping ended it, after epoch {@code epoch}. */
    private String stalled(int epoch) {
        Settings.Optimisation o = settings.optimisation();
        return o.earlyStop() > 0 && !o.schedule().on() ? "early stop at epoch " + epoch
                : "stalled (η schedule or early stop) at epoch " + epoch;
    }

    /** What a sweep's checkpoint keeps of a model: θ, its updater, its rules' counts, its curve, its end. */
    record Saved(Parameters theta, Sgd.State sgd, Patience.State patience, List<Double> accuracies,
                 List<Double> costs, String ended) implements Serializable {
    }

    Saved save() {
        return new Saved(theta, sgd.state(), patience.state(), List.copyOf(accuracies), List.copyOf(costs), ended);
    }

    /** Goes on from {@code saved} at the start of epoch {@code next}. */
    void restore(Saved saved, int next) {
        theta = saved.theta();
        at = new Position(next, 0, 0, 0);
        sgd.restore(saved.sgd());
        patience.restore(saved.patience());
        accuracies.clear();
        accuracies.addAll(saved.accuracies());
        costs.clear();
        costs.addAll(saved.costs());
        ended = "done".equals(saved.ended()) ? null : saved.ended();   // --epochs may have been raised
        for (int e = 0; e < accuracies.size(); e++) {
            if (accuracies.get(e) > best) {
                best = accuracies.get(e);
                bestEpoch = e;
            }
        }
    }
}
