package nabla.driver.cli;

import java.util.concurrent.Callable;
import nabla.driver.Spark;
import nabla.driver.data.BadInput;
import nabla.driver.data.DataSource;
import nabla.driver.data.HadoopFiles;
import nabla.driver.data.ModelFile;
import nabla.driver.infer.Evaluation;
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

    @Option(names = "--partitions", paramLabel = "P", description = "Partitions (default: Spark's parallelism).")
    private int partitions;



    @Mixin
    private SparkOptions sparkOptions;

    @Override
    public Integer call() {
        if (partitions < 0) {
            throw new BadInput("--partitions must be ≥ 1, got " + partitions);
        }
        Configuration hadoop = HadoopFiles.configuration(main.defaults().spark());
        Parameters theta = ModelFile.read(model, hadoop).theta();
        int inputs = theta.size(0);
        int classes = theta.size(theta.layers());
        DataSource test = data.testSet();
        test.check(hadoop, inputs, classes);
        try (Spark.Context spark = Spark.open(sparkOptions.master, main.defaults().spark())) {
            int P = partitions > 0 ? partitions : spark.sc().defaultParallelism();
            DataSource.Loaded loaded = test.load(spark.sc(), P, inputs, classes);
            long[][] confusion = Evaluation.confusion(spark.sc(), loaded.shards(), theta);
            loaded.shards().unpersist(false);
            System.out.println(Evaluation.correct(confusion) + " / " + loaded.count());
            System.out.print(Evaluation.format(confusion));
        }
        return 0;
    }
}
