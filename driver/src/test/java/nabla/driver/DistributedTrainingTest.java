package nabla.driver;

import static nabla.worker.Fixtures.relativeError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import nabla.driver.data.Idx;
import nabla.driver.data.Labelled;
import nabla.driver.data.Shards;
import nabla.worker.Backprop;
import nabla.worker.Cost;
import nabla.worker.Gradient;
import nabla.worker.MiniBatches;
import nabla.worker.Parameters;
import nabla.worker.PerExample;
import nabla.worker.Sgd;
import nabla.worker.Shard;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Distributed equals single-JVM: Spark local[2] with P partitions (P ≥ 2, so merges run) against the oracles. */
class DistributedTrainingTest {
    private static final int[] SIZES = {12, 7, 4};
    private static final int N = 57;
    private static final int BATCH = 10;

    private final JavaSparkContext sc = LocalSpark.context();
    private final Labelled data = randomImages();
    private final double[] x = scaled(data);
    private final double[] y = oneHot(data);

    /** N random 3×4 "images" with labels 0..3, as the IDX reader would return them. */
    private static Labelled randomImages() {
        Random rng = new Random(17);
        byte[] pixels = new byte[N * 12];
        byte[] labels = new byte[N];
        rng.nextBytes(pixels);
        for (int i = 0; i < N; i++) {
            labels[i] = (byte) rng.nextInt(4);
        }
        return new Labelled("random", new Idx.Images(N, 3, 4, pixels), labels);
    }

    private static double[] scaled(Labelled data) {
        double[] x = new double[data.images().pixels().length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (data.images().pixels()[i] & 0xff) / 255.0;
        }
        return x;
    }

    private static double[] oneHot(Labelled data) {
        double[] y = new double[N * 4];
        for (int i = 0; i < N; i++) {
            y[i * 4 + data.labels()[i]] = 1;
        }
        return y;
    }

    private Trainer trainer(JavaRDD<Shard> shards, int P, boolean shuffle, Cost cost, double eta) {
        return new Trainer(sc, shards, new MiniBatches(N, BATCH, P, shuffle, 5), cost, new Sgd(eta));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 30})
    void aggregatedGradientEqualsTheSingleJvmGradient(int P) {
        JavaRDD<Shard> shards = Shards.deal(sc, data, P, 4, "test shards");
        Parameters theta = Parameters.random(SIZES, false, 3);
        for (boolean shuffle : new boolean[] {false, true}) {
            Trainer trainer = trainer(shards, P, shuffle, Cost.CROSS_ENTROPY, 1);
            MiniBatches batches = trainer.batches();
            int[] order = batches.order(1);
            for (int k = 0; k < batches.steps(); k++) {
                Gradient distributed = trainer.gradient(theta, 1, k);
                // the same mini-batch, column-stacked in one JVM
                int m = batches.end(k) - batches.start(k);
                double[] xb = new double[m * 12];
                double[] yb = new double[m * 4];
                for (int c = 0; c < m; c++) {
                    int i = shuffle ? order[batches.start(k) + c] : batches.start(k) + c;
                    System.arraycopy(x, i * 12, xb, c * 12, 12);
                    System.arraycopy(y, i * 4, yb, c * 4, 4);
                }
                Gradient local = new Gradient(SIZES);
                new Backprop(SIZES, Cost.CROSS_ENTROPY, m).accumulate(theta, xb, yb, 0, m, local);
                assertEquals(m, distributed.m());
                for (int l = 1; l <= 2; l++) {
                    assertTrue(relativeError(distributed.nablaW(l), local.nablaW(l)) < 1e-12, "P=" + P);
                    assertTrue(relativeError(distributed.nablaB(l), local.nablaB(l)) < 1e-12, "P=" + P);
                }
            }
        }
        shards.unpersist();
    }

    /** Without shuffling, any P follows network.py's trajectory: its update_mini_batch over batches in file order. */
    @Test
    void unshuffledTrainingFollowsNetworkPyForAnyPartitionCount() {
        Parameters start = Parameters.random(SIZES, false, 9);
        Parameters networkPy = start;
        for (int epoch = 0; epoch < 2; epoch++) {
            for (int s = 0; s < N; s += BATCH) {
                networkPy = PerExample.updateMiniBatch(networkPy, Cost.QUADRATIC, 3.0, x, y, s, Math.min(BATCH, N - s));
            }
        }
        Parameters[] trained = new Parameters[2];
        int[] partitionCounts = {1, 3};
        for (int r = 0; r < 2; r++) {
            int P = partitionCounts[r];
            JavaRDD<Shard> shards = Shards.deal(sc, data, P, 4, "test shards");
            trained[r] = trainer(shards, P, false, Cost.QUADRATIC, 3.0).train(start, 2, new TrainingListener() { });
            shards.unpersist();
        }
        for (int l = 1; l <= 2; l++) {
            assertTrue(relativeError(trained[1].w(l), trained[0].w(l)) < 1e-10, "P=1 vs P=3, W^" + l);
            assertTrue(relativeError(trained[1].b(l), trained[0].b(l)) < 1e-10, "P=1 vs P=3, b^" + l);
            assertTrue(relativeError(trained[1].w(l), networkPy.w(l)) < 1e-10, "P=3 vs network.py, W^" + l);
            assertTrue(relativeError(trained[1].b(l), networkPy.b(l)) < 1e-10, "P=3 vs network.py, b^" + l);
        }
    }

    /** Same data, options, seed and P: the same bits, even with a level of the tree on the executors. */
    @Test
    void repeatedRunsGiveTheSameBits() {
        int P = 30;
        JavaRDD<Shard> shards = Shards.deal(sc, data, P, 4, "test shards");
        Parameters start = Parameters.random(SIZES, true, 4);
        Parameters first = trainer(shards, P, true, Cost.CROSS_ENTROPY, 0.5).train(start, 2, new TrainingListener() { });
        Parameters second = trainer(shards, P, true, Cost.CROSS_ENTROPY, 0.5).train(start, 2, new TrainingListener() { });
        assertEquals(first, second);
        shards.unpersist();
    }
}
