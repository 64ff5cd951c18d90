package nabla.bench;

import dev.ludovic.netlib.blas.BLAS;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import nabla.worker.Backprop;
import nabla.worker.Blas;
import nabla.worker.Cost;
import nabla.worker.Gradient;
import nabla.worker.Inputs;
import nabla.worker.MiniBatches;
import nabla.worker.Parameters;
import nabla.worker.Shard;

/**
 * One partition's backprop, alone in one thread: examples/s and GFLOP/s of {@link Shard#gradient} (the
 * call a step's task makes) on blocks of m examples, beside the GFLOP/s of one large GEMM through the
 * same BLAS, the ceiling a kernel made of GEMMs can approach.
 *
 * <p>FLOPs per example, counting the products backprop needs (2 per multiply-add), for layers n_0..n_L:
 * forward W^l A^{l−1} and BP4 Δ^l (A^{l−1})ᵀ for every l, BP2 (W^l)ᵀ Δ^l for l ≥ 2:
 * <pre>  F = 6 Σ_{l=1..L} n_l n_{l−1} − 2 n_1 n_0</pre>
 * [784,30,10]: 6 (23,520 + 300) − 47,040 = 95,880. [784,1024,1024,10]: 9,564,160.
 */
public final class KernelBench {
    private KernelBench() {
    }

    /** One row of the kernel table, with the GEMM measured in turn with it. */
    public record Row(String network, int m, double seconds, double examplesPerSecond, double gflops,
                      double gemmGflops) {
    }

    /** F, the FLOPs of forward + backward for one example (see the class comment). */
    public static long flopsPerExample(int[] n) {
        long f = 0;
        for (int l = 1; l < n.length; l++) {
            f += 6L * n[l] * n[l - 1];
        }
        return f - 2L * n[1] * n[0];
    }

    /**
     * Median seconds of one {@link Shard#gradient} call on m examples of the network {@code sizes}, its
     * samples taken in turn with samples of an n × n × n GEMM, so that a machine whose load comes and goes
     * slows both alike and their ratio holds.
     */
    public static Row backprop(int[] sizes, int m, int n, double budgetSeconds) {
        int count = m * STEPS;
        Random rng = new Random(1);
        double[] x = new double[sizes[0] * count];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble();
        }
        int nL = sizes[sizes.length - 1];
        double[] y = new double[nL * count];
        for (int j = 0; j < count; j++) {
            y[j * nL + rng.nextInt(nL)] = 1;
        }
        Shard shard = Shard.ofOneHot(0, sizes[0], nL, x, y);
        Parameters theta = Parameters.random(sizes, true, 2);
        MiniBatches batches = new MiniBatches(count, m, 1, false, 0);
        Runnable kernel = () -> {
            for (int k = 0; k < STEPS; k++) {
                shard.gradient(theta, Cost.CROSS_ENTROPY, batches, 0, k);
            }
        };
        double[] medians = medians(budgetSeconds, kernel, gemm(n));
        double seconds = medians[0] / STEPS;
        double perSecond = m / seconds;
        return new Row(name(sizes), m, seconds, perSecond, perSecond * flopsPerExample(sizes) / 1e9,
                2.0 * n * n * n / medians[1] / 1e9);
    }

    /**
     * What keeping shards lean costs a step: median seconds of {@link Shard#gradient} on a shard of bytes
     * (x = b / 255 stacked by the step, as for IDX) over those of backprop run in place on the same
     * examples already held as doubles (the shards nabla kept before), the two taken in turn.
     */
    public static double leanOverDoubles(int[] sizes, int m, double budgetSeconds) {
        int count = m * STEPS;
        Random rng = new Random(1);
        byte[] pixels = new byte[sizes[0] * count];
        rng.nextBytes(pixels);
        double[] x = new double[pixels.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (pixels[i] & 0xff) / 255.0;
        }
        int nL = sizes[sizes.length - 1];
        int[] labels = new int[count];
        double[] y = new double[nL * count];
        for (int j = 0; j < count; j++) {
            labels[j] = rng.nextInt(nL);
            y[j * nL + labels[j]] = 1;
        }
        Shard lean = new Shard(0, Inputs.bytes(sizes[0], 255, pixels), labels, nL);
        Parameters theta = Parameters.random(sizes, true, 2);
        MiniBatches batches = new MiniBatches(count, m, 1, false, 0);
        Backprop inPlace = new Backprop(sizes, Cost.CROSS_ENTROPY, m);
        double[] medians = medians(budgetSeconds, () -> {
            for (int k = 0; k < STEPS; k++) {
                lean.gradient(theta, Cost.CROSS_ENTROPY, batches, 0, k);
            }
        }, () -> {
            for (int k = 0; k < STEPS; k++) {
                inPlace.accumulate(theta, x, y, k * m, m, new Gradient(sizes));
            }
        });
        return medians[0] / medians[1];
    }

    /** Steps of a kernel sample. */
    private static final int STEPS = 8;

    /** C ← A B for n × n matrices through the BLAS nabla uses (dev.ludovic.netlib): 2n³ FLOPs. */
    static Runnable gemm(int n) {
        BLAS blas = BLAS.getInstance();
        Random rng = new Random(3);
        double[] a = new double[n * n];
        double[] b = new double[n * n];
        double[] c = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextDouble();
            b[i] = rng.nextDouble();
        }
        return () -> blas.dgemm("N", "N", n, n, n, 1.0, a, n, b, n, 0.0, c, n);
    }

    static String name(int[] sizes) {
        StringBuilder s = new StringBuilder("[");
        for (int l = 0; l < sizes.length; l++) {
            s.append(l == 0 ? "" : ",").append(sizes[l]);
        }
        return s.append(']').toString();
    }

    /**
     * Warms both up for 40% of the budget, then takes samples of each in turn for the rest (at least 5
     * of each); their median seconds.
     */
    static double[] medians(double budgetSeconds, Runnable first, Runnable second) {
        long warmUntil = System.nanoTime() + (long) (budgetSeconds * 0.4e9);
        do {
            first.run();
            second.run();
        } while (System.nanoTime() < warmUntil);
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        long stopAt = System.nanoTime() + (long) (budgetSeconds * 0.6e9);
        do {
            a.add(seconds(first));
            b.add(seconds(second));
        } while (System.nanoTime() < stopAt || a.size() < 5);
        return new double[] {median(a), median(b)};
    }

    private static double seconds(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(List<Double> samples) {
        List<Double> sorted = new ArrayList<>(samples);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    /** Prints the kernel table (markdown); {@code --tiny} shrinks the sizes and the time budget. */
    public static void main(String[] args) {
        boolean tiny = List.of(args).contains("--tiny");
        double budget = tiny ? 0.2 : 3;
        int n = tiny ? 256 : 1024;
        System.out.println("BLAS: " + Blas.describe());
        System.out.println();
        System.out.println("| kernel, one partition, one thread | m | examples/s | GFLOP/s | GEMM " + n + "³ GFLOP/s,"
                + " in turn | kernel / GEMM |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        int[][] nets = {{784, 30, 10}, {784, 1024, 1024, 10}};
        int[][] ms = tiny ? new int[][] {{10, 100}, {10}} : new int[][] {{10, 100, 1000}, {100, 1000}};
        for (int i = 0; i < nets.length; i++) {
            for (int m : ms[i]) {
                Row r = backprop(nets[i], m, n, budget);
                System.out.printf("| backprop %s | %d | %,.0f | %.1f | %.1f | %.0f%% |%n", r.network(), r.m(),
                        r.examplesPerSecond(), r.gflops(), r.gemmGflops(), 100 * r.gflops() / r.gemmGflops());
            }
        }
        System.out.println();
        System.out.println("| lean shard (bytes, stacked by the step) / doubles in place, in turn | m | time ratio |");
        System.out.println("|---|---:|---:|");
        for (int i = 0; i < nets.length; i++) {
            for (int m : ms[i]) {
                System.out.printf("| backprop %s | %d | %.3f |%n", name(nets[i]), m, leanOverDoubles(nets[i], m, budget));
            }
        }
    }
}
