package nabla.driver.train;

import java.io.PrintStream;
import java.util.Locale;
import nabla.worker.Cost;
import nabla.worker.Parameters;
import nabla.worker.Schematic;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * What a step costs, as a model that predicts (docs/scale.md, "The scaling model"):
 *
 * <pre>
 *   step(B, P) ≈ waves · flops(⌈B/P⌉) / rate  +  α · stages(P)  +  β · bytes(θ) · levels(P)
 *   waves      = ⌈P / cores⌉             partitions run cores at a time
 *   stages(P)  = 1 + executor levels     the step's stage, and a shuffle stage for each level the executors merge
 *   levels(P)  = 2 + executor levels     θ out, each level the executors merge, the partials into the driver
 *   (executor levels: none while P partials of θ's size come to at most 64 MB, OrderedTree.mergesOnExecutors)
 * </pre>
 *
 * α is a stage's fixed cost (an empty job of one stage with next to no θ), β the seconds per byte of θ and
 * per level (from
 * empty jobs that send θ of a few sizes and return gradients of zeros of its shape, {@link EmptyStep}), and
 * rate one core's backprop speed in FLOP/s (flops as {@link Schematic} counts them). It leaves out what
 * grows with P at a fixed θ beyond the levels (the driver fetching and merging P partials one after
 * another), and takes the rate as constant in m; scripts/bench --cluster prints how far off that is.
 *
 * @param alpha seconds, a job's fixed cost
 * @param beta  seconds per byte of θ per level of the tree
 * @param rate  FLOP/s of backprop on one core
 * @param cores cores that run partitions at once (on a cluster: every executor's, summed)
 */
public record ScalingModel(double alpha, double beta, double rate, int cores) {

    /**
     * Empty jobs run before the first probe is timed: on fresh executors a job's time falls for the first
     * few hundred jobs (each runs a task's code once per executor, until the JIT has compiled it), so a
     * probe without them measures start-up, not the steps of a run (docs/scale.md).
     */
    static final int WARM_UP = 300;

    /** The θs an empty job sends to measure β: next to none, 2, 8 and 16 MB. */
    static final int[][] PROBES = {{2, 1}, {1000, 250}, {1000, 1000}, {1000, 2000}};

    public ScalingModel {
        if (!(alpha >= 0) || !(beta >= 0) || !(rate > 0) || cores < 1) {
            throw new IllegalArgumentException("α ≥ 0, β ≥ 0, rate > 0 and cores ≥ 1, got " + alpha + ", " + beta
                    + ", " + rate + ", " + cores);
        }
    }

    /** ⌈P / cores⌉: the rounds in which P partitions run on {@code cores} cores. */
    public static int waves(int partitions, int cores) {
        return (partitions + cores - 1) / cores;
    }

    /** The step's stage, and one shuffle stage per level the executors merge. */
    public static int stages(int[] sizes, int partitions) {
        return stages(bytes(sizes), partitions);
    }

    /** θ out, one per level the executors merge, the partials in. */
    public static int levels(int[] sizes, int partitions) {
        return levels(bytes(sizes), partitions);
    }

    private static int stages(long thetaBytes, int partitions) {
        return 1 + executorLevels(thetaBytes, partitions);
    }

    private static int levels(long thetaBytes, int partitions) {
        return 2 + executorLevels(thetaBytes, partitions);
    }

    /** The levels a step with θ of so many bytes merges on the executors ({@link OrderedTree#mergesOnExecutors}). */
    private static int executorLevels(long thetaBytes, int partitions) {
        return OrderedTree.mergesOnExecutors(partitions, Trainer.TREE_DEPTH, thetaBytes)
                ? OrderedTree.executorLevels(partitions, Trainer.TREE_DEPTH).size() : 0;
    }

    /** 8 bytes a parameter: θ, or a gradient of its shape. */
    public static long bytes(int[] sizes) {
        return 8L * Parameters.zeros(sizes).count();
    }

    /** Seconds of backprop in a step: waves · flops(⌈B/P⌉) / rate. */
    public double compute(int[] sizes, Cost cost, int batch, int partitions) {
        int m = (batch + partitions - 1) / partitions;
        return waves(partitions, cores) * Schematic.flops(Schematic.of(sizes, cost, m)) / rate;
    }

    /** Seconds of the step that do not depend on B: α · stages(P) + β · bytes(θ) · levels(P). */
    public double fixed(int[] sizes, int partitions) {
        return alpha * stages(sizes, partitions) + beta * bytes(sizes) * levels(sizes, partitions);
    }

    /** Seconds of a step of batch B over P partitions. */
    public double step(int[] sizes, Cost cost, int batch, int partitions) {
        return compute(sizes, cost, batch, partitions) + fixed(sizes, partitions);
    }

    /**
     * The batch B* at which compute equals the fixed cost: waves · (B* / P) · f / rate = fixed(P),
     * with f the FLOPs per example at {@code batch} (backprop's FLOPs are linear in m but for a constant).
     */
    public double breakEven(int[] sizes, Cost cost, int batch, int partitions) {
        int m = (batch + partitions - 1) / partitions;
        double perExample = (double) Schematic.flops(Schematic.of(sizes, cost, m)) / m;
        return fixed(sizes, partitions) * rate * partitions / (waves(partitions, cores) * perExample);
    }

    /**
     * α and β from empty jobs over P partitions: job i sent θ of {@code bytes[i]} bytes and took
     * {@code seconds[i]}. The first is the floor, θ of next to no bytes, one stage: α is its time. β is the
     * least-squares slope of the others' time beyond their stages' α over their bytes times their levels,
     * x = b · levels, y = t − α · stages, a line through the origin: Σ x y / Σ x². One
     * noisy job moves a free intercept far (under load, one slow median at 2 MB put it at 2× the floor);
     * through the floor it moves β only by its share of Σ x². A slope below 0 (noise, when the bytes are
     * too few to show) is taken as β = 0.
     */
    public static ScalingModel fit(long[] bytes, double[] seconds, int partitions, double rate, int cores) {
        int n = bytes.length;
        if (n < 2 || seconds.length != n) {
            throw new IllegalArgumentException("a fit needs ≥ 2 points with a time each, got " + n + " and "
                    + seconds.length);
        }
        double alpha = seconds[0] / stages(bytes[0], partitions);
        double sxy = 0;
        double sxx = 0;
        for (int i = 1; i < n; i++) {
            double x = (double) (bytes[i] - bytes[0]) * levels(bytes[i], partitions);
            sxy += x * (seconds[i] - alpha * stages(bytes[i], partitions));
            sxx += x * x;
        }
        return new ScalingModel(alpha, Math.max(0, sxy / sxx), rate, cores);
    }

    /**
     * α and β measured on {@code sc}: {@link EmptyStep} over P partitions for each of {@link #PROBES}'s θ
     * (median of 40 jobs for the smallest, after {@link #WARM_UP}; of 10 after 5 for the others), each printed
     * to {@code log}; then the fit.
     */
    public static ScalingModel measure(JavaSparkContext sc, int partitions, double rate, int cores, PrintStream log) {
        long[] bytes = new long[PROBES.length];
        double[] seconds = new double[PROBES.length];
        for (int i = 0; i < PROBES.length; i++) {
            bytes[i] = bytes(PROBES[i]);
            seconds[i] = EmptyStep.medianMs(sc, PROBES[i], partitions, i == 0 ? WARM_UP : 5, i == 0 ? 40 : 10) / 1e3;
            log.printf(Locale.ROOT, "  empty job, θ of %,d bytes out and a gradient of as many back from each of %d"
                    + " partitions: %.1f ms%n", bytes[i], partitions, seconds[i] * 1e3);
        }
        return fit(bytes, seconds, partitions, rate, cores);
    }
}
