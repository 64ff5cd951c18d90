package nabla.driver.cli;

import java.util.concurrent.Callable;
import nabla.driver.Spark;
import nabla.driver.data.Format;
import nabla.driver.data.HadoopFiles;
import nabla.driver.data.ModelFile;
import nabla.driver.infer.Predictions;
import nabla.driver.options.DataOptions;
import nabla.driver.options.SparkOptions;
import nabla.worker.Parameters;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code nabla predict}: a model's class and output activations for every example of a data set. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        description = "Write, per example, the predicted class and the output activations a^L (one line each,"
                + " in input order; the executors write part files).")
final class PredictCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Option(names = "--model", paramLabel = "FILE", required = true, description = "A model (network2.py JSON).")
    private String model;

    @Option(names = "--input", paramLabel = "PATH", required = true,
            description = "Examples in --format (a file or a directory of part files); labels are ignored.")
    private String input;

    @Option(names = "--format", paramLabel = "libsvm|csv", converter = DataOptions.FormatConverter.class,
            required = true, description = "Format of --input.")
    private Format format;

    @Option(names = "--scale", paramLabel = "s", description = "x = value / s. Default: 1 (values as given).")
    private double scale = 1;

    @Option(names = "--output", paramLabel = "PATH", required = true,
            description = "A new directory for the predictions (any Hadoop path).")
    private String output;

    @Mixin
    private SparkOptions spark;

    @Override
    public Integer call() {
        DataOptions.checkScale(scale);
        Configuration hadoop = main.hadoop();
        Parameters theta = ModelFile.read(model, hadoop).theta();
        HadoopFiles.files(input, hadoop);
        try (Spark.Context context = main.spark(spark.master())) {
            long n = Predictions.write(context.sc(), theta, input, format, scale, output);
            System.out.println("nabla: wrote " + n + " predictions to " + output);
        }
        return 0;
    }
}
