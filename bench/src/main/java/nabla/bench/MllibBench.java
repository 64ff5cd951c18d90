package nabla.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nabla.driver.data.Labelled;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The baseline: what a Spark user has today. Spark MLlib's MultilayerPerceptronClassifier (sigmoid hidden
 * layers, softmax output, l-bfgs) on the same data, the same layers, x = pixel / 255, in one process that
 * reads the IDX files, fits, and scores the test set:
 * <pre>  MllibBench DIR ITERATIONS BLOCK_SIZE MASTER LAYERS</pre>
 * Prints "MLlib: ... test accuracy A" as its last line.
 */
public final class MllibBench {
    private MllibBench() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int iterations = Integer.parseInt(args[1]);
        int blockSize = Integer.parseInt(args[2]);
        String master = args[3];
        int[] layers = java.util.Arrays.stream(args[4].split(",")).mapToInt(Integer::parseInt).toArray();

        SparkSession spark = SparkSession.builder().appName("MLlib MLP bench").master(master)
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .getOrCreate();
        int partitions = spark.sparkContext().defaultParallelism();
        Dataset<Row> train = frame(spark, Labelled.read(dir, true), partitions);
        Dataset<Row> test = frame(spark, Labelled.read(dir, false), partitions);

        long start = System.nanoTime();
        MultilayerPerceptronClassificationModel model = new MultilayerPerceptronClassifier()
                .setLayers(layers).setBlockSize(blockSize).setMaxIter(iterations).setSolver("l-bfgs")
                .setSeed(1).fit(train);
        double fitSeconds = (System.nanoTime() - start) / 1e9;
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
                .evaluate(model.transform(test));
        System.out.printf("MLlib: %s, l-bfgs, %d iterations, blockSize %d, %s: fit %.1f s, test accuracy %.4f%n",
                args[4], iterations, blockSize, master, fitSeconds, accuracy);
        spark.stop();
    }

    /** (label, features = pixels / 255) rows, cached in {@code partitions} partitions. */
    static Dataset<Row> frame(SparkSession spark, Labelled data, int partitions) {
        int n0 = data.images().pixelsPerImage();
        byte[] pixels = data.images().pixels();
        List<Row> rows = new ArrayList<>(data.count());
        for (int i = 0; i < data.count(); i++) {
            double[] x = new double[n0];
            for (int j = 0; j < n0; j++) {
                x[j] = (pixels[i * n0 + j] & 0xff) / 255.0;
            }
            rows.add(RowFactory.create((double) (data.labels()[i] & 0xff), Vectors.dense(x)));
        }
        StructType schema = new StructType()
                .add("label", DataTypes.DoubleType)
                .add("features", SQLDataTypes.VectorType());
        Dataset<Row> frame = spark.createDataFrame(rows, schema).repartition(partitions)
                .persist(StorageLevel.MEMORY_ONLY());
        frame.count();
        return frame;
    }
}
