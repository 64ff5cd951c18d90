package nabla.driver.train;

import nabla.worker.Cost;
import nabla.worker.Gradient;
import nabla.worker.MiniBatches;
import nabla.worker.Parameters;
import nabla.worker.Shard;
import org.apache.spark.api.java.function.Function;

/**
 * Step k's function on a partition, Σ∇C over the shard's share of the mini-batch, with θ inside it. Spark
 * serializes a stage's function with its RDD into the stage's task binary and broadcasts that once per
 * stage; θ rides in it, so an executor fetches one value per step instead of the task binary and then a
 * broadcast of θ of its own (docs/benchmarks.md, "On a cluster"). Spark's ContextCleaner releases the
 * task binary when the step's job is done with it. θ is written packed (Parameters' serialized form).
 */
final class PartitionGradient implements Function<Shard, Gradient> {
    private final Parameters theta;
    private final Cost cost;
    private final MiniBatches batches;
    private final int epoch;
    private final int step;

    PartitionGradient(Parameters theta, Cost cost, MiniBatches batches, int epoch, int step) {
        this.theta = theta;
        this.cost = cost;
        this.batches = batches;
        this.epoch = epoch;
        this.step = step;
    }

    @Override
    public Gradient call(Shard shard) {
        return shard.gradient(theta, cost, batches, epoch, step);
    }
}
