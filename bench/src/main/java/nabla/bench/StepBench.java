package nabla.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import nabla.driver.train.OrderedTree;
import nabla.driver.train.Trainer;
import nabla.worker.Cost;
import nabla.worker.Gradient;
import nabla.worker.MiniBatches;
import nabla.worker.Parameters;
import nabla.worker.Sgd;
import nabla.worker.Shard;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * One SGD step of [784,30,10] against the floor of Spark itself: an empty job of the same shape (broadcast
 * θ's 23,860 doubles, every partition returns a gradient of zeros, sum them, release θ) and nabla's
 * {@link Trainer#step} at batch 100 and 1000, in the same Spark context. Medians over many steps.
 *
 * <p>A step's overhead is its wall time less its compute; compute is what the partitions measured
 * ({@link Gradient#computeNanos()}, summed over them) divided by P, since the P tasks run at once.
 * Spark settings to compare come in as system properties (-Dspark.serializer=...), which SparkConf reads.
 */
public final class StepBench {
    private static final int[] SIZES = {784, 30, 10};

    private StepBench() {
    }

    /** Medians, in milliseconds, of one kind of step. */
    public record Row(String what, double stepMs, double computeMs, double overheadMs) {
    }

    public static void main(String[] args) {
        boolean tiny = List.of(args).contains("--tiny");
        int steps = tiny ? 20 : 300;
        int partitions = 2;
        SparkConf conf = localConf("nabla step bench", partitions);
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            int n = 12_000;
            JavaRDD<Shard> shards = synthetic(sc, n, partitions);
            Parameters theta = Parameters.random(SIZES, true, 1);
            List<Kind> kinds = new ArrayList<>();
            kinds.add(new Kind("empty job: broadcast θ, runJob returning zeros, merge (the floor)",
                    emptyJob(sc, shards, theta)));
            kinds.add(new Kind("the same empty job through the Java API (map, reduce)",
                    emptyJobJavaApi(sc, shards, theta)));
            for (int batch : new int[] {100, 1000}) {
                MiniBatches batches = new MiniBatches(n, batch, partitions, true, 1);
                Sgd sgd = new Sgd(0.1);
                Trainer trainer = new Trainer(sc, shards, batches, Cost.CROSS_ENTROPY, sgd);
                kinds.add(new Kind("nabla step, batch " + batch, step(trainer, sgd, theta, partitions)));
            }
            for (int k : new int[] {1, 4, 12, 48}) {
                kinds.add(new Kind("sweep step, " + k + (k == 1 ? " model" : " models") + ", batch 100",
                        sweepStep(new Trainer(sc, shards, new MiniBatches(n, 100, partitions, true, 1)), theta, k,
                                partitions)));
            }
            // Rounds of 20 steps of each kind in turn, so a load that comes and goes hits every kind alike.
            int rounds = Math.max(1, steps / 20);
            for (int round = -1; round < rounds; round++) {                  // round −1 warms up
                for (Kind kind : kinds) {
                    for (int i = 0; i < 20; i++) {
                        double[] wallAndCompute = kind.run.getAsDoubles(i);
                        if (round >= 0) {
                            kind.wall.add(wallAndCompute[0]);
                            kind.compute.add(wallAndCompute[1]);
                        }
                    }
                }
            }
            List<Row> rows = kinds.stream().map(Kind::row).toList();
            double floor = rows.get(0).stepMs();
            System.out.println("| step, [784,30,10], " + sc.master() + " | wall ms | compute ms | rest ms | rest / empty job |");
            System.out.println("|---|---:|---:|---:|---:|");
            for (Row r : rows) {
                System.out.printf("| %s | %.1f | %.1f | %.1f | %.2f× |%n", r.what(), r.stepMs(), r.computeMs(),
                        r.overheadMs(), r.overheadMs() / floor);
            }
        }
    }

    /** A bench's context: local[P] unless spark.master says otherwise, on loopback, no UI, nabla's settings. */
    static SparkConf localConf(String name, int partitions) {
        return nabla.driver.Spark.defaults(new SparkConf().setAppName(name)
                .setIfMissing("spark.master", "local[" + partitions + "]")
                .setIfMissing("spark.driver.host", "127.0.0.1")
                .setIfMissing("spark.ui.enabled", "false")
                .setIfMissing("spark.ui.showConsoleProgress", "false"));
    }

    /** One step of some kind: its wall and compute milliseconds. */
    interface Timed {
        double[] getAsDoubles(int i);
    }

    /** A kind of step and its samples. */
    record Kind(String what, Timed run, List<Double> wall, List<Double> compute) {
        Kind(String what, Timed run) {
            this(what, run, new ArrayList<>(), new ArrayList<>());
        }

        Row row() {
            List<Double> rest = new ArrayList<>();
            for (int i = 0; i < wall.size(); i++) {
                rest.add(wall.get(i) - compute.get(i));
            }
            return new Row(what, median(wall), median(compute), median(rest));
        }
    }

    /**
     * Broadcast θ, a zero gradient from every partition merged on the driver, release θ, written as a Spark
     * user writes it with the Java API: map, then reduce. (A reduce, not treeAggregate: treeAggregate ships
     * its zero value, another 23,860 doubles, with every task.)
     */
    static Timed emptyJobJavaApi(JavaSparkContext sc, JavaRDD<Shard> shards, Parameters theta) {
        int[] sizes = theta.sizes();
        return i -> {
            long start = System.nanoTime();
            Broadcast<Parameters> sent = sc.broadcast(theta);
            shards.map(shard -> {
                sent.value();
                return new Gradient(sizes);
            }).reduce(Gradient::merge);
            sent.destroy();
            return new double[] {(System.nanoTime() - start) / 1e6, 0};
        };
    }

    /**
     * The same empty job as nabla's step runs it, backprop left out: broadcast θ, {@link OrderedTree#sum}
     * (one SparkContext.runJob over the cached shards, with named functions so that Spark's ClosureCleaner
     * has no class file to parse, each task's partial filed under its partition and merged on the driver
     * in partition order) of a gradient of zeros per shard, release θ. The floor.
     */
    static Timed emptyJob(JavaSparkContext sc, JavaRDD<Shard> shards, Parameters theta) {
        int[] sizes = theta.sizes();
        return i -> {
            long start = System.nanoTime();
            Broadcast<Parameters> sent = sc.broadcast(theta);
            OrderedTree.sum(shards, shard -> {
                sent.value();
                return new Gradient(sizes);
            }, Trainer.TREE_DEPTH);
            sent.destroy();
            return new double[] {(System.nanoTime() - start) / 1e6, 0};
        };
    }

    /**
     * Trainer.step (the gradient, then the update) from the same θ every time, so every step does the same
     * work; steps k = 0, 1, … of epoch 0 in turn.
     */
    static Timed step(Trainer trainer, Sgd sgd, Parameters theta, int partitions) {
        int perEpoch = trainer.batches().steps();
        int[] k = {0};
        return i -> {
            long start = System.nanoTime();
            Gradient sum = trainer.gradient(theta, 0, k[0]++ % perEpoch);
            sgd.update(theta, sum);
            double ms = (System.nanoTime() - start) / 1e6;
            return new double[] {ms, sum.computeNanos() / 1e6 / partitions};
        };
    }

    /**
     * A sweep's step of K models in one job ({@link Trainer#gradients}, then K updates, each with its own
     * updater), all K from the same θ, so every step does the same work.
     */
    static Timed sweepStep(Trainer trainer, Parameters theta, int models, int partitions) {
        Parameters[] thetas = new Parameters[models];
        Cost[] costs = new Cost[models];
        Sgd[] sgds = new Sgd[models];
        for (int i = 0; i < models; i++) {
            thetas[i] = theta;
            costs[i] = Cost.CROSS_ENTROPY;
            sgds[i] = new Sgd(0.1);
        }
        int perEpoch = trainer.batches().steps();
        int[] k = {0};
        return i -> {
            long start = System.nanoTime();
            Gradient[] sums = trainer.gradients(thetas, costs, 0, k[0]++ % perEpoch);
            long compute = 0;
            for (int m = 0; m < models; m++) {
                sgds[m].update(thetas[m], sums[m]);
                compute += sums[m].computeNanos();
            }
            double ms = (System.nanoTime() - start) / 1e6;
            return new double[] {ms, compute / 1e6 / partitions};
        };
    }

    /** n random examples (x in [0, 1), y one-hot) dealt round-robin into P cached shards, made on the executors. */
    static JavaRDD<Shard> synthetic(JavaSparkContext sc, int n, int partitions) {
        MiniBatches layout = new MiniBatches(n, 1, partitions, false, 0);
        List<Integer> indices = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            indices.add(p);
        }
        JavaRDD<Shard> shards = sc.parallelize(indices, partitions).map(p -> {
            int count = layout.localCount(p);
            Random rng = new Random(p);
            double[] x = new double[784 * count];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextDouble();
            }
            double[] y = new double[10 * count];
            for (int j = 0; j < count; j++) {
                y[j * 10 + rng.nextInt(10)] = 1;
            }
            return Shard.ofOneHot(p, 784, 10, x, y);
        }).persist(StorageLevel.MEMORY_ONLY());
        shards.count();
        return shards;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
