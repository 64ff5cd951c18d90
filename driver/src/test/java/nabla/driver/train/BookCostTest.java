package nabla.driver.train;

import java.util.List;
import nabla.driver.LocalSpark;
import nabla.driver.Nabla;
import nabla.driver.data.DataSource;
import nabla.driver.data.Example;
import nabla.worker.Cost;
import nabla.worker.Parameters;
import nabla.worker.Score;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The epoch line's cost is network2.py's total_cost: checked by hand with λ > 0, and finite when saturated. */
class BookCostTest {
    private final JavaSparkContext sc = LocalSpark.context();

    /** A [2, 2] network with W = [[1, 2], [3, 4]] (Σ w² = 30) and biases b. */
    private static Parameters theta(double b0, double b1) {
        return new Parameters(new int[] {2, 2}, new double[][] {null, {1, 3, 2, 4}}, new double[][] {null, {b0, b1}});
    }

    /** The training set of a run on {@code examples}, loaded in 2 partitions, and network2.py's total_cost on it. */
    private record Hand(DataSets sets, Cost cost, double lambda) {
        Score trainingScore(Parameters theta) {
            return sets.trainingScore(theta, cost);
        }

        double bookCost(Score training, Parameters theta) {
            return BookCost.total(training, theta, lambda, sets.training().count());
        }

        DataSource.Loaded training() {
            return sets.training();
        }
    }

    private static Hand run(JavaSparkContext sc, List<Example> examples, Cost cost, double lambda) {
        Settings settings = Nabla.settings("--layers", "2,2", "--cost", cost.optionName(), "--batch", "1",
                "--lambda", Double.toString(lambda), "--partitions", "2")
                .on(DataSource.of("hand", sc.parallelize(examples, 2), 1), null);
        return new Hand(DataSets.load(sc, settings), cost, lambda);
    }

    @Test
    void quadraticWithL2ByHand() {
        // x = 0, b = 0: z = 0 and a = σ(0) = ½ on both outputs, so C_x = ½ (½² + ½²) = ¼ for either label;
        // network2.py: Σ_x C_x / n = ¼, plus ½ (λ/n) Σ‖W‖² = ½ (0.1/2) 30 = 0.75: total_cost = 1.0.
        Hand run = run(sc, List.of(Example.dense(0, 0, 0), Example.dense(1, 0, 0)), Cost.QUADRATIC, 0.1);
        Parameters theta = theta(0, 0);
        Score training = run.trainingScore(theta);
        assertEquals(0.25, training.cost(), 1e-15);
        assertEquals(1.0, run.bookCost(training, theta), 1e-12);
    }

    @Test
    void crossEntropyWithL2ByHand() {
        // a = ½ on both outputs: C_x = −ln ½ − ln ½ = 2 ln 2 for either label; three examples, λ = 3:
        // total_cost = 2 ln 2 + ½ (3/3) 30 = 2 ln 2 + 15.
        Hand run = run(sc, List.of(Example.dense(0, 0, 0), Example.dense(1, 0, 0), Example.dense(1, 0, 0)),
                Cost.CROSS_ENTROPY, 3);
        Parameters theta = theta(0, 0);
        assertEquals(2 * Math.log(2) + 15, run.bookCost(run.trainingScore(theta), theta), 1e-12);
    }

    @Test
    void saturatedExamplesKeepTheCostFinite() {
        // b = (+100, −100), x = 0: a_0 = σ(100) = 1 exactly, so every example of label 1 costs −ln(1 − 1) = ∞,
        // which network2.py's nan_to_num makes the largest double; summed over examples, Σ_x C_x overflows.
        List<Example> saturated = java.util.Collections.nCopies(100, Example.dense(1, 0, 0));
        Hand run = run(sc, saturated, Cost.CROSS_ENTROPY, 0.1);
        Parameters theta = theta(100, -100);
        assertEquals(Double.POSITIVE_INFINITY, Trainer.score(sc, run.training().shards(), theta,
                Cost.CROSS_ENTROPY).cost(), "the plain sum overflows");
        double cost = run.bookCost(run.trainingScore(theta), theta);
        assertTrue(Double.isFinite(cost) && cost > 1e307, "network2.py's total_cost is finite here: " + cost);
    }

    @Test
    void oneSaturatedExampleAmongOthersAsNetwork2Sums() {
        // one label-1 example at nan_to_num's MAX, nine label-0 ones at −ln(σ(100)) − ln(1 − σ(−100)) ≈ 0:
        // network2.py: MAX/10 + 9 · (tiny/10), + ½ (λ/n) 30.
        List<Example> examples = new java.util.ArrayList<>(java.util.Collections.nCopies(9, Example.dense(0, 0, 0)));
        examples.add(Example.dense(1, 0, 0));
        Hand run = run(sc, examples, Cost.CROSS_ENTROPY, 0.1);
        Parameters theta = theta(100, -100);
        double expected = Double.MAX_VALUE / 10 + 0.5 * (0.1 / 10) * 30;
        assertEquals(expected, run.bookCost(run.trainingScore(theta), theta), 1e-12 * expected);
    }
}
