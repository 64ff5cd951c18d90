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
 * One step of data-parallel mini-batch SGD over cached shards, for one model or for the K live models of
 * a sweep: one Spark job, the θs sent to the executors inside the step's function, the partitions'
 * gradient sums merged as an ordered tree, the updates applied on the driver. The loop over epochs and
 * steps is {@link Loop}'s.
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
     * The steps of one model.
     *
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

    /** The steps of the K models of a {@link Loop}, whose θs and costs {@link #gradients} is given. */
    public Trainer(JavaSparkContext sc, JavaRDD<Shard> shards, MiniBatches batches) {
        this(sc, shards, batches, null, null);
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
        return update(sgd, theta, gradient(theta, epoch, k));
    }

    /** The step's end on the driver: θ ← θ − (η/m) Σ∇C by {@code sgd}, with what the sum counted. */
    static Step update(Sgd sgd, Parameters theta, Gradient sum) {
        return new Step(sgd.update(theta, sum), sum.m(), sum.cost(), sum.computeNanos(), sum.correct());
    }

    /** (Σ∇b, Σ∇W, m, ΣC) over step k's global mini-batch, the job {@link #gradients} runs for one model. */
    public Gradient gradient(Parameters theta, int epoch, int k) {
        return gradients(new Parameters[] {theta}, new Cost[] {cost}, epoch, k)[0];
    }

    /**
     * Σ∇C_i over step k's global mini-batch for every model i, in one job: send the θs, sum over the
     * partitions, release them. The θs are sent inside the step's function, in the task binary Spark
     * broadcasts once per stage, and released with it by Spark's ContextCleaner: on a cluster one fetch per
     * executor and step instead of two (in local mode by reference, {@link Handoff}). Each model's sum is
     * merged in the same tree as a run of its own.
     */
    public Gradient[] gradients(Parameters[] thetas, Cost[] costs, int epoch, int k) {
        sc.setJobDescription(description(epoch, k, thetas.length));                               // name the job
        Function<Shard, Gradient[]> backprop = new PartitionGradient(thetas, costs, batches, epoch, k); // send θs
        return OrderedTree.sum(shards, backprop, TREE_DEPTH, PartitionGradient::merge, bytes(thetas)); // Σ∇C_i, a tree
    }

    /** 8 bytes a parameter of every θ_i: what a partition's gradients hold. */
    static long bytes(Parameters[] thetas) {
        long doubles = 0;
        for (Parameters theta : thetas) {
            doubles += theta.count();
        }
        return 8 * doubles;
    }

    /**
     * What the Spark UI and event log call step k's job: "epoch 3 · step 120/600 · batch 100", and
     * " · 12 live models" after it in a sweep.
     */
    private String description(int epoch, int k, int models) {
        return "epoch " + epoch + " · step " + (k + 1) + "/" + batches.steps() + " · batch "
                + (batches.end(k) - batches.start(k)) + (models > 1 ? " · " + models + " live models" : "");
    }

    /** How θ does on a set of cached shards: correct classifications and Σ C, summed in partition order. */
    public static Score score(JavaSparkContext sc, JavaRDD<Shard> shards, Parameters theta, Cost cost) {
        return score(sc, shards, theta, cost, 1);
    }

    /** The same, with Σ C_x / n for the cost (each example's cost divided before it is added). */
    public static Score score(JavaSparkContext sc, JavaRDD<Shard> shards, Parameters theta, Cost cost, double n) {
        return scores(sc, shards, new Parameters[] {theta}, new Cost[] {cost}, n)[0];
    }

    /** How each θ_i (trained on C_i) does on the shards, in one job; each summed in partition order. */
    static Score[] scores(JavaSparkContext sc, JavaRDD<Shard> shards, Parameters[] thetas, Cost[] costs, double n) {
        Broadcast<Parameters[]> sent = sc.broadcast(thetas);
        List<Score[]> partials = shards.map(shard -> scoresOn(shard, sent.value(), costs, n)).collect();
        sent.destroy();
        Score[] sums = new Score[thetas.length];
        for (int i = 0; i < sums.length; i++) {
            final int model = i;
            sums[i] = partials.stream().map(p -> p[model]).reduce(Score.NONE, Score::plus);
        }
        return sums;
    }

    private static Score[] scoresOn(Shard shard, Parameters[] thetas, Cost[] costs, double n) {
        Score[] scores = new Score[thetas.length];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = shard.score(thetas[i], costs[i], n);
        }
        return scores;
    }
}
