package nabla.driver.cli;

import java.util.concurrent.Callable;
import nabla.driver.Spark;
import nabla.driver.options.SparkOptions;
import nabla.driver.options.TrainOptions;
import nabla.driver.train.Divergence;
import nabla.driver.train.Preflight;
import nabla.driver.train.Run;
import nabla.driver.train.Settings;
import nabla.driver.train.Terminal;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code nabla train}: a {@link Run} of the settings its options make, checked before Spark starts, on a
 * context of its own (or the JVM's), printing a header and an epoch line per epoch. A run that diverges
 * ends with one line and exit status {@link Divergence#EXIT_STATUS}, no model saved.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a sigmoid network with data-parallel mini-batch SGD on Spark.",
        sortOptions = false, showDefaultValues = true)
final class TrainCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Mixin
    private TrainOptions options;

    @Mixin
    private SparkOptions spark;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        Configuration hadoop = main.hadoop();
        Settings settings = options.settings(hadoop);
        Preflight.check(settings, spark.master(), main.sparkSettings(), hadoop);   // destinations, sizes, memory
        Run run = Run.check(settings, hadoop);                          // bad input fails before Spark starts
        String hot = Divergence.hotStep(settings.optimisation().eta(), settings.optimisation().momentum(),
                spec.commandLine().getParseResult().hasMatchedOption("--momentum"));
        if (hot != null) {
            System.err.println("nabla: warning: " + hot);
        }
        try (Spark.Context context = main.spark(spark.master())) {
            run.train(context.sc(), Terminal.system());
        } catch (Divergence.Diverged e) {
            System.err.println("nabla: " + e.getMessage() + "; no model saved");
            return Divergence.EXIT_STATUS;
        }
        return 0;
    }
}
