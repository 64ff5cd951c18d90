package nabla.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nabla.driver.train.EmptyStep;
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

/**
 * The step of [784,30,10] on a Spark cluster (scripts/bench --cluster submits it to the loopback cluster):
 * the floor, an empty job in nabla's shape (θ in the step's function, {@link OrderedTree#sum} over
 * gradients of zeros), and {@link Trainer#step} at batch 100 and 1000, for P = 2 and 4; beside each, the
 * same with θ sent as a broadcast of its own (nabla's transport before). Then where a step's time goes,
 * from Spark's task metrics ({@link JobTimes}) and the driver's clock.
 *
 * <p>Arguments: {@code --tiny} (a smoke run), {@code --quick LABEL} (P = 4, floor and batch 100 only, one
 * line each, tagged LABEL: for comparing Spark settings, one application per setting).
 */
public final class ClusterBench {
    private static final int N = 12_000;

    private ClusterBench() {
    }

    /** A kind of step and, for each sample, its job's tag, wall-clock span and the driver's timings. */
    record Sampled(StepBench.Kind kind, int partitions, List<long[]> spans) {
        Sampled(String what, int partitions, StepBench.Timed run) {
            this(new StepBench.Kind(what, run), partitions, new ArrayList<>());
        }
    }

    public static void main(String[] args) throws java.util.concurrent.TimeoutException {
        List<String> options = List.of(args);
        boolean tiny = options.contains("--tiny");
        int quick = options.indexOf("--quick");
        String label = quick >= 0 ? args[quick + 1] : null;
        int steps = tiny ? 20 : quick >= 0 ? 100 : 300;
        SparkConf conf = nabla.driver.Spark.defaults(new SparkConf().setAppName("nabla cluster bench")
                .setIfMissing("spark.ui.showConsoleProgress", "false"));
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            JobTimes times = new JobTimes();
            sc.sc().addSparkListener(times);
            Parameters theta = Parameters.random(new int[] {784, 30, 10}, true, 1);
            List<Sampled> kinds = new ArrayList<>();
            for (int partitions : label != null ? new int[] {4} : new int[] {2, 4}) {
                kinds.addAll(kinds(sc, StepBench.synthetic(sc, N, partitions), theta, partitions, label == null));
            }
            run(sc, kinds, Math.max(1, steps / 20), 20);
            sc.sc().listenerBus().waitUntilEmpty();
            double floor = kinds.get(0).kind().row().stepMs();
            if (label != null) {
                for (Sampled k : kinds.subList(0, 2)) {
                    StepBench.Row r = k.kind().row();
                    System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %.2f× |%n", label, r.what(), r.stepMs(),
                            r.stepMs() / floor);
                }
                return;
            }
            String where = sc.master() + ", " + sc.sc().getExecutorIds().size() + " executors";
            System.out.println("| step, [784,30,10], " + where + " | P | wall ms | compute ms | rest ms | wall / floor |");
            System.out.println("|---|---:|---:|---:|---:|---:|");
            for (Sampled k : kinds) {
                StepBench.Row r = k.kind().row();
                double own = kinds.get(k.partitions() == 2 ? 0 : kinds.size() / 2).kind().row().stepMs();
                System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.2f× |%n", r.what(), k.partitions(),
                        r.stepMs(), r.computeMs(), r.overheadMs(), r.stepMs() / own);
            }
            System.out.println();
            StepSplit.print(System.out, kinds, times);
        }
    }

    /** The kinds measured at P partitions; {@code all}: every kind, else the floor and batch 100. */
    private static List<Sampled> kinds(JavaSparkContext sc, JavaRDD<Shard> shards, Parameters theta, int partitions,
                                       boolean all) {
        List<Sampled> kinds = new ArrayList<>();
        kinds.add(new Sampled("empty job, θ in the function (the floor, nabla's shape)", partitions,
                emptyJob(shards, theta)));
        for (int batch : all ? new int[] {100, 1000} : new int[] {100}) {
            MiniBatches batches = new MiniBatches(N, batch, partitions, true, 1);
            Sgd sgd = new Sgd(0.1);
            Trainer trainer = new Trainer(sc, shards, batches, Cost.CROSS_ENTROPY, sgd);
            kinds.add(new Sampled("nabla step, batch " + batch, partitions,
                    StepBench.step(trainer, sgd, theta, partitions)));
        }
        if (all) {
            kinds.add(new Sampled("empty job, θ broadcast", partitions, StepBench.emptyJob(sc, shards, theta)));
            MiniBatches batches = new MiniBatches(N, 100, partitions, true, 1);
            kinds.add(new Sampled("nabla step, batch 100, θ broadcast", partitions,
                    broadcastStep(sc, shards, batches, new Sgd(0.1), theta)));
        }
        return kinds;
    }

    /** Rounds of {@code steps} steps of each kind in turn (round −1 warms up), each step's job tagged for JobTimes. */
    static void run(JavaSparkContext sc, List<Sampled> kinds, int rounds, int steps) {
        for (int round = -1; round < rounds; round++) {
            for (int k = 0; k < kinds.size(); k++) {
                Sampled kind = kinds.get(k);
                for (int i = 0; i < steps; i++) {
                    String tag = k + ":" + round + ":" + i;
                    sc.setLocalProperty(JobTimes.SAMPLE, round >= 0 ? tag : null);
                    long start = System.currentTimeMillis();
                    double[] wallAndCompute = kind.kind().run().getAsDoubles(i);
                    long end = System.currentTimeMillis();
                    if (round >= 0) {
                        kind.kind().wall().add(wallAndCompute[0]);
                        kind.kind().compute().add(wallAndCompute[1]);
                        kind.spans().add(new long[] {start, end, k, round, i});
                    }
                }
            }
        }
        sc.setLocalProperty(JobTimes.SAMPLE, null);
    }

    /** The tag of sample s of a kind, as {@link #run} set it. */
    static String tag(long[] span) {
        return span[2] + ":" + span[3] + ":" + span[4];
    }

    /** The floor in nabla's shape: {@link EmptyStep}, θ inside the step's function. */
    static StepBench.Timed emptyJob(JavaRDD<Shard> shards, Parameters theta) {
        return i -> {
            long start = System.nanoTime();
            EmptyStep.run(shards, theta);
            return new double[] {(System.nanoTime() - start) / 1e6, 0};
        };
    }

    /** nabla's step with its transport before: θ in a broadcast of its own, destroyed after the step. */
    static StepBench.Timed broadcastStep(JavaSparkContext sc, JavaRDD<Shard> shards, MiniBatches batches, Sgd sgd,
                                         Parameters theta) {
        int[] k = {0};
        return i -> {
            long start = System.nanoTime();
            Broadcast<Parameters> sent = sc.broadcast(theta);
            int step = k[0]++ % batches.steps();
            Gradient sum = OrderedTree.sum(shards,
                    shard -> shard.gradient(sent.value(), Cost.CROSS_ENTROPY, batches, 0, step), Trainer.TREE_DEPTH);
            sent.destroy();
            sgd.update(theta, sum);
            return new double[] {(System.nanoTime() - start) / 1e6, sum.computeNanos() / 1e6 / batches.partitions()};
        };
    }
}
