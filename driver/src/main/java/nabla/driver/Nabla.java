package nabla.driver;

import java.util.List;
import nabla.driver.data.DataSource;
import nabla.driver.data.ModelFile;
import nabla.driver.options.SweepOptions;
import nabla.driver.options.TrainOptions;
import nabla.driver.train.Run;
import nabla.driver.train.Settings;
import nabla.driver.train.Sweep;
import nabla.driver.train.Terminal;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * nabla for Spark applications: train from data a job already holds, or from the path readers of the
 * command line, with the command line's options, and get the model back. {@code nabla train} and these
 * methods are both a {@link Run} of the same {@link Settings}; these print nothing.
 *
 * <pre>{@code
 * JavaRDD<Example> examples = rows.map(r -> Example.dense(r.label(), r.pixels()));
 * ModelFile.Model model = Nabla.train(sc, Nabla.settings("--layers", "784,30,10", "--epochs", "5"),
 *         DataSource.of("my examples", examples, 255));
 * }</pre>
 */
public final class Nabla {
    private Nabla() {
    }

    /**
     * Settings from the options of {@code nabla train}, with the same defaults (conf/nabla.properties, then
     * a file given with --conf, then --preset).
     */
    public static Settings settings(String... options) {
        return TrainOptions.settings(options);
    }

    /**
     * Trains as {@code nabla train} with these options does, on an existing context, without printing: the
     * data comes from --data or --train/--test/--format; --save, --metrics and --checkpoint are written too.
     */
    public static ModelFile.Model train(JavaSparkContext sc, String... options) {
        return train(sc, settings(options));
    }

    /** Trains on {@code train} (and no test set) with {@code settings}; returns the model. */
    public static ModelFile.Model train(JavaSparkContext sc, Settings settings, DataSource train) {
        return train(sc, settings.on(train, null));
    }

    /**
     * Trains a grid of models in lockstep as {@code nabla sweep} with these options does, on an existing
     * context, without printing; returns every model, best validation accuracy first.
     */
    public static List<Sweep.Outcome> sweep(JavaSparkContext sc, String... options) {
        return sweep(sc, SweepOptions.plan(options));
    }

    /** Trains the models of {@code plan} in lockstep; returns them ranked. */
    public static List<Sweep.Outcome> sweep(JavaSparkContext sc, Sweep.Plan plan) {
        return Sweep.check(plan, sc.hadoopConfiguration()).run(sc, Terminal.SILENT);
    }

    /**
     * Trains with {@code settings}, data included; returns the model. A run that diverges or saturates
     * throws {@link nabla.driver.train.Divergence.Diverged}, whose message says where, what was seen and
     * the likely cause, and saves nothing.
     *
     * <p>One BLAS thread per task: {@code nabla train} sets {@code spark.executorEnv.OPENBLAS_NUM_THREADS=1}
     * when it starts its context ({@link Spark#open}); a context given here has started its executors
     * already, and their environment can no longer be changed. Start it with that setting (or export the
     * variable on every worker); the executors' BLAS, threads included, is in
     * {@code DataSource.Loaded.blas()} and in the header of {@code nabla train}.
     */
    public static ModelFile.Model train(JavaSparkContext sc, Settings settings) {
        return Run.check(settings, sc.hadoopConfiguration()).train(sc, Terminal.SILENT);
    }
}
