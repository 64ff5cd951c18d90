package nabla.driver.options;

import nabla.driver.train.Patience;
import nabla.driver.train.Settings;
import picocli.CommandLine.Option;

/** What one SGD step takes: the global batch B, η, λ and μ. train and explain share them. */
public final class StepOptions {

    @Option(names = "--batch", paramLabel = "B", description = "Global mini-batch size.")
    int batch;

    @Option(names = "--eta", paramLabel = "η", description = "Learning rate.")
    double eta;

    @Option(names = "--lambda", paramLabel = "λ",
            description = "L2 regularisation: w ← (1 − ηλ/n) w − (η/m) Σ∇, n the training set size; biases not decayed.")
    double lambda;

    @Option(names = "--momentum", paramLabel = "μ",
            description = "Momentum, for weights and biases: v ← μv − (η/m) Σ∇, θ ← θ + v. 0: plain SGD.")
    double momentum;

    /** B, η, λ, μ as checked optimisation settings of one epoch (no schedule, no early stopping). */
    public Settings.Optimisation step() {
        return new Settings.Optimisation(1, batch, eta, lambda, momentum,
                Patience.EtaSchedule.NONE, 0, false);
    }
}
