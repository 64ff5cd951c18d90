package nabla.bench;

import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A grid search as a Spark user runs one today: MLlib's MultilayerPerceptronClassifier (l-bfgs) under
 * TrainValidationSplit, one fit per setting (hidden size × maxIter), {@code parallelism} fits at a time,
 * the validation share chosen so that it holds about {@code validation} of the training examples; the best
 * setting refitted on the whole training set by TrainValidationSplit, then scored once on the test set:
 * <pre>  MllibGrid DIR MASTER HIDDEN,… ITERATIONS,… VALIDATION PARALLELISM</pre>
 */
public final class MllibGrid {
    private MllibGrid() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        String master = args[1];
        int[] hidden = Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
        int[] iterations = Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray();
        int validation = Integer.parseInt(args[4]);
        int parallelism = Integer.parseInt(args[5]);

        SparkSession spark = MllibBench.session("MLlib MLP grid", master);
        int partitions = spark.sparkContext().defaultParallelism();
        Dataset<Row> train = MllibBench.frame(spark, dir, "train", partitions);
        Dataset<Row> test = MllibBench.frame(spark, dir, "t10k", partitions);
        long n = train.count();

        MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier().setSolver("l-bfgs").setSeed(1);
        ParamGridBuilder grid = new ParamGridBuilder();
        grid.addGrid(mlp.layers(), scala.jdk.javaapi.CollectionConverters.asScala(
                Arrays.stream(hidden).mapToObj(h -> new int[] {784, h, 10}).toList()));
        grid.addGrid(mlp.maxIter(), iterations);
        ParamMap[] settings = grid.build();
        MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator()
                .setMetricName("accuracy");
        long start = System.nanoTime();
        TrainValidationSplitModel fitted = new TrainValidationSplit().setEstimator(mlp).setEvaluator(accuracy)
                .setEstimatorParamMaps(settings).setTrainRatio(1 - (double) validation / n)
                .setParallelism(parallelism).setSeed(1).fit(train);
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] metrics = fitted.validationMetrics();
        int best = 0;
        for (int i = 0; i < metrics.length; i++) {
            System.out.printf("MLlib grid: %s: validation accuracy %.4f%n", describe(settings[i]), metrics[i]);
            if (metrics[i] > metrics[best]) {
                best = i;
            }
        }
        double testAccuracy = accuracy.evaluate(fitted.bestModel().transform(test));
        System.out.printf("MLlib grid: %d settings, parallelism %d, %s: fit %.1f s; best %s, validation accuracy"
                + " %.4f, test accuracy %.4f%n", settings.length, parallelism, master, seconds,
                describe(settings[best]), metrics[best], testAccuracy);
        spark.stop();
    }

    private static String describe(ParamMap setting) {
        StringBuilder s = new StringBuilder();
        for (var pair : scala.jdk.javaapi.CollectionConverters.asJava(setting.toSeq())) {
            Object value = pair.value();
            s.append(pair.param().name()).append('=')
                    .append(value instanceof int[] a ? Arrays.toString(a) : String.valueOf(value)).append(' ');
        }
        return s.toString().trim();
    }
}
