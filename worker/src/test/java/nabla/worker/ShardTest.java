package nabla.worker;

import static nabla.worker.Fixtures.inputs;
import static nabla.worker.Fixtures.oneHot;
import static nabla.worker.Fixtures.relativeError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Round-robin shards: their shares of a step add up to the step's global mini-batch, for any P. */
class ShardTest {
    private static final int[] SIZES = {5, 4, 3};
    private static final int N = 23;

    /** Deals columns round-robin: example i goes to shard i mod P, as local column ⌊i / P⌋. */
    static Shard[] deal(double[] x, double[] y, int P) {
        Shard[] shards = new Shard[P];
        MiniBatches layout = new MiniBatches(N, 1, P, false, 0);
        for (int p = 0; p < P; p++) {
            int count = layout.localCount(p);
            double[] xp = new double[count * 5];
            double[] yp = new double[count * 3];
            for (int j = 0; j < count; j++) {
                System.arraycopy(x, (p + j * P) * 5, xp, j * 5, 5);
                System.arraycopy(y, (p + j * P) * 3, yp, j * 3, 3);
            }
            shards[p] = Shard.ofOneHot(p, 5, 3, xp, yp);
        }
        return shards;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 30})
    void sharesOfAStepSumToTheGlobalBatch(int P) {
        double[] x = inputs(5, N, 1);
        double[] y = oneHot(3, N, 2);
        Parameters theta = Parameters.random(SIZES, false, 3);
        Shard[] shards = deal(x, y, P);
        for (boolean shuffle : new boolean[] {false, true}) {
            MiniBatches batches = new MiniBatches(N, 7, P, shuffle, 42);
            int[] order = batches.order(2);
            for (int step = 0; step < batches.steps(); step++) {
                Gradient distributed = new Gradient(SIZES);
                for (Shard shard : shards) {
                    distributed.merge(shard.gradient(theta, Cost.QUADRATIC, batches, 2, step));
                }
                // The same batch on one block: examples order[kB .. min((k+1)B, N)), or kB.. unshuffled.
                int m = batches.end(step) - batches.start(step);
                double[] xb = new double[m * 5];
                double[] yb = new double[m * 3];
                for (int k = 0; k < m; k++) {
                    int i = shuffle ? order[batches.start(step) + k] : batches.start(step) + k;
                    System.arraycopy(x, i * 5, xb, k * 5, 5);
                    System.arraycopy(y, i * 3, yb, k * 3, 3);
                }
                Gradient local = new Gradient(SIZES);
                new Backprop(SIZES, Cost.QUADRATIC, m).accumulate(theta, xb, yb, 0, m, local);
                assertEquals(m, distributed.m(), "P=" + P + " step " + step);
                for (int l = 1; l <= 2; l++) {
                    assertTrue(relativeError(distributed.nablaW(l), local.nablaW(l)) < 1e-12);
                    assertTrue(relativeError(distributed.nablaB(l), local.nablaB(l)) < 1e-12);
                }
            }
        }
    }

    @Test
    void lastBatchOfAnEpochIsSmaller() {
        MiniBatches batches = new MiniBatches(N, 10, 3, false, 0);
        assertEquals(3, batches.steps());
        assertEquals(20, batches.start(2));
        assertEquals(23, batches.end(2));
    }

    @Test
    void shuffleOrderIsAPermutationFixedBySeedAndEpoch() {
        MiniBatches batches = new MiniBatches(1000, 10, 4, true, 7);
        int[] order = batches.order(3);
        assertArrayEquals(order, new MiniBatches(1000, 10, 4, true, 7).order(3));
        assertNotEquals(Arrays.toString(order), Arrays.toString(batches.order(4)));
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
    }

    @Test
    void scoreCountsArgmaxMatches() {
        int[] sizes = {2, 2};
        // W = I·10, b = 0: the output follows the larger input.
        Parameters theta = new Parameters(sizes, new double[][] {null, {10, 0, 0, 10}}, new double[][] {null, {0, 0}});
        double[] x = {1, 0, 0, 1, 1, 0};
        double[] y = {1, 0, 0, 1, 0, 1};                             // the third example is labelled wrong
        Score score = Shard.ofOneHot(0, 2, 2, x, y).score(theta, Cost.QUADRATIC);
        assertEquals(2, score.correct());
        assertEquals(3, score.count());
    }
}
