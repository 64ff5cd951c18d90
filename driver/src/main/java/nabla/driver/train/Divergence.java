package nabla.driver.train;

import java.io.PrintStream;
import nabla.worker.Cost;
import nabla.worker.Parameters;

/**
 * Watches every step for a run that went wrong, and stops it (or, with {@code --on-divergence warn}, says
 * so once and lets it run on) with one line: the epoch and step, what was seen, the likely cause and a fix.
 *
 * <ul>
 * <li><b>Diverged:</b> the step's Σ C is NaN, or θ after the step holds NaN or ±∞. θ is checked through
 *     Σθ, which is not finite when any element is not: one pass over θ's doubles (24k for [784,30,10],
 *     about 10 µs, against a step of about 10 ms).
 * <li><b>Saturated</b>, over a window of the last W = max(100, ⌈1000/B⌉) steps (at least 1,000 examples):
 *     <ul>
 *     <li>the cost at its ceiling: the window's mean cost per example is at least ½ n_L κ, κ the cost of one
 *         output neuron saturated on the wrong side (quadratic ½; cross-entropy 36.7 = −ln 2⁻⁵³, the
 *         smallest 1 − σ(z) a double holds, past which network2.py's nan_to_num gives the largest double);
 *     <li>or accuracy at chance while the cost stops moving: the window's examples, each classified by θ
 *         before its step's update, are right no more often than 1/n_L + 3 standard deviations of chance,
 *         and the mean cost of the window's second half is within 1% of its first half's.
 *     </ul>
 * </ul>
 * A run that learns leaves chance within a few dozen steps and its cost falls, so neither fires on it.
 * Runs on the driver, on the m, Σ C and correct count each step already returns.
 */
public final class Divergence implements TrainingListener {
    /** The exit status of a run stopped by divergence: neither done (0) nor bad input (2). */
    public static final int EXIT_STATUS = 3;
    /** Steps in the window: at least this many, */
    static final int WINDOW_STEPS = 100;
    /** and at least this many examples. */
    static final int WINDOW_EXAMPLES = 1000;

    private int stepsPerEpoch;
    private final double eta;
    private final double mu;
    private final int classes;
    private final double ceiling;
    private final boolean stop;
    private final PrintStream err;
    private final int window;
    private final double[] costs;     // per step of the window (a ring): Σ C, m, correct
    private final long[] counts;
    private final long[] rights;
    private long steps;
    private boolean warned;

    /** The watcher of a run with these settings; a warning goes to {@code err}. */
    Divergence(Settings settings, PrintStream err) {
        this(settings.optimisation().eta(), settings.optimisation().momentum(), settings.network().cost(),
                settings.network().classes(), settings.optimisation().batch(), !settings.output().warnOnDivergence(),
                err);
    }

    /**
     * @param eta     η, for the cause
     * @param mu      μ, for the cause
     * @param classes n_L
     * @param batch   B
     * @param stop    stop the run (else warn once and run on)
     * @param err     where a warning goes
     */
    Divergence(double eta, double mu, Cost cost, int classes, int batch, boolean stop, PrintStream err) {
        this.eta = eta;
        this.mu = mu;
        this.classes = classes;
        this.ceiling = 0.5 * classes * (cost == Cost.QUADRATIC ? 0.5 : 53 * Math.log(2));
        this.stop = stop;
        this.err = err;
        this.window = Math.max(WINDOW_STEPS, (WINDOW_EXAMPLES + batch - 1) / batch);
        this.costs = new double[window];
        this.counts = new long[window];
        this.rights = new long[window];
    }

    /** A run stopped because it diverged; the message is the one line to show. */
    public static final class Diverged extends RuntimeException {
        Diverged(String message) {
            super(message);
        }
    }

    @Override
    public void started(Start run) {
        stepsPerEpoch = run.stepsPerEpoch();
    }

    @Override
    public void stepDone(Position at, Trainer.Step done) {
        String seen = seen(done);
        if (seen != null && !warned) {
            String line = "diverged at epoch " + at.epoch() + ", step " + at.step() + "/" + stepsPerEpoch + ": "
                    + seen + "; " + cause();
            if (stop) {
                throw new Diverged(line);
            }
            err.println("nabla: warning: " + line + " (--on-divergence warn: running on)");
            warned = true;
        }
    }

    /** What this step shows, or null if nothing is wrong. */
    String seen(Trainer.Step result) {
        if (Double.isNaN(result.cost())) {
            return "the cost is NaN";
        }
        if (result.theta() != null && !Double.isFinite(sum(result.theta()))) {
            return "θ holds NaN or ∞ after the step";
        }
        int slot = (int) (steps++ % window);
        costs[slot] = result.cost();
        counts[slot] = result.m();
        rights[slot] = result.correct();
        return steps < window ? null : saturated();
    }

    /** The window's verdict: the cost at its ceiling, or chance accuracy and a cost that stopped moving. */
    private String saturated() {
        double[] half = new double[2];
        long[] halfCount = new long[2];
        long right = 0;
        for (int k = 0; k < window; k++) {
            int slot = (int) ((steps + k) % window);                   // oldest first
            half[2 * k / window] += costs[slot];
            halfCount[2 * k / window] += counts[slot];
            right += rights[slot];
        }
        long n = halfCount[0] + halfCount[1];
        double mean = (half[0] + half[1]) / n;
        if (!(mean < ceiling)) {
            return String.format("the cost sat at its ceiling (%.4g per example over the last %d steps)", mean, window);
        }
        double chance = 1.0 / classes;
        double accuracy = (double) right / n;
        double first = half[0] / halfCount[0];
        double second = half[1] / halfCount[1];
        if (classes > 1 && accuracy <= chance + 3 * Math.sqrt(chance * (1 - chance) / n)
                && Math.abs(second - first) <= 0.01 * Math.abs(first)) {
            return String.format("accuracy at chance (%.3f over the last %d steps, 1/n_L = %.3f) while the cost"
                    + " stopped moving (%.4f, then %.4f)", accuracy, window, chance, first, second);
        }
        return null;
    }

    /** The likely cause, with a fix. */
    String cause() {
        double step = eta / (1 - mu);
        if (step < 1) {
            return String.format("with an effective step η/(1−μ) = %.3g the likely cause is the data or the start:"
                    + " inputs not scaled to about [0, 1] (--scale s: x = value / s) or large initial weights"
                    + " (--init scaled)", step);
        }
        if (mu > 0) {
            return String.format("likely cause: η %s with μ %s (effective step η/(1−μ) = %.3g) saturated the"
                    + " sigmoids; the book's network.py settings are --preset network.py (μ 0), or lower η", eta, mu,
                    step);
        }
        return String.format("likely cause: η %s saturated the sigmoids; lower η (the recommended defaults take"
                + " η 0.05 with μ 0.9)", eta);
    }

    /**
     * The pre-flight warning, or null: network.py's step size (η ≥ 1) with the default momentum, whose
     * effective step η/(1−μ) saturates the sigmoids.
     */
    public static String hotStep(double eta, double momentum, boolean momentumGiven) {
        if (eta < 1 || momentum == 0 || momentumGiven) {
            return null;
        }
        return String.format("--eta %s with the default momentum μ %s is an effective step η/(1−μ) = %.3g, which"
                + " saturates the sigmoids; network.py's η goes with μ 0: --preset network.py, or --momentum 0,"
                + " or a lower η", eta, momentum, eta / (1 - momentum));
    }

    /** Σθ: not finite when any weight or bias is not (or when they overflow, which is as bad). */
    static double sum(Parameters theta) {
        double s = 0;
        for (int l = 1; l <= theta.layers(); l++) {
            for (double w : theta.w(l)) {
                s += w;
            }
            for (double b : theta.b(l)) {
                s += b;
            }
        }
        return s;
    }
}
