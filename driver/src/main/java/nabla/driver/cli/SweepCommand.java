package nabla.driver.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import nabla.driver.Spark;
import nabla.driver.options.SparkOptions;
import nabla.driver.options.SweepOptions;
import nabla.driver.train.Sweep;
import nabla.driver.train.Terminal;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Unmatched;

/**
 * {@code nabla sweep}: a {@link Sweep} of the grid its options make, checked before Spark starts, printing
 * a table per epoch and the ranking at the end.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Train a grid of models in lockstep, one Spark job per step for all of them; rank them by"
                + " validation accuracy.",
                "Every option of train is taken too, shared by all models (--data, --batch, --epochs, --seed,"
                + " --shuffle, --partitions, --validation: default the smaller of 10,000 and 1/6 of the training set)."},
        sortOptions = false, showDefaultValues = true)
final class SweepCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Mixin
    private SweepOptions options;

    @Mixin
    private SparkOptions spark;

    /** train's options, shared by every model. */
    @Unmatched
    private List<String> shared = new ArrayList<>();

    @Override
    public Integer call() {
        Configuration hadoop = main.hadoop();
        Sweep sweep = Sweep.check(options.plan(shared), hadoop);        // bad input fails before Spark starts
        try (Spark.Context context = main.spark(spark.master())) {
            sweep.run(context.sc(), Terminal.system());
        }
        return 0;
    }
}
