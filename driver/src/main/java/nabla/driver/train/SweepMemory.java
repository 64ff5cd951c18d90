package nabla.driver.train;

import java.util.List;
import nabla.driver.data.BadInput;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The memory guard of a sweep: the K parameter sets and the K gradients grow linearly in K, so a grid is
 * refused before anything is drawn or loaded, with the sizes named, when they would not fit half of the
 * driver's heap or of an executor's. Counted, with S = Σ_i 8 |θ_i| bytes (all K parameter sets once):
 * <ul>
 *   <li>driver: (P + 6) S: θ₀, θ, the updates, the velocities, the step's serialized task binary, and the
 *       P partial gradient sums the last level of the tree merges;</li>
 *   <li>executor: (1 + 2c) S for c cores: the step's task binary (the θs inside its function) once, and per
 *       running task its K gradients and one merge partner.</li>
 * </ul>
 */
final class SweepMemory {
    private static final double MB = 1 << 20;

    private SweepMemory() {
    }

    /** S: the bytes of all K parameter sets. */
    static long bytes(List<Settings> models) {
        long bytes = 0;
        for (Settings s : models) {
            int[] n = s.network().sizes();
            for (int l = 1; l < n.length; l++) {
                bytes += 8L * n[l] * (n[l - 1] + 1);
            }
        }
        return bytes;
    }

    /** Refuses a grid whose parameter sets and P partial gradients would not fit half the driver's heap. */
    static void checkDriver(List<Settings> models, int partitions) {
        long bytes = bytes(models);
        long heap = Runtime.getRuntime().maxMemory();
        long needs = (partitions + 6L) * bytes;
        if (needs > heap / 2) {
            throw new BadInput(String.format("a sweep of %d models (parameter sets %.1f MB together) needs about"
                    + " %.0f MB of the driver's heap for them and %d partitions' gradients; half the heap is %.0f MB"
                    + " (raise NABLA_DRIVER_MEMORY or spark.driver.memory, or sweep fewer or smaller models)",
                    models.size(), bytes / MB, needs / MB, partitions, heap / 2 / MB));
        }
    }

    /** Refuses a grid whose θs and tasks' gradients would not fit half an executor's heap. */
    static void checkExecutors(List<Settings> models, JavaSparkContext sc) {
        long bytes = bytes(models);
        boolean local = sc.master().startsWith("local");
        long heap = local ? Runtime.getRuntime().maxMemory()
                : sc.getConf().getSizeAsBytes("spark.executor.memory", "1g");
        int cores = local ? Math.max(1, sc.defaultParallelism()) : sc.getConf().getInt("spark.executor.cores", 1);
        long needs = (1 + 2L * cores) * bytes;
        if (needs > heap / 2) {
            throw new BadInput(String.format("a sweep of %d models (parameter sets %.1f MB together) needs about"
                    + " %.0f MB of an executor's heap for the step's θs and %d tasks' gradients; half of"
                    + " spark.executor.memory is %.0f MB", models.size(), bytes / MB, needs / MB, cores,
                    heap / 2 / MB));
        }
    }
}
