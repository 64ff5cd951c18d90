package nabla.driver.train;

import java.io.OutputStream;
import java.io.PrintStream;
import nabla.driver.data.BadInput;
import nabla.worker.Sgd;

/**
 * The book's two uses of "no improvement in k epochs" on the validation accuracy (chapter 3):
 * <ul>
 *   <li>η schedule (k, h): after k epochs without a new best, halve η; the h-th halving ends training
 *       (the book: k = 10, stop when η has fallen to η₀/128, i.e. h = 7). The count starts again after a
 *       halving, so the lower η gets k epochs of its own.</li>
 *   <li>early stopping k: after k epochs without a new best, stop.</li>
 * </ul>
 * "Improvement" means strictly better than the best validation accuracy so far. Either rule may be off
 * (0); with both on, whichever fires first ends the run. As a listener it takes each epoch's validation
 * accuracy and says on the terminal what it did.
 */
public final class Patience implements TrainingListener {
    private final Sgd sgd;
    private final EtaSchedule schedule;
    private final int earlyStop;
    private final PrintStream out;

    private double best = Double.NEGATIVE_INFINITY;
    private int sinceBest;
    private int sinceHalving;
    private int halvings;

    /** The η schedule's k and h; {@code NONE} keeps η fixed. */
    public record EtaSchedule(int patience, int halvings) {
        public static final EtaSchedule NONE = new EtaSchedule(0, 0);

        public EtaSchedule {
            if (patience < 0 || halvings < 0 || (patience == 0) != (halvings == 0)) {
                throw new BadInput("--eta-schedule k,h needs k ≥ 1 and h ≥ 1 (or none), got " + patience + ","
                        + halvings);
            }
        }

        public boolean on() {
            return patience > 0;
        }

        /** "k,h" or "none". */
        public static EtaSchedule parse(String value) {
            if (value.equalsIgnoreCase("none")) {
                return NONE;
            }
            String[] parts = value.split(",", -1);
            try {
                if (parts.length == 2) {
                    return new EtaSchedule(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
                }
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
            throw new BadInput("--eta-schedule expects k,h (halve η after k epochs without improvement, stop"
                    + " at the h-th halving) or none, got '" + value + "'");
        }

        @Override
        public String toString() {
            return on() ? patience + "," + halvings : "none";
        }
    }

    /** What one epoch's validation accuracy led to. */
    public enum Verdict { IMPROVED, NO_IMPROVEMENT, HALVED_ETA, STOP }

    /**
     * @param sgd       the updater whose η the schedule halves
     * @param schedule  k and h of the η schedule, or {@link EtaSchedule#NONE}
     * @param earlyStop k of early stopping (≥ 0, checked in {@link Settings.Optimisation}); 0 for none
     * @param out       where it says that η was halved or the run stopped
     */
    public Patience(Sgd sgd, EtaSchedule schedule, int earlyStop, PrintStream out) {
        this.sgd = sgd;
        this.schedule = schedule;
        this.earlyStop = earlyStop;
        this.out = out;
    }

    /** Patience that says nothing. */
    public Patience(Sgd sgd, EtaSchedule schedule, int earlyStop) {
        this(sgd, schedule, earlyStop, new PrintStream(OutputStream.nullOutputStream()));
    }

    /** Whether either rule is on (and so needs validation data). */
    public boolean on() {
        return schedule.on() || earlyStop > 0;
    }

    /** Feeds the rules the epoch's validation accuracy, if there is a validation set; says what they did. */
    @Override
    public Decision epochDone(Position at, Epoch epoch) {
        if (epoch.validation() == null || !on()) {
            return Decision.CONTINUE;
        }
        switch (epochDone(epoch.validation().accuracy())) {
            case HALVED_ETA -> out.printf("nabla: validation accuracy stalled; η halved to %s%n", sgd.eta());
            case STOP -> {
                out.printf("nabla: validation accuracy stalled (best %.4f); stopping%n", best);
                return Decision.STOP;
            }
            default -> {
            }
        }
        return Decision.CONTINUE;
    }

    /** Takes one epoch's validation accuracy; may halve η. */
    public Verdict epochDone(double validationAccuracy) {
        if (validationAccuracy > best) {
            best = validationAccuracy;
            sinceBest = 0;
            sinceHalving = 0;
            return Verdict.IMPROVED;
        }
        sinceBest++;
        sinceHalving++;
        if (earlyStop > 0 && sinceBest >= earlyStop) {
            return Verdict.STOP;
        }
        if (schedule.on() && sinceHalving >= schedule.patience()) {
            halvings++;
            if (halvings >= schedule.halvings()) {
                return Verdict.STOP;
            }
            sgd.setEta(sgd.eta() / 2);
            sinceHalving = 0;
            return Verdict.HALVED_ETA;
        }
        return Verdict.NO_IMPROVEMENT;
    }

    /**
     * Whether the rules have ended the run: its counts say so (after {@link Verdict#STOP}, and in a
     * checkpoint saved then, which a resumed run must not train on from).
     */
    public boolean stopped() {
        return (earlyStop > 0 && sinceBest >= earlyStop) || (schedule.on() && halvings >= schedule.halvings());
    }

    /** The best validation accuracy seen. */
    public double best() {
        return best;
    }

    /** The counts the rules carry from epoch to epoch, for checkpoints. */
    public record State(double best, int sinceBest, int sinceHalving, int halvings) implements java.io.Serializable {
    }

    public State state() {
        return new State(best, sinceBest, sinceHalving, halvings);
    }

    /** Continues from saved counts (η itself is the updater's to restore). */
    public void restore(State state) {
        best = state.best();
        sinceBest = state.sinceBest();
        sinceHalving = state.sinceHalving();
        halvings = state.halvings();
    }
}
