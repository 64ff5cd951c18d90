package nabla.driver.cli;

import java.util.concurrent.Callable;
import nabla.driver.Spark;
import nabla.driver.options.SparkOptions;
import nabla.driver.options.TrainOptions;
import nabla.driver.train.Run;
import nabla.driver.train.Settings;
import nabla.driver.train.Terminal;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code nabla train}: a {@link Run} of the settings its options make, checked before Spark starts, on a
 * context of its own (or the JVM's), printing a header and an epoch line per epoch.
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

    @Override
    public Integer call() {
        Configuration hadoop = main.hadoop();
        Settings settings = options.settings(hadoop);
        Run run = Run.check(settings, hadoop);                          // bad input fails before Spark starts
        try (Spark.Context context = main.spark(spark.master())) {
            run.train(context.sc(), Terminal.system());
        }
        return 0;
    }
}
