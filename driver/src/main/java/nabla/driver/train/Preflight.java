package nabla.driver.train;

import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nabla.driver.data.BadInput;
import nabla.driver.data.Destinations;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;

/**
 * Everything about a training run that can be refused before Spark starts, so that nothing fails after
 * the work: the combination of options, every destination (--save, --checkpoint, --metrics), the sizes
 * (no array of θ past Java's limit) and the memory a step needs against what the JVM has.
 *
 * <p>Memory, in doubles (8 bytes), for P partitions and m = ⌈B/P⌉ columns per partition, |θ| =
 * Σ n_l (n_{l−1} + 1): the driver holds θ, the merged Σ∇, a partial being merged, θ's serialized copy
 * for the broadcast and, with momentum, the velocity (4–5 |θ|); each task running at once holds its Σ∇
 * (|θ|) and the step's activations, A⁰ and Z, A, Δ for every layer (m (n_0 + 3 Σ_{l≥1} n_l)). In local
 * mode the tasks run in the driver's JVM, min(P, cores) at a time. On a cluster (any other master) an
 * executor holds θ's broadcast once (|θ|) and runs c = spark.executor.cores / spark.task.cpus tasks at
 * once (c = 1 when spark.executor.cores is not set, as YARN and Kubernetes default); that must fit the
 * heap Spark lets it use, spark.executor.memory (default 1g) less the 300 MB Spark reserves for itself
 * (UnifiedMemoryManager's reserved memory). Only what cannot fit is refused: the cached shards share that
 * heap too (up to spark.memory.fraction of it), but a data set larger than that is legitimate (MEMORY_AND_DISK
 * keeps the rest on the executor's disk), and its size is not known before it is read.
 */
public final class Preflight {
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\d+)?])?");
    /** What Spark keeps of an executor's heap for itself (UnifiedMemoryManager's RESERVED_SYSTEM_MEMORY_BYTES). */
    static final long RESERVED = 300L << 20;

    private Preflight() {
    }

    /**
     * Checks {@code settings}: its destinations and its sizes; bad input names the option and says why.
     *
     * @param master --master, or null for spark-submit's or local[*]
     * @param spark  the spark.* settings of nabla's configuration (the JVM's, from spark-submit, are read too)
     */
    public static void check(Settings settings, String master, Map<String, String> spark, Configuration hadoop) {
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
        SparkConf conf = new SparkConf();
        spark.forEach(conf::set);
        if (master != null) {
            conf.setMaster(master);
        }
        memory(settings, conf.get("spark.master", "local[*]"), Runtime.getRuntime().maxMemory());
        int partitions = settings.partitions() > 0 ? settings.partitions()
                : conf.getInt("spark.default.parallelism", 0);
        if (partitions > 0) {                                           // else checked once Spark says its default
            executors(settings, partitions, conf);
        }
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
        long driver = 8 * theta * (o.momentum() > 0 ? 5 : 4);
        long task = task(n, m);
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

    /** A task's bytes for m columns: its Σ∇ (|θ|) and the activations A⁰ and Z, A, Δ of every layer. */
    private static long task(int[] n, long m) {
        long activations = n[0];
        for (int l = 1; l < n.length; l++) {
            activations += 3L * n[l];
        }
        return 8 * (parameters(n) + m * activations);
    }

    /** An executor's bytes for a step: θ's broadcast once, and {@code tasks} tasks at once of ⌈B/P⌉ columns. */
    static long executor(int[] n, int batch, int partitions, int tasks) {
        return 8 * parameters(n) + tasks * task(n, (batch + partitions - 1) / partitions);
    }

    /**
     * On a cluster (any master but local), refuses a step whose tasks cannot fit an executor (see the class
     * comment); in local mode the tasks are the driver's, checked by {@link #memory}.
     */
    public static void executors(Settings settings, int partitions, SparkConf conf) {
        if (LOCAL.matcher(conf.get("spark.master", "local[*]")).matches()) {
            return;
        }
        int[] n = settings.network().sizes();
        int batch = settings.optimisation().batch();
        int tasks = Math.max(1, conf.getInt("spark.executor.cores", 1) / conf.getInt("spark.task.cpus", 1));
        long heap = conf.getSizeAsBytes("spark.executor.memory", "1g");
        long needed = executor(n, batch, partitions, tasks);
        if (needed > heap - RESERVED) {
            throw new BadInput(String.format("--layers %s with --batch %d in %d partitions needs about %s on each"
                    + " executor (θ's broadcast %s; %d task(s) at once, each %s for %d columns); spark.executor.memory"
                    + " %s leaves tasks %s (Spark keeps 300 MB): give executors more memory, or lower --batch or the"
                    + " layer sizes, or raise --partitions", Arrays.toString(n), batch, partitions, bytes(needed),
                    bytes(8 * parameters(n)), tasks, bytes(task(n, (batch + partitions - 1) / partitions)),
                    (batch + partitions - 1) / partitions, bytes(heap), bytes(Math.max(0, heap - RESERVED))));
        }
    }

    private static String bytes(long b) {
        return b >= 1L << 30 ? String.format("%.1f GB", b / (double) (1L << 30))
                : String.format("%d MB", (b + (1 << 20) - 1) >> 20);
    }
}
