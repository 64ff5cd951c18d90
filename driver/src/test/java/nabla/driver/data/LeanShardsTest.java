package nabla.driver.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import nabla.driver.LocalSpark;
import nabla.driver.train.Trainer;
import nabla.worker.Cost;
import nabla.worker.Inputs;
import nabla.worker.MiniBatches;
import nabla.worker.Parameters;
import nabla.worker.Sgd;
import nabla.worker.Shard;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Lean shards (bytes, floats or doubles as the data gave them, classes for one-hot y) train to the bits of
 * the double shards nabla kept before (X = value / s and a one-hot Y, both doubles), for every format, for
 * P = 1 and 3, shuffled and not.
 */
class LeanShardsTest {
    private static final int[] SIZES = {12, 7, 4};
    private static final int N = 57;
    private static final int BATCH = 10;
    private static final JavaSparkContext sc = LocalSpark.context();

    @TempDir
    static Path dir;

    @ParameterizedTest(name = "{0}, P = {1}, shuffle {2}")
    @CsvSource({"idx, 1, false", "idx, 3, true", "idx, 3, false",
            "libsvm-floats, 1, true", "libsvm-floats, 3, false", "libsvm-doubles, 3, true", "libsvm-doubles, 1, false",
            "csv-floats, 3, true", "csv-doubles, 3, false", "rdd-floats, 3, true", "rdd-doubles, 1, true"})
    void leanShardsTrainToTheBitsOfDoubleShards(String kind, int P, boolean shuffle) throws IOException {
        double s = kind.equals("idx") ? 255 : 3;                      // 3: not a power of two, a real division
        List<Example> examples = examples(kind);
        DataSource source = source(kind, examples, s);
        JavaRDD<Shard> lean = source.load(sc, P, SIZES[0], SIZES[2]).shards();
        Class<?> kept = kind.equals("idx") ? Inputs.Bytes.class
                : kind.endsWith("floats") ? Inputs.Floats.class : Inputs.Doubles.class;
        assertInstanceOf(kept, lean.first().x(), kind);
        Parameters fromLean = train(lean, P, shuffle);
        Parameters fromDoubles = train(doubleShards(examples, P, s), P, shuffle);
        assertEquals(fromDoubles, fromLean, kind + " P=" + P);
        assertNotEquals(Parameters.random(SIZES, false, 3), fromLean);
        lean.unpersist(true);
    }

    /** Two epochs of SGD with cross-entropy, from the same θ. */
    private static Parameters train(JavaRDD<Shard> shards, int P, boolean shuffle) {
        Trainer trainer = new Trainer(sc, shards, new MiniBatches(N, BATCH, P, shuffle, 5), Cost.CROSS_ENTROPY,
                new Sgd(0.5));
        Parameters theta = Parameters.random(SIZES, false, 3);
        for (int epoch = 0; epoch < 2; epoch++) {
            for (int k = 0; k < trainer.batches().steps(); k++) {
                theta = trainer.step(theta, epoch, k).theta();
            }
        }
        return theta;
    }

    /** The shards as nabla kept them before: X = value / s and one-hot Y, doubles, example i in column ⌊i / P⌋ of i mod P. */
    private static JavaRDD<Shard> doubleShards(List<Example> examples, int P, double s) {
        MiniBatches layout = new MiniBatches(N, 1, P, false, 0);
        List<Shard> shards = new ArrayList<>();
        for (int p = 0; p < P; p++) {
            int count = layout.localCount(p);
            double[] x = new double[count * SIZES[0]];
            double[] y = new double[count * SIZES[2]];
            for (int j = 0; j < count; j++) {
                Example e = examples.get(p + j * P);
                e.stackInto(x, SIZES[0], j, s);
                y[j * SIZES[2] + e.label()] = 1;
            }
            shards.add(Shard.ofOneHot(p, SIZES[0], SIZES[2], x, y));
        }
        JavaRDD<Shard> rdd = sc.parallelize(shards, P).persist(StorageLevel.MEMORY_ONLY());
        rdd.count();
        return rdd;
    }

    /** N examples of 12 values, some zero: bytes for IDX, exact floats, or doubles that are not floats. */
    private static List<Example> examples(String kind) {
        Random rng = new Random(kind.hashCode());
        DoubleSupplier value = kind.equals("idx") ? () -> rng.nextInt(256)
                : kind.endsWith("floats") ? () -> rng.nextInt(2048) / 64.0 - 8 : () -> rng.nextDouble() * 10 - 3;
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            double[] v = new double[SIZES[0]];
            for (int k = 0; k < v.length; k++) {
                v[k] = rng.nextInt(4) == 0 ? 0 : value.getAsDouble();
            }
            examples.add(Example.dense(rng.nextInt(SIZES[2]), v));
        }
        return examples;
    }

    private static DataSource source(String kind, List<Example> examples, double s) throws IOException {
        Path file = dir.resolve(kind);
        switch (kind.substring(0, kind.indexOf('-') < 0 ? kind.length() : kind.indexOf('-'))) {
            case "idx" -> {
                writeIdx(dir.resolve(kind + "-images-idx3-ubyte"), examples, true);
                writeIdx(dir.resolve(kind + "-labels-idx1-ubyte"), examples, false);
                return DataSource.idx(dir.resolve(kind + "-images-idx3-ubyte").toString(),
                        dir.resolve(kind + "-labels-idx1-ubyte").toString(), s);
            }
            case "libsvm" -> {
                Files.write(file, examples.stream().map(e -> e.label() + IntStream.range(0, SIZES[0])
                        .filter(k -> e.values()[k] != 0).mapToObj(k -> " " + (k + 1) + ":" + e.values()[k])
                        .collect(Collectors.joining())).toList());
                return DataSource.text(file.toString(), Format.LIBSVM, s);
            }
            case "csv" -> {
                Files.write(file, examples.stream().map(e -> e.label() + IntStream.range(0, SIZES[0])
                        .mapToObj(k -> "," + e.values()[k]).collect(Collectors.joining())).toList());
                return DataSource.text(file.toString(), Format.CSV, s);
            }
            default -> {
                return DataSource.of(kind, sc.parallelize(examples, 2), s);
            }
        }
    }

    /** An IDX file of 3×4 images (magic 0x803) or of labels (magic 0x801). */
    private static void writeIdx(Path file, List<Example> examples, boolean images) throws IOException {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeInt(images ? Idx.IMAGES_MAGIC : Idx.LABELS_MAGIC);
            out.writeInt(examples.size());
            if (images) {
                out.writeInt(3);
                out.writeInt(4);
            }
            for (Example e : examples) {
                if (images) {
                    for (double v : e.values()) {
                        out.writeByte((int) v);
                    }
                } else {
                    out.writeByte(e.label());
                }
            }
        }
    }
}
