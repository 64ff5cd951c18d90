package nabla.driver.options;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nabla.driver.data.BadInput;
import nabla.driver.train.Settings;
import nabla.driver.train.Sweep;
import nabla.driver.train.SweepFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * The options of {@code nabla sweep}: lists of values for the settings a model may have of its own (their
 * Cartesian product is the grid), what the sweep writes, and every other option of {@code train}, shared
 * by all models. Each model's {@link Settings} are what {@code nabla train} makes of the shared options
 * and its own values, defaults included, so each model starts from the θ₀ train would draw.
 */
@Command
public final class SweepOptions {
    @Option(names = "--layers", paramLabel = "n0,n1,..:…", description = "Layer lists, separated by ':'.")
    String layers;

    @Option(names = "--cost", paramLabel = "c,…", description = "Costs: quadratic, cross-entropy.")
    String cost;

    @Option(names = "--init", paramLabel = "normal|scaled,…", description = "Initial weights: normal, scaled.")
    String init;

    @Option(names = "--eta", paramLabel = "η,…", description = "Learning rates.")
    String eta;

    @Option(names = "--lambda", paramLabel = "λ,…", description = "L2 regularisation parameters.")
    String lambda;

    @Option(names = "--momentum", paramLabel = "μ,…", description = "Momentum coefficients.")
    String momentum;

    @Option(names = "--eta-schedule", paramLabel = "k,h|none:…", description = "η schedules, separated by ':'.")
    String etaSchedule;

    @Option(names = "--early-stop", paramLabel = "k,…", description = "Early-stopping patiences.")
    String earlyStop;

    @Option(names = "--top", paramLabel = "N", defaultValue = "3",
            description = "Score the N best models (by validation accuracy) on the test set, once, at the end.")
    int top;

    @Option(names = "--save-dir", paramLabel = "DIR", description = "Write every model (network2.py JSON) and"
            + " sweep.json here (any Hadoop path).")
    String saveDir;

    @Option(names = "--metrics", paramLabel = "FILE", description = "A JSON line per model per epoch.")
    Path metrics;

    @Option(names = "--checkpoint", paramLabel = "DIR", description = "Save the sweep here after every epoch.")
    String checkpoint;

    @Option(names = "--resume", description = "Go on from the sweep saved in --checkpoint DIR.")
    boolean resume;

    /** The options of train shared by all models (when these options are parsed on their own). */
    @Unmatched
    List<String> shared = new ArrayList<>();

    /** The option each list sets, and the separator of its values. */
    private Map<String, String[]> lists() {
        Map<String, String[]> lists = new LinkedHashMap<>();
        lists.put("--layers", split("--layers", layers, ":"));
        lists.put("--cost", split("--cost", cost, ","));
        lists.put("--init", split("--init", init, ","));
        lists.put("--eta", split("--eta", eta, ","));
        lists.put("--lambda", split("--lambda", lambda, ","));
        lists.put("--momentum", split("--momentum", momentum, ","));
        lists.put("--eta-schedule", split("--eta-schedule", etaSchedule, ":"));
        lists.put("--early-stop", split("--early-stop", earlyStop, ","));
        return lists;
    }

    /**
     * The sweep these options ask for, with {@code shared}, train's options for every model: one train's
     * settings per point of the grid.
     */
    public Sweep.Plan plan(List<String> shared) {
        for (String refused : List.of("--save", "--checkpoint-every", "--metrics-steps")) {
            if (shared.stream().anyMatch(o -> o.equals(refused) || o.startsWith(refused + "="))) {
                throw new BadInput("sweep does not take " + refused + " (see nabla sweep --help: --save-dir,"
                        + " --checkpoint, --metrics)");
            }
        }
        List<String> base = new ArrayList<>(shared);
        boolean defaultHoldout = base.stream().noneMatch(o -> o.equals("--validation")
                || o.startsWith("--validation="));
        if (defaultHoldout) {
            base.addAll(List.of("--validation", Integer.toString(Sweep.DEFAULT_VALIDATION)));
        }
        List<List<String>> grid = List.of(base);
        for (Map.Entry<String, String[]> list : lists().entrySet()) {
            grid = product(grid, list.getKey(), list.getValue());
        }
        if (grid.size() > Sweep.MAX_MODELS) {
            throw new BadInput("a grid of " + grid.size() + " models is above the limit of " + Sweep.MAX_MODELS);
        }
        List<Settings> models = grid.stream().map(o -> TrainOptions.settings(o.toArray(String[]::new))).toList();
        return new Sweep.Plan(models, defaultHoldout, top, new SweepFiles.Paths(saveDir, metrics, checkpoint, resume));
    }

    /** Every point so far with each value of one more list (none given: the points as they are). */
    private static List<List<String>> product(List<List<String>> points, String option, String[] values) {
        if (values == null) {
            return points;
        }
        List<List<String>> next = new ArrayList<>();
        for (List<String> point : points) {
            for (String value : values) {
                List<String> extended = new ArrayList<>(point);
                extended.add(option);
                extended.add(value);
                next.add(extended);
            }
        }
        return next;
    }

    /** A list's values, each non-empty and given once; null when the option is absent. */
    private static String[] split(String option, String list, String separator) {
        if (list == null) {
            return null;
        }
        String[] values = list.split(java.util.regex.Pattern.quote(separator), -1);
        Set<String> seen = new HashSet<>();
        for (String value : values) {
            if (value.isBlank()) {
                throw new BadInput(option + " '" + list + "': an empty value (lists are separated by '"
                        + separator + "')");
            }
            if (!seen.add(value.trim())) {
                throw new BadInput(option + " '" + list + "': " + value.trim() + " is given twice");
            }
        }
        return java.util.Arrays.stream(values).map(String::trim).toArray(String[]::new);
    }

    /** The plan {@code nabla sweep} with these options runs, defaults included; bad options throw {@link BadInput}. */
    public static Sweep.Plan plan(String... options) {
        SweepOptions parsed = new SweepOptions();
        TrainOptions.parse(parsed, options);
        return parsed.plan(parsed.shared);
    }
}
