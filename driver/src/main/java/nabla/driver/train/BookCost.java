package nabla.driver.train;

import nabla.worker.Parameters;
import nabla.worker.Score;

/**
 * The cost network2.py prints as "Cost on training data" (its total_cost, called by
 * monitor_training_cost after each epoch): the mean cost over the training set plus the L2 term,
 *
 * <pre>
 *   C = (1/n) Σ_x C_x + ½ (λ/n) Σ_l ‖W^l‖²       (‖·‖ the Frobenius norm; biases are not in it)
 * </pre>
 * with θ as the epoch left it, n the training set's size. The mean comes from a forward pass over the
 * training set ({@link Trainer#score(org.apache.spark.api.java.JavaSparkContext,
 * org.apache.spark.api.java.JavaRDD, Parameters, nabla.worker.Cost, double)} with n), which divides each
 * example's cost by n before adding it, as total_cost does, so saturated examples keep it finite where
 * network2.py's is.
 */
public final class BookCost {
    private BookCost() {
    }

    /**
     * @param mean   a score whose cost is (1/n) Σ_x C_x over the training set
     * @param lambda λ
     * @param n      the training set's size
     */
    public static double total(Score mean, Parameters theta, double lambda, long n) {
        // Held to the largest double, as nan_to_num holds each saturated term: many terms near it may
        // round past it, where network2.py's sum of a few would not.
        return Math.min(mean.cost() + 0.5 * (lambda / n) * squaredWeights(theta), Double.MAX_VALUE);
    }

    /** Σ_l ‖W^l‖², the sum of every weight squared. */
    static double squaredWeights(Parameters theta) {
        double s = 0;
        for (int l = 1; l <= theta.layers(); l++) {
            for (double w : theta.w(l)) {
                s += w * w;
            }
        }
        return s;
    }
}
