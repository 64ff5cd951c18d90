package nabla.driver.train;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.SortedSet;
import nabla.worker.Blas;
import nabla.worker.Score;

/**
 * What a run prints on standard output: a header naming the run, then a line per epoch, network.py's
 * {@code Epoch j: c / n} with the test set ({@code Epoch j complete} without), the validation accuracy
 * when there is a hold-out, network2.py's "cost on training data" (its total_cost, λ's term included)
 * and the epoch's seconds.
 */
final class Report implements TrainingListener {
    private final PrintStream out;
    private final PrintStream err;

    /** Lines on {@code out}; warnings about the executors' BLAS on {@code err}. */
    Report(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public void started(Start run) {
        Settings s = run.settings();
        Settings.Optimisation o = s.optimisation();
        out.printf("nabla: %s, %s cost, %s init, η %s, batch %d, λ %s, μ %s, %d training, %d validation and %s"
                        + " test examples in %d partitions (%s, %s)%n", Arrays.toString(s.network().sizes()),
                s.network().cost().optionName(), s.init(), o.eta(), o.batch(), o.lambda(), o.momentum(),
                run.training().count(), s.data().validation(), run.test() == null ? "no" : run.test().count(),
                run.partitions(), run.master(), blas(run.training().blas()));
    }

    /**
     * The header's BLAS: the driver's, and every distinct one the executors' tasks reported in the job that
     * dealt the training set (they run where its shards are cached, so where the steps run). Warns on
     * stderr when the executors differ among themselves, or leave a native BLAS its own thread count:
     * either changes the bits.
     */
    private String blas(SortedSet<String> executors) {
        if (executors.size() > 1) {
            err.println("nabla: warning: the executors run different BLAS (" + String.join("; ", executors)
                    + "): their partitions' sums round differently, so the bits depend on where tasks run");
        }
        if (executors.stream().anyMatch(line -> line.contains("BLAS default"))) {
            err.println("nabla: warning: an executor's native BLAS picks its own thread count; set"
                    + " spark.executorEnv.OPENBLAS_NUM_THREADS=1 for the same bits on every cluster");
        }
        return "BLAS " + Blas.describe() + " on the driver; executors: " + String.join("; ", executors);
    }

    @Override
    public Decision epochDone(Position at, Epoch epoch) {
        double seconds = epoch.seconds() + epoch.evalSeconds();
        if (epoch.test() == null) {
            out.printf("Epoch %d complete%s, cost on training data %.4f, %.1f s%n", epoch.epoch(),
                    validation(epoch.validation()), epoch.trainingCost(), seconds);
        } else {
            out.printf("Epoch %d: %d / %d%s, cost on training data %.4f, %.1f s%n", epoch.epoch(),
                    epoch.test().correct(), epoch.test().count(), validation(epoch.validation()), epoch.trainingCost(),
                    seconds);
        }
        return Decision.CONTINUE;
    }

    /** ", validation c / n" for an epoch line, or nothing without validation data. */
    private static String validation(Score held) {
        return held == null ? "" : ", validation " + held.correct() + " / " + held.count();
    }
}
