package nabla.driver.train;

import java.util.List;
import nabla.worker.Cost;
import nabla.worker.Gradient;
import nabla.worker.MiniBatches;
import nabla.worker.Parameters;
import nabla.worker.Score;
import nabla.worker.Sgd;
import nabla.worker.Shard;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * Data-parallel mini-batch SGD over cached shards: one Spark job per step, θ sent to the executors,
 * the partitions' gradient sums merged as an ordered tree, the update applied on the driver.
 */
public final class Trainer {
    /** Depth of the aggregation tree, as in RDD.treeAggregate. */
    public static final int TREE_DEPTH = 2;

    private final JavaSparkContext sc;
    private final JavaRDD<Shard> shards;
    private final MiniBatches batches;
    private final Cost cost;
    private final Sgd sgd;

    /**
     * @param shards  the training set, one cached {@link Shard} per partition, dealt round-robin
     * @param batches how epochs split into steps
     */
    public Trainer(JavaSparkContext sc, JavaRDD<Shard> shards, MiniBatches batches, Cost cost, Sgd sgd) {
        this.sc = sc;
        this.shards = shards;
        this.batches = batches;
        this.cost = cost;
        this.sgd = sgd;
    }

    public MiniBatches batches() {
        return batches;
    }

    /**
     * What one step left: the new θ, the count m and Σ C of the mini-batch it summed, and the nanoseconds
     * the partitions spent computing (summed over them; see {@link Gradient#computeNanos()}).
     */
    public record Step(Parameters theta, long m, double cost, long computeNanos) {
    }

    /**
     * Where a run stands between two steps: the next step is step {@code step} of epoch {@code epoch}
     * (0 ≤ step ≤ steps per epoch; at the end, the epoch's steps are done but not its epochDone), and the
     * epoch's steps so far summed {@code costSum} over {@code examples} examples.
     */
    public record Position(int epoch, int step, double costSum, long examples) implements java.io.Serializable {
        public static final Position START = new Position(0, 0, 0, 0);
    }

    /** {@code epochs} passes over the training set from θ; returns the final θ. */
    public Parameters train(Parameters theta, int epochs, TrainingListener listener) {
        return train(theta, Position.START, epochs, listener);
    }

    /** Continues a run from θ as it stood at {@code from} (a checkpoint's) until epoch {@code epochs}. */
    public Parameters train(Parameters theta, Position from, int epochs, TrainingListener listener) {
        for (int epoch = from.epoch(); epoch < epochs; epoch++) {
            sc.setJobGroup("epoch " + epoch, "epoch " + epoch + " of " + epochs, false);   // for the Spark UI
            boolean resumed = epoch == from.epoch();
            long start = System.nanoTime();
            double costSum = resumed ? from.costSum() : 0;
            long examples = resumed ? from.examples() : 0;
            for (int k = resumed ? from.step() : 0; k < batches.steps(); k++) {
                Step step = step(theta, epoch, k);
                theta = step.theta();
                costSum += step.cost();
                examples += step.m();
                listener.stepDone(epoch, k, step);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (listener.epochDone(epoch, theta, costSum / examples, seconds) == TrainingListener.Decision.STOP) {
                break;
            }
        }
        return theta;
    }

    /** One SGD step: θ ← θ − (η/m) Σ∇C over step k's global mini-batch. */
    public Step step(Parameters theta, int epoch, int k) {
        Gradient sum = gradient(theta, epoch, k);
        return new Step(sgd.update(theta, sum), sum.m(), sum.cost(), sum.computeNanos());
    }

    /**
     * (Σ∇b, Σ∇W, m, ΣC) over step k's global mini-batch: send θ, sum over the partitions, release θ. θ is
     * sent inside the step's function, in the task binary Spark broadcasts once per stage, and released
     * with it by Spark's ContextCleaner: on a cluster one fetch per executor and step instead of two.
     */
    public Gradient gradient(Parameters theta, int epoch, int k) {
        sc.setJobDescription(description(epoch, k));                                       // name the job
        Function<Shard, Gradient> backprop = new PartitionGradient(theta, cost, batches, epoch, k);  // send θ
        return OrderedTree.sum(shards, backprop, TREE_DEPTH);                              // Σ∇C, a tree
    }

    /** What the Spark UI and event log call step k's job: "epoch 3 · step 120/600 · batch 100". */
    private String description(int epoch, int k) {
        return "epoch " + epoch + " · step " + (k + 1) + "/" + batches.steps()
                + " · batch " + (batches.end(k) - batches.start(k));
    }

    /** How θ does on a set of cached shards: correct classifications and Σ C, summed in partition order. */
    public static Score score(JavaSparkContext sc, JavaRDD<Shard> shards, Parameters theta, Cost cost) {
        Broadcast<Parameters> sent = sc.broadcast(theta);
        List<Score> scores = shards.map(shard -> shard.score(sent.value(), cost)).collect();
        sent.destroy();
        return scores.stream().reduce(Score.NONE, Score::plus);
    }
}
