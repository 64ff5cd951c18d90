package nabla.driver.options;

import nabla.driver.train.Patience;
import nabla.driver.train.Settings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How {@code train} descends: epochs of steps (B, η, λ, μ), the η schedule, early stopping, shuffling. */
final class OptimisationOptions {

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training set.")
    int epochs;

    @Mixin
    StepOptions step;

    @Option(names = "--eta-schedule", paramLabel = "k,h|none",
            description = "Halve η after k epochs without a better validation accuracy; stop at the h-th halving"
                    + " (the book: 10,7). Needs --validation.")
    String etaSchedule;

    @Option(names = "--early-stop", paramLabel = "k",
            description = "Stop after k epochs without a better validation accuracy; 0: never. Needs --validation.")
    int earlyStop;

    @Option(names = "--shuffle", paramLabel = "true|false", arity = "1",
            description = "Permute the examples each epoch; false gives network.py's batches in file order.")
    boolean shuffle;

    Settings.Optimisation optimisation() {
        return new Settings.Optimisation(epochs, step.batch, step.eta, step.lambda, step.momentum,
                Patience.EtaSchedule.parse(etaSchedule), earlyStop, shuffle);
    }
}
