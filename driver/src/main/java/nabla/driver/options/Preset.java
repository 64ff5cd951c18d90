package nabla.driver.options;

import java.util.Map;
import nabla.driver.data.BadInput;

/**
 * The book's two programs as option sets, for {@code --preset}. A preset sits between the defaults files and
 * the command line: it overrides conf/nabla.properties and --conf, and any option given explicitly
 * overrides it. Each names every option that steers training (the whole training set, no validation
 * hold-out, fixed η), so no recommended default leaks in.
 */
public enum Preset {
    /** network.py (chapter 1): quadratic cost, N(0, 1) weights, batch 10, η 3.0. */
    NETWORK("network.py", Map.of("cost", "quadratic", "init", "normal", "batch", "10", "eta", "3.0",
            "lambda", "0", "momentum", "0", "validation", "0", "eta-schedule", "none", "early-stop", "0")),

    /** network2.py (chapter 3): cross-entropy, N(0, 1/n_in) weights, L2 with λ 5.0, batch 10, η 0.5. */
    NETWORK2("network2.py", Map.of("cost", "cross-entropy", "init", "scaled", "batch", "10", "eta", "0.5",
            "lambda", "5.0", "momentum", "0", "validation", "0", "eta-schedule", "none", "early-stop", "0"));

    private final String name;
    private final Map<String, String> options;

    Preset(String name, Map<String, String> options) {
        this.name = name;
        this.options = options;
    }

    /** Option values keyed as in nabla.properties (long option names without dashes). */
    Map<String, String> options() {
        return options;
    }

    static Preset parse(String name) {
        for (Preset p : values()) {
            if (p.name.equals(name)) {
                return p;
            }
        }
        throw new BadInput("--preset '" + name + "': expected network.py or network2.py");
    }

    @Override
    public String toString() {
        return name;
    }
}
