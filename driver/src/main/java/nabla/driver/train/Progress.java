package nabla.driver.train;

import java.io.PrintStream;
import nabla.worker.Parameters;

/**
 * Training progress on stderr: epoch, step/total, examples/s, the running cost and the time left. On a
 * terminal one line redrawn in place a few times a second, cleared before each epoch line is printed; in
 * CI or a cluster log (no console) a plain line every few seconds instead. stdout keeps only the
 * {@code Epoch j: c / n} lines.
 */
public final class Progress implements TrainingListener {
    private static final long LIVE_EVERY = 200_000_000L;
    private static final long PLAIN_EVERY = 5_000_000_000L;

    private final PrintStream err;
    private final boolean live;
    private final long every;
    private final int epochs;
    private final int steps;

    private long lastShown;
    private long firstStepDone;     // when the epoch's step 0 ended: its rate counts from there
    private long examples;          // of this epoch, after step 0
    private long allExamples;       // of this epoch
    private double costSum;
    private boolean showing;

    /**
     * @param live   redraw one line in place (a terminal) rather than print a line every few seconds
     * @param epochs epochs in the run
     * @param steps  steps per epoch
     */
    Progress(PrintStream err, boolean live, int epochs, int steps) {
        this(err, live, live ? LIVE_EVERY : PLAIN_EVERY, epochs, steps);
    }

    /** @param every nanoseconds between two lines at least */
    Progress(PrintStream err, boolean live, long every, int epochs, int steps) {
        this.err = err;
        this.live = live;
        this.every = every;
        this.epochs = epochs;
        this.steps = steps;
    }

    /** Live when the JVM has a console (stdin and stdout are terminals), plain lines otherwise. */
    public static Progress onStderr(int epochs, int steps) {
        return new Progress(System.err, System.console() != null, epochs, steps);
    }

    @Override
    public void stepDone(int epoch, int step, Trainer.Step result) {
        long now = System.nanoTime();
        allExamples += result.m();
        costSum += result.cost();
        if (step == 0) {
            firstStepDone = now;
            lastShown = now;
            return;
        }
        examples += result.m();
        if (now - lastShown >= every) {
            lastShown = now;
            show(line(epoch, step, now));
        }
    }

    @Override
    public Decision epochDone(int epoch, Parameters theta, double meanCost, double seconds) {
        if (showing) {
            err.print("\r\033[K");                                    // clear the live line for the epoch line
            err.flush();
            showing = false;
        }
        examples = 0;
        allExamples = 0;
        costSum = 0;
        return Decision.CONTINUE;
    }

    /** "epoch 3/10 · step 120/600 · 8,512 examples/s · cost 0.1234 · ETA 1:23". */
    String line(int epoch, int step, long now) {
        double seconds = (now - firstStepDone) / 1e9;
        double rate = seconds > 0 ? examples / seconds : 0;
        double perStep = seconds / step;
        long stepsLeft = (long) (steps - 1 - step) + (long) (epochs - 1 - epoch) * steps;
        return String.format("epoch %d/%d · step %d/%d · %,.0f examples/s · cost %.4f · ETA %s", epoch, epochs,
                step + 1, steps, rate, costSum / allExamples, clock(stepsLeft * perStep));
    }

    private void show(String line) {
        if (live) {
            err.print("\r\033[K" + line);
            showing = true;
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** Seconds as h:mm:ss or m:ss. */
    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
