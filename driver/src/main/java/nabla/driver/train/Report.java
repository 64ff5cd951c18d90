package nabla.driver.train;

import java.io.PrintStream;
import java.util.Arrays;
import nabla.worker.Blas;
import nabla.worker.Score;

/**
 * What a run prints on standard output: a header naming the run, then a line per epoch, network.py's
 * {@code Epoch j: c / n} with the test set ({@code Epoch j complete} without), the validation accuracy
 * when there is a hold-out, the epoch's mean training cost and its seconds.
 */
final class Report implements TrainingListener {
    private final PrintStream out;

    Report(PrintStream out) {
        this.out = out;
    }

    @Override
    public void started(Start run) {
        Settings s = run.settings();
        Settings.Optimisation o = s.optimisation();
        out.printf("nabla: %s, %s cost, %s init, η %s, batch %d, λ %s, μ %s, %d training, %d validation and %s"
                        + " test examples in %d partitions (%s, BLAS %s)%n", Arrays.toString(s.network().sizes()),
                s.network().cost().optionName(), s.init(), o.eta(), o.batch(), o.lambda(), o.momentum(),
                run.training().count(), s.data().validation(), run.test() == null ? "no" : run.test().count(),
                run.partitions(), run.master(), Blas.describe());
    }

    @Override
    public Decision epochDone(Position at, Epoch epoch) {
        double seconds = epoch.seconds() + epoch.evalSeconds();
        if (epoch.test() == null) {
            out.printf("Epoch %d complete%s, cost %.4f, %.1f s%n", epoch.epoch(), validation(epoch.validation()),
                    epoch.meanCost(), seconds);
        } else {
            out.printf("Epoch %d: %d / %d%s, cost %.4f, %.1f s%n", epoch.epoch(), epoch.test().correct(),
                    epoch.test().count(), validation(epoch.validation()), epoch.meanCost(), seconds);
        }
        return Decision.CONTINUE;
    }

    /** ", validation c / n" for an epoch line, or nothing without validation data. */
    private static String validation(Score held) {
        return held == null ? "" : ", validation " + held.correct() + " / " + held.count();
    }
}
