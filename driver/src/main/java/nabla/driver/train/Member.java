package nabla.driver.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import nabla.worker.Cost;
import nabla.worker.Gradient;
import nabla.worker.Parameters;
import nabla.worker.Sgd;

/**
 * One model of a sweep as it trains: its settings, θ, its own updater (η, λ, μ, the velocity) and η
 * schedule / early stopping, the epoch's cost so far, its validation curve, and why it finished (null
 * while it is live). Everything a single {@link Run} keeps for its model, kept the same way, so the model
 * takes the same bits.
 */
final class Member {
    /** The mean cost per example at or above which an epoch counts as saturated: ¾ of the cost's ceiling. */
    private static final double SATURATED = 0.75;
    /** Saturated epochs in a row that end a model ("stuck" at the ceiling, not one bad epoch). */
    private static final int STUCK = 2;

    final int id;
    final Settings settings;
    final Sgd sgd;
    final Patience patience;
    Parameters theta;
    double costSum;
    long examples;
    String ended;
    int saturatedEpochs;
    final List<Double> accuracies = new ArrayList<>();
    final List<Double> costs = new ArrayList<>();
    double best = Double.NEGATIVE_INFINITY;
    int bestEpoch = -1;

    Member(int id, Settings settings, Parameters initial, long n) {
        Settings.Optimisation o = settings.optimisation();
        this.id = id;
        this.settings = settings;
        this.sgd = new Sgd(o.eta(), o.lambda(), n, o.momentum());
        this.patience = new Patience(sgd, o.schedule(), o.earlyStop());
        this.theta = initial;
    }

    boolean live() {
        return ended == null;
    }

    Cost cost() {
        return settings.network().cost();
    }

    /**
     * θ ← the update of Σ∇C over the step's batch; Σ C and m added to the epoch's as a run adds them. A
     * NaN in the cost, or a NaN or ∞ in θ, ends the model. (An infinite Σ C alone is not divergence: it is
     * what network2.py's ceiling for a saturated cross-entropy term adds up to; see {@link #epochDone}.)
     */
    void step(Gradient sum, int epoch, int k) {
        theta = sgd.update(theta, sum);
        costSum += sum.cost();
        examples += sum.m();
        if (Double.isNaN(sum.cost()) || !finite(theta)) {
            ended = "diverged (NaN/∞) at epoch " + epoch + ", step " + (k + 1);
        }
    }

    /**
     * The end of an epoch: its mean cost and validation accuracy recorded, the η schedule and early stopping
     * fed (as a run feeds them), and the model ended by them, by saturation or by the last epoch.
     */
    void epochDone(int epoch, double accuracy, int epochs) {
        double meanCost = costSum / examples;
        accuracies.add(accuracy);
        costs.add(meanCost);
        costSum = 0;
        examples = 0;
        if (accuracy > best) {
            best = accuracy;
            bestEpoch = epoch;
        }
        saturatedEpochs = meanCost >= SATURATED * ceiling() ? saturatedEpochs + 1 : 0;
        if (patience.on() && patience.epochDone(accuracy) == Patience.Verdict.STOP) {
            ended = settings.optimisation().earlyStop() > 0 && !settings.optimisation().schedule().on()
                    ? "early stop at epoch " + epoch : "stalled (η schedule or early stop) at epoch " + epoch;
        } else if (saturatedEpochs >= STUCK) {
            ended = "saturated (cost " + String.format("%.3g", meanCost) + ", " + STUCK + " epochs) at epoch " + epoch;
        } else if (epoch + 1 >= epochs) {
            ended = "done";
        }
    }

    /**
     * The largest mean cost an example can have once the output layer saturates the wrong way: ½ n_L for
     * the quadratic cost (every output 0/1 and wrong), network2.py's largest double for cross-entropy.
     */
    private double ceiling() {
        return cost() == Cost.QUADRATIC ? 0.5 * settings.network().classes() : Double.MAX_VALUE;
    }

    private static boolean finite(Parameters theta) {
        for (int l = 1; l <= theta.layers(); l++) {
            for (double v : theta.w(l)) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
            for (double v : theta.b(l)) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** What a checkpoint keeps of a model besides θ: its updater, its rules' counts, its curve, its state. */
    record Saved(Parameters theta, Sgd.State sgd, Patience.State patience, List<Double> accuracies,
                 List<Double> costs, String ended, int saturatedEpochs) implements Serializable {
    }

    Saved save() {
        return new Saved(theta, sgd.state(), patience.state(), List.copyOf(accuracies), List.copyOf(costs), ended,
                saturatedEpochs);
    }

    void restore(Saved saved) {
        theta = saved.theta();
        sgd.restore(saved.sgd());
        patience.restore(saved.patience());
        accuracies.clear();
        accuracies.addAll(saved.accuracies());
        costs.clear();
        costs.addAll(saved.costs());
        ended = "done".equals(saved.ended()) ? null : saved.ended();   // --epochs may have been raised
        saturatedEpochs = saved.saturatedEpochs();
        for (int e = 0; e < accuracies.size(); e++) {
            if (accuracies.get(e) > best) {
                best = accuracies.get(e);
                bestEpoch = e;
            }
        }
    }
}
