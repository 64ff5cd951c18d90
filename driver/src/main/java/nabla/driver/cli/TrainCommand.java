package nabla.driver.cli;

import java.util.concurrent.Callable;
import nabla.driver.Spark;
import nabla.driver.data.HadoopFiles;
import nabla.driver.options.SparkOptions;
import nabla.driver.options.TrainOptions;
import nabla.driver.train.Preflight;
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
        Configuration hadoop = HadoopFiles.configuration(main.defaults().spark());
        Settings settings = options.settings(hadoop);
        Preflight.check(settings, spark.master(), hadoop);              // destinations, sizes, memory
        Run run = Run.check(settings, hadoop);                          // bad input fails before Spark starts
        try (Spark.Context context = Spark.open(spark.master(), main.defaults().spark())) {
            run.train(context.sc(), Terminal.system());
        }
        return 0;
    }
}
