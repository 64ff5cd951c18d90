package nabla.driver.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import nabla.driver.LocalSpark;
import nabla.driver.data.DataSource;
import nabla.driver.data.Example;
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
import static nabla.worker.Fixtures.relativeError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Distributed equals single-JVM: Spark local[2] with P partitions (P ≥ 2, so merges run) against the oracles. */
class DistributedTrainingTest {
    private static final int[] SIZES = {12, 7, 4};
    private static final int N = 57;
    private static final int BATCH = 10;

    private final JavaSparkContext sc = LocalSpark.context();
    private final List<Example> data = randomImages();
    private final double[] x = scaled(data);
    private final double[] y = oneHot(data);

    /** N random 3×4 "images" (pixels 0..255) with labels 0..3. */
    private static List<Example> randomImages() {
        Random rng = new Random(17);
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            double[] pixels = new double[12];
            for (int k = 0; k < 12; k++) {
                pixels[k] = rng.nextInt(256);
            }
            examples.add(Example.dense(rng.nextInt(4), pixels));
        }
        return examples;
    }

    private static double[] scaled(List<Example> data) {
        double[] x = new double[N * 12];
        for (int i = 0; i < x.length; i++) {
            x[i] = data.get(i / 12).values()[i % 12] / 255.0;
        }
        return x;
    }

    private static double[] oneHot(List<Example> data) {
        double[] y = new double[N * 4];
        for (int i = 0; i < N; i++) {
            y[i * 4 + data.get(i).label()] = 1;
        }
        return y;
    }

    /** The examples dealt into P cached shards, x = pixel / 255. */
    private JavaRDD<Shard> deal(int P) {
        return DataSource.of("random", sc.parallelize(data, 3), 255).load(sc, P, 12, 4).shards();
    }

    private Trainer trainer(JavaRDD<Shard> shards, int P, boolean shuffle, Cost cost, double eta) {
        return new Trainer(sc, shards, new MiniBatches(N, BATCH, P, shuffle, 5), cost, new Sgd(eta));
    }

    /** Two epochs of a {@link Run} on the examples in P partitions, plain SGD, printing nothing; the final θ. */
    private Parameters run(int P, boolean shuffle, Cost cost, double eta, Settings.Init init, long seed) {
        Settings settings = new Settings(new Settings.Network(SIZES, cost),
                new Settings.Data(DataSource.of("random", sc.parallelize(data, 3), 255), null, 0),
                Settings.Optimisation.plain(2, BATCH, eta, shuffle), init, P, seed, Settings.Output.NONE,
                Settings.Checkpointing.NONE);
        return Run.check(settings, sc.hadoopConfiguration()).train(sc, Terminal.SILENT).theta();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 30})
    void aggregatedGradientEqualsTheSingleJvmGradient(int P) {
        JavaRDD<Shard> shards = deal(P);
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
            trained[r] = run(P, false, Cost.QUADRATIC, 3.0, Settings.Init.NORMAL, 9);   // θ₀ = start
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
        Parameters first = run(P, true, Cost.CROSS_ENTROPY, 0.5, Settings.Init.SCALED, 4);
        Parameters second = run(P, true, Cost.CROSS_ENTROPY, 0.5, Settings.Init.SCALED, 4);
        assertEquals(first, second);
    }
}
