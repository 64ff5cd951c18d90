package nabla.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import nabla.driver.cli.ConvertCommand;
import nabla.driver.data.DataSource;
import nabla.driver.data.Format;
import nabla.driver.data.ModelFile;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Text data on the Spark way: the bundled sample's 2,000 test examples, IDX → convert → LIBSVM and CSV,
 * train to the same bits; and the driver neither opens the text nor receives more than a few bytes of
 * task results while the executors parse it.
 */
class TextAtScaleTest {
    private static final Path SAMPLE = Path.of("../data/fashion-mnist-sample");
    private static JavaSparkContext sc;

    @TempDir
    static Path dir;

    @BeforeAll
    static void setUp() {
        sc = LocalSpark.context();
        var hadoop = sc.hadoopConfiguration();
        for (Format format : new Format[] {Format.LIBSVM, Format.CSV}) {
            ConvertCommand.convert(new org.apache.hadoop.fs.Path(SAMPLE.resolve("t10k-images-idx3-ubyte.gz").toUri()),
                    new org.apache.hadoop.fs.Path(SAMPLE.resolve("t10k-labels-idx1-ubyte.gz").toUri()),
                    dir.resolve("t10k." + format.optionName()).toString(), format, hadoop);
        }
    }

    @Test
    void idxConvertedToTextTrainsToTheSameBits() throws IOException {
        String[] common = {"--layers", "784,10,10", "--epochs", "1", "--batch", "50", "--partitions", "3", "--eta", "3"};
        ModelFile.Model idx = Nabla.train(sc, concat(common, "--train",
                SAMPLE.resolve("t10k-images-idx3-ubyte.gz").toString(), "--format", "idx",
                "--save", dir.resolve("idx.json").toString()));
        ModelFile.Model libsvm = Nabla.train(sc, concat(common, "--train", dir.resolve("t10k.libsvm").toString(),
                "--format", "libsvm", "--scale", "255", "--save", dir.resolve("libsvm.json").toString()));
        ModelFile.Model csv = Nabla.train(sc, concat(common, "--train", dir.resolve("t10k.csv").toString(),
                "--format", "csv", "--scale", "255"));
        assertEquals(idx.theta(), libsvm.theta(), "LIBSVM");
        assertEquals(idx.theta(), csv.theta(), "CSV");
        assertEquals(Files.readString(dir.resolve("idx.json")), Files.readString(dir.resolve("libsvm.json")));
        var settings = Nabla.settings(common);
        assertFalse(idx.theta().equals(settings.init().theta(settings.network(), settings.seed(),
                sc.hadoopConfiguration())), "training moved θ");
    }

    /**
     * Honest, in one JVM: the driver's own threads never open the file (a file system that notes the
     * opening thread; local mode runs tasks on "Executor task launch worker" threads), and every task
     * result the driver receives while the set is checked, parsed and dealt adds up to a few kilobytes
     * against megabytes of text (Spark's own task metrics). Collecting the examples would break both.
     */
    @Test
    void theDriverNeverHoldsTheText() throws IOException, TimeoutException {
        Path file = dir.resolve("t10k.libsvm");
        long size = Files.size(file);
        sc.hadoopConfiguration().set("fs.spy.impl", SpyFileSystem.class.getName());
        sc.hadoopConfiguration().setBoolean("fs.spy.impl.disable.cache", true);
        AtomicLong results = new AtomicLong();
        AtomicLong tasks = new AtomicLong();
        SparkListener listener = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                results.addAndGet(end.taskMetrics().resultSize());
                tasks.incrementAndGet();
            }
        };
        sc.sc().listenerBus().waitUntilEmpty();
        sc.sc().addSparkListener(listener);
        SpyFileSystem.OPENS.clear();

        DataSource.Loaded loaded = DataSource.text("spy://" + file.toAbsolutePath(), Format.LIBSVM, 255)
                .load(sc, 3, 784, 10);

        sc.sc().listenerBus().waitUntilEmpty();
        sc.sc().removeSparkListener(listener);
        assertEquals(2000, loaded.count());
        List<String> opens = List.copyOf(SpyFileSystem.OPENS);
        assertFalse(opens.isEmpty(), "the spy saw no reads");
        for (String open : opens) {
            assertTrue(open.startsWith("Executor task launch worker"), "opened on the driver: " + open);
        }
        assertTrue(tasks.get() > 0);
        assertTrue(results.get() < size / 100, results.get() + " bytes of task results for " + size + " bytes of text");
        loaded.shards().unpersist(true);
        System.out.printf("%s: %d bytes of LIBSVM, %d tasks, %d bytes of task results to the driver, %d opens%n",
                file.getFileName(), size, tasks.get(), results.get(), opens.size());
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
