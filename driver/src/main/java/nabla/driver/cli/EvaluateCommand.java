package nabla.driver.cli;

import java.util.concurrent.Callable;
import nabla.driver.Spark;
import nabla.driver.data.DataSource;
import nabla.driver.data.ModelFile;
import nabla.driver.infer.Evaluation;
import nabla.driver.options.DataOptions;
import nabla.driver.options.PartitionsOption;
import nabla.driver.options.SparkOptions;
import nabla.worker.Parameters;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code nabla evaluate}: how a saved model classifies a test set: {@code c / n}, then the confusion matrix. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        description = "Classify a test set with a model: correct / total, and the confusion matrix.")
final class EvaluateCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Option(names = "--model", paramLabel = "FILE", required = true, description = "A model (network2.py JSON).")
    private String model;

    @Mixin
    private DataOptions data;

    @Mixin
    private PartitionsOption partitions;

    @Mixin
    private SparkOptions spark;

    @Override
    public Integer call() {
        int requested = partitions.partitions();
        Configuration hadoop = main.hadoop();
        Parameters theta = ModelFile.read(model, hadoop).theta();
        int inputs = theta.size(0);
        int classes = theta.size(theta.layers());
        DataSource test = data.testSet();
        int known = test.check(hadoop, inputs, classes);
        if (known > 0) {
            DataSource.checkPartitions(requested, known, "examples in " + test.name());
        }
        try (Spark.Context context = main.spark(spark.master())) {
            int P = requested > 0 ? requested : context.sc().defaultParallelism();
            DataSource.Loaded loaded = test.load(context.sc(), P, inputs, classes,
                    count -> DataSource.checkPartitions(requested, count, "examples in " + test.name()));
            long[][] confusion = Evaluation.confusion(context.sc(), loaded.shards(), theta);
            loaded.shards().unpersist(false);
            System.out.println(Evaluation.correct(confusion) + " / " + loaded.count());
            System.out.print(Evaluation.format(confusion));
        }
        return 0;
    }
}
