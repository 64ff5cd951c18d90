package nabla.driver.train;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.stream.Collectors;
import nabla.driver.data.BadInput;

/**
 * What the models of a sweep share and what sets them apart: the settings that must be one for all (they
 * step in lockstep over the same mini-batches of the same data), and each model's own, as short labels
 * naming only the settings the grid varies.
 */
public final class Grid {
    private Grid() {
    }

    /** The settings a model may have of its own, by the option that sets them. */
    public static Map<String, String> own(Settings s) {
        Settings.Optimisation o = s.optimisation();
        Map<String, String> own = new LinkedHashMap<>();
        own.put("layers", Arrays.stream(s.network().sizes()).mapToObj(Integer::toString)
                .collect(Collectors.joining(",")));
        own.put("cost", s.network().cost().optionName());
        own.put("init", s.init().toString());
        own.put("eta", Double.toString(o.eta()));
        own.put("lambda", Double.toString(o.lambda()));
        own.put("momentum", Double.toString(o.momentum()));
        own.put("eta-schedule", o.schedule().toString());
        own.put("early-stop", Integer.toString(o.earlyStop()));
        return own;
    }

    /** The settings every model of a sweep shares, by the option that sets them. */
    static Map<String, String> shared(Settings s) {
        Settings.Optimisation o = s.optimisation();
        Map<String, String> shared = new LinkedHashMap<>();
        shared.put("batch", Integer.toString(o.batch()));
        shared.put("epochs", Integer.toString(o.epochs()));
        shared.put("seed", Long.toString(s.seed()));
        shared.put("shuffle", Boolean.toString(o.shuffle()));
        shared.put("partitions", Integer.toString(s.partitions()));
        shared.put("validation", Integer.toString(s.data().validation()));
        shared.put("train", s.data().train() == null ? "none" : s.data().train().name());
        shared.put("test", s.data().test() == null ? "none" : s.data().test().name());
        return shared;
    }

    /** Refuses models that cannot step in lockstep, or two models that are one. */
    static void checkLockstep(List<Settings> models) {
        Map<String, String> first = shared(models.get(0));
        Map<Map<String, String>, Integer> seen = new HashMap<>();
        for (int i = 0; i < models.size(); i++) {
            Map<String, String> shared = shared(models.get(i));
            for (Map.Entry<String, String> e : first.entrySet()) {
                if (!e.getValue().equals(shared.get(e.getKey()))) {
                    throw new BadInput("the models of a sweep step in lockstep over the same data and batches, so"
                            + " they share --" + e.getKey() + "; got " + e.getValue() + " and "
                            + shared.get(e.getKey()));
                }
            }
            Integer twin = seen.putIfAbsent(own(models.get(i)), i + 1);
            if (twin != null) {
                throw new BadInput("models " + twin + " and " + (i + 1) + " of the sweep are the same: "
                        + own(models.get(i)));
            }
        }
    }

    /** Each model's label by its id (1-based): the settings the grid varies, e.g. "η 0.5 · λ 5.0". */
    public static Map<Integer, String> labels(List<Settings> models) {
        Map<String, String> first = own(models.get(0));
        List<String> varied = first.keySet().stream()
                .filter(key -> models.stream().anyMatch(s -> !own(s).get(key).equals(first.get(key)))).toList();
        Map<Integer, String> labels = new TreeMap<>();
        for (int i = 0; i < models.size(); i++) {
            Map<String, String> own = own(models.get(i));
            StringJoiner label = new StringJoiner(" · ");
            varied.forEach(key -> label.add(SYMBOLS.getOrDefault(key, key) + " " + own.get(key)));
            labels.put(i + 1, varied.isEmpty() ? "the one model" : label.toString());
        }
        return labels;
    }

    private static final Map<String, String> SYMBOLS = Map.of("eta", "η", "lambda", "λ", "momentum", "μ",
            "layers", "layers", "eta-schedule", "schedule", "early-stop", "early-stop");

    /** The same settings with a hold-out of {@code validation} examples. */
    static Settings withValidation(Settings s, int validation) {
        return new Settings(s.network(), new Settings.Data(s.data().train(), s.data().test(), validation),
                s.optimisation(), s.init(), s.partitions(), s.seed(), s.output(), s.checkpointing());
    }
}
