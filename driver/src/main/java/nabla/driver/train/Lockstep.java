package nabla.driver.train;

import java.io.Serializable;
import java.util.List;
import nabla.worker.Cost;
import nabla.worker.Gradient;
import nabla.worker.MiniBatches;
import nabla.worker.Parameters;
import nabla.worker.Score;
import nabla.worker.Shard;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * K models' step of data-parallel mini-batch SGD as one Spark job: the K parameter sets θ_1 … θ_K broadcast
 * as one value, every partition running backprop for each of them over the same slice of its shard, and
 * one ordered tree ({@link OrderedTree}) summing the K gradients. Each of the K sums is merged exactly as
 * {@link Trainer#gradient} merges a single run's, so each has that run's bits. The driver's updates are
 * the caller's (one {@link nabla.worker.Sgd} per model).
 */
public final class Lockstep {
    private final JavaSparkContext sc;
    private final JavaRDD<Shard> shards;
    private final MiniBatches batches;

    public Lockstep(JavaSparkContext sc, JavaRDD<Shard> shards, MiniBatches batches) {
        this.sc = sc;
        this.shards = shards;
        this.batches = batches;
    }

    public MiniBatches batches() {
        return batches;
    }

    /** The live models as one broadcast value: θ_i and the cost C_i it is trained on, i = 1..K. */
    public record Models(Parameters[] thetas, Cost[] costs) implements Serializable {
        int count() {
            return thetas.length;
        }
    }

    /** Σ∇C_i over step k's global mini-batch for every model i, in one job; releases the broadcast. */
    public Gradient[] gradients(Models models, int epoch, int k) {
        sc.setJobDescription("epoch " + epoch + " · step " + (k + 1) + "/" + batches.steps() + " · batch "
                + (batches.end(k) - batches.start(k)) + " · " + models.count() + " live models");
        Broadcast<Models> sent = sc.broadcast(models);                                     // send θ_1 … θ_K
        Gradient[] sums = OrderedTree.sum(shards, gradientsOf(sent, batches, epoch, k),    // Σ∇C_i of a shard's
                Trainer.TREE_DEPTH, Lockstep::merge);                                      //   share, all i
        sent.destroy();                                                                    //   in one tree
        return sums;
    }

    /** How each model does on a set of cached shards, in one job; each summed in partition order. */
    Score[] scores(JavaRDD<Shard> set, Models models) {
        Broadcast<Models> sent = sc.broadcast(models);
        List<Score[]> partials = set.map(shard -> scoresOn(shard, sent.value())).collect();
        sent.destroy();
        Score[] sums = new Score[models.count()];
        for (int i = 0; i < sums.length; i++) {
            final int model = i;
            sums[i] = partials.stream().map(p -> p[model]).reduce(Score.NONE, Score::plus);   // as Trainer.score
        }
        return sums;
    }

    private static Score[] scoresOn(Shard shard, Models models) {
        Score[] scores = new Score[models.count()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = shard.score(models.thetas()[i], models.costs()[i]);
        }
        return scores;
    }

    /** The per-partition function of a step: the shard's term for every model; static, as in Trainer. */
    private static Function<Shard, Gradient[]> gradientsOf(Broadcast<Models> sent, MiniBatches batches, int epoch,
                                                           int step) {
        return shard -> {
            Models models = sent.value();
            Gradient[] terms = new Gradient[models.count()];
            for (int i = 0; i < terms.length; i++) {
                terms[i] = shard.gradient(models.thetas()[i], models.costs()[i], batches, epoch, step);
            }
            return terms;
        };
    }

    /** left_i ← left_i + right_i for every model i (Gradient's own merge, so each sum keeps its bits). */
    private static Gradient[] merge(Gradient[] left, Gradient[] right) {
        for (int i = 0; i < left.length; i++) {
            left[i].merge(right[i]);
        }
        return left;
    }
}
