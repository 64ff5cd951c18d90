package nabla.driver.train;

import nabla.worker.Cost;
import nabla.worker.Gradient;
import nabla.worker.MiniBatches;
import nabla.worker.Parameters;
import nabla.worker.Shard;
import org.apache.spark.api.java.function.Function;

/**
 * Step k's function on a partition: for each of the K live models, Σ∇C_i over the shard's share of the
 * mini-batch, with θ_1 … θ_K inside it (K = 1 for {@code nabla train}). Spark serializes a stage's
 * function with its RDD into the stage's task binary and broadcasts that once per stage; the θs ride in
 * it, so an executor fetches one value per step instead of the task binary and then a broadcast of θ of
 * its own (docs/benchmarks.md, "On a cluster"). Spark's ContextCleaner releases the task binary when the
 * step's job is done with it. θ is written packed (Parameters' serialized form); in local mode the function
 * is handed over by reference instead ({@link Handoff}).
 *
 * @param thetas θ_i of each model
 * @param costs  the cost C_i each is trained on
 */
record PartitionGradient(Parameters[] thetas, Cost[] costs, MiniBatches batches, int epoch, int step)
        implements Function<Shard, Gradient[]> {

    @Override
    public Gradient[] call(Shard shard) {
        Gradient[] terms = new Gradient[thetas.length];
        for (int i = 0; i < terms.length; i++) {
            terms[i] = shard.gradient(thetas[i], costs[i], batches, epoch, step);
        }
        return terms;
    }

    /**
     * left_i ← left_i + right_i for every model i: Gradient's own merge, so each model's sum has the bits
     * of a run of its own.
     */
    static Gradient[] merge(Gradient[] left, Gradient[] right) {
        for (int i = 0; i < left.length; i++) {
            left[i].merge(right[i]);
        }
        return left;
    }
}
