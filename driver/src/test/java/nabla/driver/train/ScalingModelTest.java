package nabla.driver.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import nabla.worker.Cost;
import org.junit.jupiter.api.Test;

/** The scaling model's arithmetic against numbers worked out by hand; no timing. */
class ScalingModelTest {
    private static final int[] SEED = {784, 30, 10};
    private static final int[] BIG = {784, 1024, 1024, 10};
    /** α = 20 ms, β = 1 ns per byte per level, 50 GFLOP/s a core, 2 cores. */
    private static final ScalingModel MODEL = new ScalingModel(0.020, 1e-9, 50e9, 2);

    @Test
    void wavesAndLevelsFollowTheCoresAndTheTree() {
        assertEquals(1, ScalingModel.waves(2, 2));
        assertEquals(3, ScalingModel.waves(5, 2));
        assertEquals(4, ScalingModel.waves(8, 2));
        // depth 2: P ≤ 5 merge on the driver (2 levels: θ out, partials in); P = 8 can merge 8 → 3 on the
        // executors first (scale ⌈√8⌉ = 3, and 8 > 3 + ⌈8/3⌉), one level more
        // when its P partials come to more than 64 MB (the big network's 14.9 MB: 119 MB at P = 8), and a
        // shuffle stage for that level; the seed network's (191 KB) are merged on the driver at any P here
        assertEquals(2, ScalingModel.levels(BIG, 2));
        assertEquals(2, ScalingModel.levels(BIG, 4));
        assertEquals(3, ScalingModel.levels(BIG, 8));
        assertEquals(1, ScalingModel.stages(BIG, 4));
        assertEquals(2, ScalingModel.stages(BIG, 8));
        assertEquals(2, ScalingModel.levels(SEED, 8));
        assertEquals(1, ScalingModel.stages(SEED, 100));
        assertEquals(8 * 23_860, ScalingModel.bytes(SEED));                     // 784·30 + 30 + 30·10 + 10
    }

    @Test
    void predictsTheStepOfTheSeedNetwork() {
        // B = 100, P = 2: m = 50, 4,806,500 FLOPs (ExplainCommandTest's count), one wave: 96.13 µs;
        // fixed = 0.020 + 1e-9 · 190,880 · 2 = 0.02038176 s
        assertEquals(4_806_500 / 50e9, MODEL.compute(SEED, Cost.QUADRATIC, 100, 2), 1e-15);
        assertEquals(0.02038176, MODEL.fixed(SEED, 2), 1e-12);
        assertEquals(0.02047789, MODEL.step(SEED, Cost.QUADRATIC, 100, 2), 1e-12);
        // B = 800, P = 8: m = 100, 9,613,000 FLOPs a partition, 4 waves on 2 cores: 0.76904 ms;
        // fixed = 0.020 + 1e-9 · 190,880 · 2 = 0.02038176 s: 8 partials of 191 KB, merged on the driver
        assertEquals(0.02038176, MODEL.fixed(SEED, 8), 1e-12);
        assertEquals(0.02115080, MODEL.step(SEED, Cost.QUADRATIC, 800, 8), 1e-12);
        // the big network at P = 8: fixed = 0.020 · 2 stages + 1e-9 · 14,909,520 · 3 = 0.08472856 s
        assertEquals(0.08472856, MODEL.fixed(BIG, 8), 1e-12);
    }

    @Test
    void breakEvenIsWhereComputeMeetsTheFixedCost() {
        // B* = fixed · rate · P / (waves · f) = 0.02038176 · 50e9 · 2 / 96,130 = 21,202.29
        double b = MODEL.breakEven(SEED, Cost.QUADRATIC, 100, 2);
        assertEquals(21_202.29, b, 0.01);
        assertEquals(MODEL.fixed(SEED, 2), MODEL.compute(SEED, Cost.QUADRATIC, 21_202, 2), 1e-6);
    }

    @Test
    void fitsAlphaAtTheFloorAndBetaByLeastSquaresThroughIt() {
        // 10 ms + 4 ns a byte over P = 2 (2 levels): α = 10 ms, β = 2 ns per byte per level
        ScalingModel fitted = ScalingModel.fit(new long[] {0, 1_000_000, 2_000_000},
                new double[] {0.010, 0.014, 0.018}, 2, 1e9, 1);
        assertEquals(0.010, fitted.alpha(), 1e-12);
        assertEquals(2e-9, fitted.beta(), 1e-18);
        // at P = 8 the same probes are merged on the driver (8 · 2 MB ≤ 64 MB): the same fit
        assertEquals(2e-9, ScalingModel.fit(new long[] {0, 1_000_000, 2_000_000},
                new double[] {0.010, 0.014, 0.018}, 8, 1e9, 1).beta(), 1e-18);
        // probes of 10 and 20 MB at P = 8 merge a level on the executors (2 stages, 3 levels):
        // t = 0.010 · 2 + 1 ns · b · 3 gives back α = 10 ms and β = 1 ns
        ScalingModel wide = ScalingModel.fit(new long[] {0, 10_000_000, 20_000_000},
                new double[] {0.010, 0.050, 0.080}, 8, 1e9, 1);
        assertEquals(0.010, wide.alpha(), 1e-12);
        assertEquals(1e-9, wide.beta(), 1e-18);
        // off the line: α stays the floor's 10 ms; β · 2 = (1e6 · 0.006 + 2e6 · 0.008) / (1e12 + 4e12) = 4.4 ns
        ScalingModel noisy = ScalingModel.fit(new long[] {0, 1_000_000, 2_000_000},
                new double[] {0.010, 0.016, 0.018}, 2, 1e9, 1);
        assertEquals(0.010, noisy.alpha(), 1e-12);
        assertEquals(2.2e-9, noisy.beta(), 1e-18);
        // times that fall as θ grows: noise; β = 0 and α the floor
        ScalingModel flat = ScalingModel.fit(new long[] {0, 1_000_000}, new double[] {0.012, 0.010}, 2, 1e9, 1);
        assertEquals(0, flat.beta());
        assertEquals(0.012, flat.alpha(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ScalingModel.fit(new long[] {0}, new double[] {1}, 2, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ScalingModel(0, 0, 0, 1));
    }
}
