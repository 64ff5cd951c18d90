package nabla.driver.train;

import java.io.PrintStream;

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
    private int epochs;
    private int steps;

    private long lastShown;
    private long firstStepDone;     // when the epoch's first step here ended: its rate counts from there
    private long examplesThen;      // the epoch's examples at that moment
    private boolean showing;

    /** @param live redraw one line in place (a terminal) rather than print a line every few seconds */
    Progress(PrintStream err, boolean live) {
        this(err, live, live ? LIVE_EVERY : PLAIN_EVERY);
    }

    /** @param every nanoseconds between two lines at least */
    Progress(PrintStream err, boolean live, long every) {
        this.err = err;
        this.live = live;
        this.every = every;
    }

    @Override
    public void started(Start run) {
        epochs = run.settings().optimisation().epochs();
        steps = run.stepsPerEpoch();
    }

    @Override
    public void stepDone(Position at, Trainer.Step done) {
        long now = System.nanoTime();
        if (firstStepDone == 0) {                                    // the epoch's first step here
            firstStepDone = now;
            lastShown = now;
            examplesThen = at.examples();
            return;
        }
        if (now - lastShown >= every) {
            lastShown = now;
            show(line(at, now));
        }
    }

    @Override
    public Decision epochDone(Position at, Epoch epoch) {
        if (showing) {
            err.print("\r\033[K");                                    // clear the live line for the epoch line
            err.flush();
            showing = false;
        }
        firstStepDone = 0;
        return Decision.CONTINUE;
    }

    /** "epoch 3/10 · step 120/600 · 8,512 examples/s · cost 0.1234 · ETA 1:23". */
    String line(Position at, long now) {
        double seconds = (now - firstStepDone) / 1e9;
        double rate = seconds > 0 ? (at.examples() - examplesThen) / seconds : 0;
        int k = at.step() - 1;                                        // the step just done
        double perStep = seconds / k;
        long stepsLeft = (long) (steps - 1 - k) + (long) (epochs - 1 - at.epoch()) * steps;
        return String.format("epoch %d/%d · step %d/%d · %,.0f examples/s · cost %.4f · ETA %s", at.epoch(), epochs,
                at.step(), steps, rate, at.meanCost(), clock(stepsLeft * perStep));
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
