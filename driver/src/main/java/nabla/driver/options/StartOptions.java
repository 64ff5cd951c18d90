package nabla.driver.options;

import nabla.driver.train.Settings;
import picocli.CommandLine.Option;

/** Where θ starts: random weights from a seed, or a model file. train and gradcheck share them. */
public final class StartOptions {

    @Option(names = "--init", paramLabel = "normal|scaled|model.json", defaultValue = "scaled",
            description = "Initial θ: weights from N(0, 1) (network.py), from N(0, 1/n_in) (network2.py), or a model"
                    + " file (network2.py JSON). Biases N(0, 1) in both random cases.")
    String init;

    @Option(names = "--seed", paramLabel = "S", description = "Seeds the initial weights (and train's shuffles).")
    long seed;

    public Settings.Init init() {
        return Settings.Init.parse(init);
    }

    public long seed() {
        return seed;
    }
}
