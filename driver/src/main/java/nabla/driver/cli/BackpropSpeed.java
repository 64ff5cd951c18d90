package nabla.driver.cli;

import java.util.Random;
import nabla.worker.Backprop;
import nabla.worker.Blas;
import nabla.worker.Cost;
import nabla.worker.Gradient;
import nabla.worker.Parameters;
import nabla.worker.Schematic;

/**
 * How fast backprop runs on one core, and where that number came from. Public for scripts/bench, which
 * feeds the same measurement to the scaling model.
 */
public record BackpropSpeed(double gflops, String source) {
    static BackpropSpeed given(double gflops) {
        return new BackpropSpeed(gflops, "given with --gflops");
    }

    /**
     * Times Backprop.accumulate on m random columns: best of 5 rounds of ≥ 50 ms each, in the thread's CPU
     * time (so other processes sharing the cores do not count; BLAS threads of its own would not either).
     */
    public static BackpropSpeed measure(int[] sizes, Cost cost, int m) {
        Parameters theta = Parameters.random(sizes, false, 1);
        Random rng = new Random(2);
        double[] x = new double[sizes[0] * m];
        double[] y = new double[sizes[sizes.length - 1] * m];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble();
        }
        for (int k = 0; k < m; k++) {
            y[k * (y.length / m) + rng.nextInt(y.length / m)] = 1;
        }
        Backprop backprop = new Backprop(sizes, cost, m);
        Gradient sum = new Gradient(sizes);
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        boolean cpu = threads.isCurrentThreadCpuTimeSupported();
        java.util.function.LongSupplier clock = cpu ? threads::getCurrentThreadCpuTime : System::nanoTime;
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 6; round++) {
            long start = clock.getAsLong();
            int calls = 0;
            do {
                sum.clear();
                backprop.accumulate(theta, x, y, 0, m, sum);
                calls++;
            } while (clock.getAsLong() - start < 50_000_000L);
            if (round > 0) {                                     // round 0 warms the JIT up
                best = Math.min(best, (clock.getAsLong() - start) / 1e9 / calls);
            }
        }
        double flops = Schematic.flops(Schematic.of(sizes, cost, m));
        return new BackpropSpeed(flops / best / 1e9, "measured here: backprop on " + m + " random columns, "
                + (cpu ? "thread CPU time, " : "") + Blas.implementation());
    }
}
