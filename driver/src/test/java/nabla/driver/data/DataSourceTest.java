package nabla.driver.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import nabla.worker.Shard;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/design.md's layout from every source: example i (0-based, in file order across sorted part files)
 * is column ⌊i / P⌋ of partition i mod P, with x = value / s and y one-hot — for LIBSVM, CSV with a
 * header, a directory of part files (one empty, written out of order) and an RDD of examples, for
 * P = 1, 3 and 5 (more partitions than input splits).
 */
class DataSourceTest {
    private static final int INPUTS = 4;
    private static final int CLASSES = 3;
    private static final int N = 23;
    private static JavaSparkContext sc;

    @TempDir
    static Path dir;
    private static List<Example> examples;

    @BeforeAll
    static void setUp() throws IOException {
        sc = nabla.driver.LocalSpark.context();
        Random rng = new Random(7);
        examples = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            double[] x = new double[INPUTS];
            for (int k = 0; k < INPUTS; k++) {
                x[k] = rng.nextInt(3) == 0 ? 0 : Math.round(rng.nextDouble() * 1000) / 8.0;
            }
            examples.add(Example.dense(rng.nextInt(CLASSES), x));
        }
        List<String> libsvm = examples.stream().map(DataSourceTest::libsvm).toList();
        Files.write(dir.resolve("all.libsvm"), libsvm);
        List<String> csv = new ArrayList<>(List.of("label,a,b,c,d"));
        examples.stream().map(DataSourceTest::csv).forEach(csv::add);
        Files.write(dir.resolve("all.csv"), csv);
        Path parts = Files.createDirectory(dir.resolve("parts"));
        Files.write(parts.resolve("part-00002"), libsvm.subList(9, N));     // written first, read last
        Files.write(parts.resolve("part-00001"), List.of());
        Files.write(parts.resolve("part-00000"), libsvm.subList(0, 9));
        Files.writeString(parts.resolve("_SUCCESS"), "");
    }

    static String libsvm(Example e) {
        return e.label() + IntStream.range(0, INPUTS).filter(k -> e.values()[k] != 0)
                .mapToObj(k -> " " + (k + 1) + ":" + e.values()[k]).collect(Collectors.joining());
    }

    static String csv(Example e) {
        return e.label() + IntStream.range(0, INPUTS).mapToObj(k -> "," + e.values()[k]).collect(Collectors.joining());
    }

    @Test
    void everySourceDealsExampleIToPartitionIModP() {
        double s = 2;
        check(DataSource.text(dir.resolve("all.libsvm").toString(), Format.LIBSVM, s), 3, s);
        check(DataSource.text(dir.resolve("all.csv").toString(), Format.CSV, s), 3, s);
        check(DataSource.text(dir.resolve("parts").toString(), Format.LIBSVM, s), 5, s);   // P > input splits
        check(DataSource.of("rdd", sc.parallelize(examples, 4), s), 3, s);
        check(DataSource.of("rdd", sc.parallelize(examples, 4), s), 1, s);
    }

    /** The API as a Spark application uses it: examples it holds train to the bits the same file gives. */
    @Test
    void anApplicationsOwnExamplesTrainLikeTheFile() {
        nabla.driver.train.Settings settings = nabla.driver.Nabla.settings("--layers", "4,5,3", "--epochs", "2",
                "--batch", "4", "--partitions", "3", "--eta", "0.5");
        nabla.driver.data.ModelFile.Model fromRdd = nabla.driver.Nabla.train(sc, settings,
                DataSource.of("my examples", sc.parallelize(examples, 2), 8));
        nabla.driver.data.ModelFile.Model fromFile = nabla.driver.Nabla.train(sc, settings,
                DataSource.text(dir.resolve("all.libsvm").toString(), Format.LIBSVM, 8));
        assertEquals(fromFile.theta(), fromRdd.theta());
        org.junit.jupiter.api.Assertions.assertNotEquals(settings.init().theta(settings.network(), settings.seed(), sc.hadoopConfiguration()), fromRdd.theta());
    }

    private static void check(DataSource source, int P, double s) {
        DataSource.Loaded loaded = source.load(sc, P, INPUTS, CLASSES);
        assertEquals(N, loaded.count(), source.name());
        List<Shard> shards = loaded.shards().collect();
        assertEquals(P, shards.size());
        for (int p = 0; p < P; p++) {
            Shard shard = shards.get(p);
            assertEquals(p, shard.partition());
            assertEquals((N - p + P - 1) / P, shard.count(), source.name() + " P=" + P + " p=" + p);
            for (int j = 0; j < shard.count(); j++) {
                Example e = examples.get(p + j * P);
                for (int k = 0; k < INPUTS; k++) {
                    assertEquals(e.values()[k] / s, shard.x()[j * INPUTS + k], source.name() + " x");
                }
                for (int c = 0; c < CLASSES; c++) {
                    assertEquals(c == e.label() ? 1.0 : 0.0, shard.y()[j * CLASSES + c], source.name() + " y");
                }
            }
        }
        loaded.shards().unpersist(true);
    }
}
