package nabla.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.ArrayList;
import java.util.List;
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

        SparkSession spark = session("MLlib MLP bench", master);
        int partitions = spark.sparkContext().defaultParallelism();
        Dataset<Row> train = frame(spark, dir, "train", partitions);
        Dataset<Row> test = frame(spark, dir, "t10k", partitions);

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

    /** A session on {@code master}, on loopback, without the UI. */
    static SparkSession session(String name, String master) {
        return SparkSession.builder().appName(name).master(master)
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .getOrCreate();
    }

    /** (label, features = pixels / 255) rows of {@code prefix}-images/labels, cached in {@code partitions}. */
    static Dataset<Row> frame(SparkSession spark, Path dir, String prefix, int partitions) {
        byte[] pixels = read(dir, prefix + "-images-idx3-ubyte", 16);
        byte[] labels = read(dir, prefix + "-labels-idx1-ubyte", 8);
        int n0 = pixels.length / labels.length;
        List<Row> rows = new ArrayList<>(labels.length);
        for (int i = 0; i < labels.length; i++) {
            double[] x = new double[n0];
            for (int j = 0; j < n0; j++) {
                x[j] = (pixels[i * n0 + j] & 0xff) / 255.0;
            }
            rows.add(RowFactory.create((double) (labels[i] & 0xff), Vectors.dense(x)));
        }
        StructType schema = new StructType()
                .add("label", DataTypes.DoubleType)
                .add("features", SQLDataTypes.VectorType());
        Dataset<Row> frame = spark.createDataFrame(rows, schema).repartition(partitions)
                .persist(StorageLevel.MEMORY_ONLY());
        frame.count();
        return frame;
    }

    /** The bytes after an IDX file's header (name or name.gz in dir). */
    static byte[] read(Path dir, String name, int header) {
        Path file = Files.exists(dir.resolve(name)) ? dir.resolve(name) : dir.resolve(name + ".gz");
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw)) {
            in.skipNBytes(header);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }
}
