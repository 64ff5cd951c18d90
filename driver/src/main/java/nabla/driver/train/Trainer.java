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
 * One step of data-parallel mini-batch SGD over cached shards: one Spark job, θ broadcast to the executors,
 * the partitions' gradient sums merged as an ordered tree, the update applied on the driver. The loop over
 * epochs and steps is {@link Run}'s.
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
     * What one step left: the new θ, the count m and Σ C of the mini-batch it summed, the nanoseconds
     * the partitions spent computing (summed over them; see {@link Gradient#computeNanos()}), and how many
     * of the m examples θ classified right before the update.
     */
    public record Step(Parameters theta, long m, double cost, long computeNanos, long correct) {
        /** A step whose correct count was not taken. */
        public Step(Parameters theta, long m, double cost, long computeNanos) {
            this(theta, m, cost, computeNanos, 0);
        }
    }

    /** One SGD step: θ ← θ − (η/m) Σ∇C over step k's global mini-batch. */
    public Step step(Parameters theta, int epoch, int k) {
        Gradient sum = gradient(theta, epoch, k);
        return new Step(sgd.update(theta, sum), sum.m(), sum.cost(), sum.computeNanos(), sum.correct());
    }

    /** (Σ∇b, Σ∇W, m, ΣC) over step k's global mini-batch: send θ, sum over the partitions, release θ. */
    public Gradient gradient(Parameters theta, int epoch, int k) {
        sc.setJobDescription(description(epoch, k));                                       // name the job
        Broadcast<Parameters> sent = sc.broadcast(theta);                                  // send θ
        Function<Shard, Gradient> backprop = gradientOf(sent, cost, batches, epoch, k);    // Σ∇C of a shard's
        Gradient sum = OrderedTree.sum(shards, backprop, TREE_DEPTH);                      //   share, summed as
        sent.destroy();                                                                    //   a tree; release θ
        return sum;
    }

    /** What the Spark UI and event log call step k's job: "epoch 3 · step 120/600 · batch 100". */
    private String description(int epoch, int k) {
        return "epoch " + epoch + " · step " + (k + 1) + "/" + batches.steps()
                + " · batch " + (batches.end(k) - batches.start(k));
    }

    /** How θ does on a set of cached shards: correct classifications and Σ C, summed in partition order. */
    public static Score score(JavaSparkContext sc, JavaRDD<Shard> shards, Parameters theta, Cost cost) {
        return score(sc, shards, theta, cost, 1);
    }

    /** The same, with Σ C_x / n for the cost (each example's cost divided before it is added). */
    public static Score score(JavaSparkContext sc, JavaRDD<Shard> shards, Parameters theta, Cost cost, double n) {
        Broadcast<Parameters> sent = sc.broadcast(theta);
        List<Score> scores = shards.map(shard -> shard.score(sent.value(), cost, n)).collect();
        sent.destroy();
        return scores.stream().reduce(Score.NONE, Score::plus);
    }

    /** The per-partition function of a step; static, so the closure holds only what it names. */
    private static Function<Shard, Gradient> gradientOf(Broadcast<Parameters> theta, Cost cost,
                                                        MiniBatches batches, int epoch, int step) {
        return shard -> shard.gradient(theta.value(), cost, batches, epoch, step);
    }
}
