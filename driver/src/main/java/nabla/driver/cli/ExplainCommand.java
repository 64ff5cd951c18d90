package nabla.driver.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import nabla.driver.data.BadInput;
import nabla.driver.options.CommonOptions;
import nabla.driver.options.NetworkOptions;
import nabla.driver.options.PartitionsOption;
import nabla.driver.options.StepOptions;
import nabla.driver.train.OrderedTree;
import nabla.driver.train.Settings;
import nabla.driver.train.Trainer;
import nabla.worker.Cost;
import nabla.worker.Gradient;
import nabla.worker.Parameters;
import nabla.worker.Schematic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nabla explain}: one SGD step as the code runs it, for any network. On a partition, the lines of
 * backprop ({@link Schematic}, held by a test to the kernel's buffers and BLAS calls) with their shapes,
 * FLOPs and bytes; on Spark, what the step sends and merges; and an estimate of compute against the
 * step's fixed cost. Starts no Spark, unless --master asks it to measure the fixed cost there.
 */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        description = "Show one SGD step of a network as nabla runs it: backprop's lines with their shapes,"
                + " FLOPs and bytes, what Spark sends, and where the time goes.")
final class ExplainCommand implements Callable<Integer> {

    @Mixin
    private NetworkOptions network;

    @Mixin
    private StepOptions step;

    @Mixin
    private PartitionsOption partitions;

    @Option(names = "--cores", paramLabel = "C",
            description = "Cores that run partitions at once (default: this machine's; with --master, the"
                    + " master's default parallelism).")
    private int cores;

    @Option(names = "--gflops", paramLabel = "G",
            description = "Backprop's speed per core in GFLOP/s (default: measured here, on random data).")
    private double gflops;

    @Option(names = "--fixed-ms", paramLabel = "ms", defaultValue = "9",
            description = "Fixed cost of a step: broadcast, task launch, aggregate. scripts/bench measured"
                    + " 7.5–10 ms in local[2], and 25–60 ms on a loopback cluster (docs/benchmarks.md).")
    private double fixedMs;

    @Mixin
    private CommonOptions common;
    @Mixin
    private MeasuredFloor floor;

    @Override
    public Integer call() {
        Settings.Network net = network.network();
        Settings.Optimisation how = step.step();
        int requested = partitions.partitions();
        int P = requested > 0 ? requested : Runtime.getRuntime().availableProcessors();  // local[*]'s default
        if (!(fixedMs >= 0) || gflops < 0) {
            throw new BadInput("--fixed-ms and --gflops must be ≥ 0, got " + fixedMs + " and " + gflops);
        }
        Step shapes = Step.of(net.sizes(), net.cost(), how.batch(), P);
        BackpropSpeed speed = gflops > 0 ? BackpropSpeed.given(gflops) : null;
        MeasuredFloor.Fixed fixed = floor.fixed(fixedMs, shapes, cores, speed);
        print(System.out, shapes, new Update(how.eta(), how.lambda(), how.momentum()), fixed.cores(), fixed.ms(),
                fixed.speed());
        return 0;
    }

    /**
     * The update the driver applies once a step (worker's Sgd), as the settings make it: plain SGD,
     * L2-regularised, with momentum, or both.
     */
    record Update(double eta, double lambda, double mu) {
        String rule() {
            String values = "η = " + eta + (lambda > 0 ? ", λ = " + lambda : "") + (mu > 0 ? ", μ = " + mu : "");
            String rule;
            if (mu > 0) {
                rule = (lambda > 0 ? "v ← μv − (ηλ/n) w − (η/m) Σ∇ (no λ term for biases)" : "v ← μv − (η/m) Σ∇")
                        + ", θ ← θ + v";
            } else {
                rule = lambda > 0 ? "w ← (1 − ηλ/n) w − (η/m) Σ∇, b ← b − (η/m) Σ∇" : "θ ← θ − (η/m) Σ∇";
            }
            return rule + " (" + values + ")";
        }

        /** FLOPs of one update of {@code weights} weights and {@code biases} biases. */
        long flops(long weights, long biases) {
            long perWeight = (mu > 0 ? 4 : 2) + (lambda > 0 ? (mu > 0 ? 2 : 1) : 0);
            long perBias = mu > 0 ? 4 : 2;
            return perWeight * weights + perBias * biases;
        }
    }

    /**
     * The shapes of one step: B examples dealt round-robin over P partitions, the largest share m = ⌈B/P⌉.
     *
     * @param lines backprop's lines on a partition of m examples
     */
    record Step(int[] sizes, Cost cost, int batch, int partitions, int m, List<Schematic.Line> lines) {
        static Step of(int[] sizes, Cost cost, int batch, int partitions) {
            int m = (batch + partitions - 1) / partitions;
            return new Step(sizes, cost, batch, partitions, m, Schematic.of(sizes, cost, m));
        }
    }

    /** The step in three parts: on a partition, on Spark, and the time it takes (at {@code given}'s speed). */
    static void print(PrintStream out, Step step, Update update, int cores, double fixedMs, BackpropSpeed given) {
        out.printf("One SGD step of %s, %s cost: a global batch of B = %,d in P = %d partitions, so each"
                        + " partition runs backprop on m = %,d columns.%n%n",
                Arrays.toString(step.sizes()), step.cost().optionName(), step.batch(), step.partitions(), step.m());
        printPartition(out, step);
        printSpark(out, step, update);
        printTime(out, step, cores, fixedMs, given);
    }

    /** Backprop's lines on one partition, with their shapes, FLOPs and bytes. */
    private static void printPartition(PrintStream out, Step step) {
        int m = step.m();
        out.printf("On every partition: Backprop.accumulate (worker/src/main/java/nabla/worker/Backprop.java)%n");
        int equations = step.lines().stream().mapToInt(line -> line.equation().length()).max().orElse(0);
        int shapes = step.lines().stream().mapToInt(line -> line.shapes().length()).max().orElse(0);
        String columns = "  %-8s %-3s %-" + equations + "s   %-" + shapes + "s %,13d %,12d%n";
        String row = columns;
        out.printf(columns.replace(",13d", "13s").replace(",12d", "12s"), "", "", "line", "shapes", "FLOPs", "bytes");
        for (Schematic.Line line : step.lines()) {
            out.printf(row, line.pass(), line.rule(), line.equation(), line.shapes(), line.flops(), line.bytes());
        }
        long flops = Schematic.flops(step.lines());
        long products = Schematic.productFlops(step.lines());
        out.printf(row, "total", "", "", "", flops, Schematic.bytes(step.lines()));
        out.printf("  The %d products are %,d FLOPs = %,d per example; the rest is elementwise.%n%n",
                step.lines().stream().filter(line -> line.product() != null).count(), products, products / m);
    }

    /** What the step's one job sends, returns and merges, and the update. */
    private static void printSpark(PrintStream out, Step step, Update update) {
        int[] n = step.sizes();
        Parameters theta = Parameters.zeros(n);
        int params = theta.count();
        long thetaBytes = serializedSize(theta);
        long gradientBytes = serializedSize(new Gradient(n));
        int depth = Trainer.TREE_DEPTH;
        List<Integer> levels = OrderedTree.executorLevels(step.partitions(), depth);
        int driverMerges = levels.isEmpty() ? step.partitions() : levels.get(levels.size() - 1);
        out.printf("On Spark: Trainer.step, one job%n");
        out.printf("  send θ            in the step's function (the task binary): a broadcast of %,d doubles = %,d bytes (%,d serialized), fetched once per"
                + " executor (local mode: handed over by reference)%n", params, 8L * params, thetaBytes);
        out.printf("  Σ∇ per partition  each of the %d partitions returns a Gradient: %,d sums + m + ΣC ="
                + " %,d bytes serialized (%,d in all)%n", step.partitions(), params, gradientBytes,
                gradientBytes * step.partitions());
        String where = OrderedTree.mergesOnExecutors(step.partitions(), depth, 8L * params) ? "executors merge"
                : "the driver (the partials come to at most 64 MB) merges";
        out.printf("  merge             OrderedTree, depth %d (scale %d, RDD.treeAggregate's rule): %s%n",
                depth, OrderedTree.scale(step.partitions(), depth),
                levels.isEmpty()
                        ? "the driver merges the " + step.partitions() + " partials pairwise in partition order"
                        : where + " " + step.partitions() + " partials into " + levels
                                + ", then the driver merges " + driverMerges + " pairwise in order");
        long biases = Arrays.stream(n).skip(1).asLongStream().sum();
        out.printf("  update            on the driver, %s: %,d FLOPs%n%n", update.rule(),
                update.flops(params - biases, biases));
    }

    /** Compute against the fixed cost of a step, and the batch where they meet. */
    private static void printTime(PrintStream out, Step step, int cores, double fixedMs, BackpropSpeed given) {
        int[] n = step.sizes();
        int m = step.m();
        long flops = Schematic.flops(step.lines());
        BackpropSpeed speed = given != null ? given : BackpropSpeed.measure(n, step.cost(), m);
        int waves = (step.partitions() + cores - 1) / cores;
        double computeMs = waves * flops / (speed.gflops() * 1e9) * 1e3;
        double perExample = (double) flops / m;
        // compute(B) = waves · (B/P) · f / rate equals the fixed cost at B* = fixed · rate · P / (waves · f)
        double breakEven = breakEven(fixedMs, speed, step.partitions(), waves, perExample);
        BackpropSpeed atBreakEven = speed;
        if (given == null && breakEven >= step.partitions() && Math.abs(Math.log(breakEven / step.batch())) > 1) {
            // small blocks run slower per FLOP than large ones: measure again where the two costs meet
            int mStar = (int) Math.min(Math.round(breakEven / step.partitions()), 100_000);
            atBreakEven = BackpropSpeed.measure(n, step.cost(), mStar);
            breakEven = breakEven(fixedMs, atBreakEven, step.partitions(), waves, perExample);
        }
        out.printf("Time per step (an estimate)%n");
        out.printf("  compute   %,d FLOPs per partition at %.1f GFLOP/s per core (%s);%n", flops,
                speed.gflops(), speed.source());
        out.printf("            %d partitions on %d cores run in %d wave%s: %.2f ms%n", step.partitions(), cores,
                waves, waves == 1 ? "" : "s", computeMs);
        out.printf("  fixed     %.1f ms (--fixed-ms, or α · stages + β · bytes(θ) · levels measured with --master)%n", fixedMs);
        out.printf("  step      %.2f ms = compute + fixed (the scaling model, docs/scale.md)%n", computeMs + fixedMs);
        out.printf("  compute is %.0f%% of the step at B = %,d; it passes the fixed cost from B ≈ %,.0f"
                        + " (m ≈ %,.0f per partition%s).%n",
                100 * computeMs / (computeMs + fixedMs), step.batch(), breakEven, breakEven / step.partitions(),
                atBreakEven == speed ? "" : String.format(", where backprop runs at %.1f GFLOP/s", atBreakEven.gflops()));
    }

    /** The batch B* where waves · (B* / P) · f / rate equals the fixed cost. */
    private static double breakEven(double fixedMs, BackpropSpeed speed, int partitions, int waves, double perExample) {
        return fixedMs / 1e3 * speed.gflops() * 1e9 * partitions / (waves * perExample);
    }

    /** Bytes of Java serialization, Spark's default for broadcasts and task results. */
    static long serializedSize(Serializable value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.size();
    }
}
