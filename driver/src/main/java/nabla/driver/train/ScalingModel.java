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

    /** The step's stage, and one shuffle stage per level the executors merge ({@link OrderedTree#executorLevels}). */
    public static int stages(int partitions) {
        return 1 + OrderedTree.executorLevels(partitions, Trainer.TREE_DEPTH).size();
    }

    /** θ out, one per level the executors merge ({@link OrderedTree#executorLevels}), the partials in. */
    public static int levels(int partitions) {
        return 2 + OrderedTree.executorLevels(partitions, Trainer.TREE_DEPTH).size();
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
        return alpha * stages(partitions) + beta * bytes(sizes) * levels(partitions);
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
     * {@code seconds[i]}. The first is the floor, θ of next to no bytes: α · stages(P) is its time. β · levels(P)
     * is the least-squares slope of the others' extra time over the floor, a line through it: Σ b (t − t₀) / Σ b². One
     * noisy job moves a free intercept far (under load, one slow median at 2 MB put it at 2× the floor);
     * through the floor it moves β only by its share of Σ b². A slope below 0 (noise, when the bytes are
     * too few to show) is taken as β = 0.
     */
    public static ScalingModel fit(long[] bytes, double[] seconds, int partitions, double rate, int cores) {
        int n = bytes.length;
        if (n < 2 || seconds.length != n) {
            throw new IllegalArgumentException("a fit needs ≥ 2 points with a time each, got " + n + " and "
                    + seconds.length);
        }
        double floor = seconds[0];
        double sbt = 0;
        double sbb = 0;
        for (int i = 1; i < n; i++) {
            double b = bytes[i] - bytes[0];
            sbt += b * (seconds[i] - floor);
            sbb += b * b;
        }
        double slope = Math.max(0, sbt / sbb);
        return new ScalingModel(floor / stages(partitions), slope / levels(partitions), rate, cores);
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
