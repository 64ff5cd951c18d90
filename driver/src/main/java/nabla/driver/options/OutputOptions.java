package nabla.driver.options;

import java.nio.file.Path;
import nabla.driver.train.Settings;
import picocli.CommandLine.Option;

/** What {@code train} writes besides its epoch lines: the model, and metrics. */
final class OutputOptions {

    @Option(names = "--save", paramLabel = "model.json",
            description = "Write the trained model here (any Hadoop path: local, hdfs://, …).")
    String save;

    @Option(names = "--metrics", paramLabel = "FILE",
            description = "Write a JSON line per epoch here: cost, accuracies, seconds, compute vs. Spark overhead.")
    Path metrics;

    @Option(names = "--metrics-steps", description = "Also write a JSON line per step to the --metrics file.")
    boolean metricsSteps;

    @Option(names = "--train-accuracy",
            description = "Also score the training set after each epoch (a forward pass over it: about a third"
                    + " of an epoch's compute).")
    boolean trainAccuracy;

    Settings.Output output() {
        return new Settings.Output(save, metrics, metricsSteps, trainAccuracy);
    }
}
