package nabla.driver.options;

import java.nio.file.Path;
import nabla.driver.data.BadInput;
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
            description = "Also write the training set's accuracy to --metrics (its forward pass runs anyway,"
                    + " for the epoch line's cost on training data).")
    boolean trainAccuracy;

    @Option(names = "--on-divergence", paramLabel = "stop|warn", defaultValue = "stop",
            description = "When θ or the cost turns NaN/∞ or the sigmoids saturate: stop (exit status 3, no model"
                    + " saved) or warn once and run on.")
    String onDivergence;

    Settings.Output output() {
        if (!onDivergence.equals("stop") && !onDivergence.equals("warn")) {
            throw new BadInput("--on-divergence must be stop or warn, got " + onDivergence);
        }
        return new Settings.Output(save, metrics, metricsSteps, trainAccuracy, onDivergence.equals("warn"));
    }
}
