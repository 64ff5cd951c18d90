package nabla.driver.train;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nabla.driver.data.BadInput;
import nabla.driver.data.Destinations;
import org.apache.hadoop.conf.Configuration;

/**
 * Everything about a training run that can be refused before Spark starts, so that nothing fails after
 * the work: the combination of options, every destination (--save, --checkpoint, --metrics), the sizes
 * (no array of θ past Java's limit) and the memory a step needs against what the JVM has.
 *
 * <p>Memory, in doubles (8 bytes), for P partitions and m = ⌈B/P⌉ columns per partition, |θ| =
 * Σ n_l (n_{l−1} + 1): the driver holds θ, the merged Σ∇, a partial being merged, θ's serialized copy
 * for the broadcast and, with momentum, the velocity (4–5 |θ|); each task running at once holds its Σ∇
 * (|θ|) and the step's activations, A⁰ and Z, A, Δ for every layer (m (n_0 + 3 Σ_{l≥1} n_l)). In local
 * mode the tasks run in the driver's JVM, min(P, cores) at a time; on a cluster only the driver's part
 * is checked here.
 */
public final class Preflight {
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\d+)?])?");

    private Preflight() {
    }

    /**
     * Checks {@code settings}: its destinations and its sizes; bad input names the option and says why.
     *
     * @param master --master, or null for spark-submit's or local[*]
     */
    public static void check(Settings settings, String master, Configuration hadoop) {
        Settings.Output output = settings.output();
        Settings.Checkpointing checkpointing = settings.checkpointing();
        if (output.save() != null) {
            Destinations.file("--save", output.save(), hadoop);
        }
        if (checkpointing.dir() != null) {
            Destinations.directory("--checkpoint", checkpointing.dir(), hadoop);
            Checkpoints.checkBeforeStart(checkpointing.dir(), hadoop, checkpointing.resume());
        }
        if (output.metrics() != null) {
            Destinations.file("--metrics", output.metrics());
            Metrics.checkFresh(output.metrics(), checkpointing.resume());
        }
        memory(settings, master == null ? System.getProperty("spark.master", "local[*]") : master,
                Runtime.getRuntime().maxMemory());
    }

    /** |θ| = Σ n_l (n_{l−1} + 1); refuses sizes whose W^l would not fit in one Java array. */
    public static long parameters(int[] sizes) {
        long count = 0;
        for (int l = 1; l < sizes.length; l++) {
            long entries = (long) sizes[l] * sizes[l - 1];
            if (entries > Integer.MAX_VALUE - 8) {
                throw new BadInput("--layers " + Arrays.toString(sizes) + ": W^" + l + " would be " + sizes[l] + " × "
                        + sizes[l - 1] + " = " + String.format("%,d", entries) + " weights, more than a Java array"
                        + " holds (" + String.format("%,d", Integer.MAX_VALUE - 8) + ")");
            }
            count += entries + sizes[l];
        }
        return count;
    }

    /** Refuses a run whose step needs more memory than {@code available} bytes (see the class comment). */
    static void memory(Settings settings, String master, long available) {
        int[] n = settings.network().sizes();
        Settings.Optimisation o = settings.optimisation();
        long theta = parameters(n);
        Matcher local = LOCAL.matcher(master);
        int cores = !local.matches() ? 0 : local.group(1) == null ? 1 : local.group(1).equals("*")
                ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(local.group(1));
        int partitions = settings.partitions() > 0 ? settings.partitions() : Math.max(cores, 1);
        long m = (o.batch() + partitions - 1) / partitions;
        long activations = n[0];
        for (int l = 1; l < n.length; l++) {
            activations += 3L * n[l];
        }
        long driver = 8 * theta * (o.momentum() > 0 ? 5 : 4);
        long task = 8 * (theta + m * activations);
        int atOnce = Math.min(partitions, cores);
        long needed = driver + atOnce * task;
        if (needed > available) {
            throw new BadInput(String.format("--layers %s with --batch %d in %d partitions needs about %s (θ: %,d"
                    + " parameters, %s on the driver%s); this JVM has %s: give it more (-Xmx, spark.driver.memory)"
                    + " or lower --batch or the layer sizes", Arrays.toString(n), o.batch(), partitions,
                    bytes(needed), theta, bytes(driver), atOnce == 0 ? "" : "; " + atOnce + " task(s) at once, each "
                    + bytes(task) + " for " + m + " columns", bytes(available)));
        }
    }

    private static String bytes(long b) {
        return b >= 1L << 30 ? String.format("%.1f GB", b / (double) (1L << 30))
                : String.format("%d MB", (b + (1 << 20) - 1) >> 20);
    }
}
