package nabla.driver.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nabla.driver.Child;
import nabla.driver.LocalSpark;
import nabla.worker.Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data set larger than Spark's storage memory trains to the same bits as with memory to spare: in a
 * JVM with 4 MB for Spark ({@link MemoryPressure}) 5 MB of shards go partly to disk, the source is opened
 * only while loading (once per input split by each of the two passes) and never while training, and no
 * shard is rebuilt (no shuffle record read by a training step).
 */
class MemoryPressureTest {
    private static final int N = 2400;
    private static final int[] SIZES = {250, 8, 4};

    @TempDir
    Path dir;

    @Test
    void shardsLargerThanMemoryTrainToTheSameBitsAndTheSourceIsReadOnlyWhileLoading() throws Exception {
        Path data = dir.resolve("doubles.libsvm");
        writeDoubles(data);
        Path theta = dir.resolve("theta.bin");
        String out = runMemoryPressure(data, theta);
        Matcher m = Pattern.compile("opens-loading=(\\d+) opens-training=(\\d+) shuffle-records-training=(\\d+)"
                + " memory=(\\d+) disk=(\\d+)").matcher(out);
        assertTrue(m.find(), out);
        int splits = LocalSpark.context().textFile(data.toString()).getNumPartitions();
        assertEquals(2 * splits, Integer.parseInt(m.group(1)), "opens while checking and dealing: " + out);
        assertEquals(0, Integer.parseInt(m.group(2)), "the source was opened again while training: " + out);
        assertEquals(0, Long.parseLong(m.group(3)), "a shard was rebuilt while training: " + out);
        assertTrue(Long.parseLong(m.group(5)) > 0, "nothing went to disk; no memory pressure: " + out);

        DataSource.Loaded loaded = DataSource.text(data.toString(), Format.LIBSVM, 3)
                .load(LocalSpark.context(), 3, SIZES[0], SIZES[2]);
        Parameters unpressed = MemoryPressure.train(LocalSpark.context(), loaded, 3, SIZES, 2, 200);
        loaded.shards().unpersist(true);
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(theta))) {
            assertEquals(unpressed, in.readObject());
        }
        System.out.println("under memory pressure: " + out.trim());
    }

    /** N examples of n_0 values that are not floats (so the shards hold doubles: 8 bytes a value). */
    private static void writeDoubles(Path file) throws IOException {
        Random rng = new Random(11);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            StringBuilder line = new StringBuilder().append(rng.nextInt(SIZES[2]));
            for (int k = 1; k <= SIZES[0]; k++) {
                line.append(' ').append(k).append(':').append(String.format(Locale.ROOT, "%.17g", rng.nextDouble() / 3));
            }
            lines.add(line.toString());
        }
        Files.write(file, lines);
    }

    private String runMemoryPressure(Path data, Path theta) throws IOException, InterruptedException {
        // spark.testing: Spark then skips the MLlib classes its Kryo cannot load without Breeze (which nabla
        // leaves out) when it writes an evicted task binary (a byte[] broadcast) to disk; a Spark installation
        // ships Breeze and needs no such flag. C2 as usual: the run trains.
        Child.Result result = Child.startJvm(dir, "memory-pressure", List.of("-Dspark.testing=true"),
                MemoryPressure.class.getName(), data.toAbsolutePath().toString(), "3", "250,8,4", "2", "200",
                theta.toAbsolutePath().toString()).result();
        assertEquals(0, result.status(), result.out() + result.err());
        return result.out();
    }
}
