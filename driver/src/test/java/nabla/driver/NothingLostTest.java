package nabla.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import nabla.driver.data.BadInput;
import nabla.driver.data.HadoopFiles;
import nabla.driver.data.ModelFile;
import nabla.driver.train.Metrics;
import nabla.worker.Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes against one path: two saving the same model file, two runs on one checkpoint directory,
 * and runs stopped by SIGTERM and Ctrl-C and resumed, with --metrics appended to and never erased.
 */
class NothingLostTest {
    @TempDir
    Path work;

    /** Polls {@code condition} every 50 ms for at most 3 minutes. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 180_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void twoProcessesSavingOneModelLeaveOneWholeModel() throws Exception {
        Path target = work.resolve("model.json");
        Parameters one = SaveRace.model(1);
        Parameters two = SaveRace.model(2);
        Child first = Child.startMain(work, "race-1", SaveRace.class.getName(), target.toString(), "1", "12");
        Child second = Child.startMain(work, "race-2", SaveRace.class.getName(), target.toString(), "2", "12");
        while (first.alive() || second.alive()) {                             // whoever reads sees a whole model
            if (Files.exists(target)) {
                Parameters read = readModel(target);
                assertTrue(read.equals(one) || read.equals(two), "a model that neither process wrote");
            }
        }
        assertEquals(0, first.result().status(), first.result().err());
        assertEquals(0, second.result().status(), second.result().err());
        Parameters last = readModel(target);
        assertTrue(last.equals(one) || last.equals(two));
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(List.of("model.json"), left.map(p -> p.getFileName().toString())
                    .filter(n -> n.contains("model")).toList(), "temporary files left");
        }
    }

    private static Parameters readModel(Path file) {
        try {
            return ModelFile.read(file.toString(), HadoopFiles.configuration(Map.of())).theta();
        } catch (BadInput e) {
            throw new AssertionError("read half a model: " + e.getMessage(), e);
        }
    }

    @Test
    void oneRunPerCheckpointDirectoryAndSignalsKeepTheLastCheckpoint() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            int c = i % 3;                                      // a class the features tell: the run learns
            lines.append(c).append(" 1:").append(c == 0 ? 1 : 0).append(" 2:").append(c == 1 ? 1 : 0)
                    .append(" 3:").append(c == 2 ? 1 : 0).append(" 4:").append(i % 5).append('\n');
        }
        Files.writeString(work.resolve("set.libsvm"), lines);
        Files.writeString(work.resolve("ui.conf"), "spark.ui.enabled=false\n");
        Path scratch = work.resolve(Child.SCRATCH);
        String[] run = {"train", "--train", "set.libsvm", "--test", "set.libsvm", "--format", "libsvm", "--layers",
            "4,5,3", "--batch", "2", "--epochs", "8", "--partitions", "2", "--checkpoint", "ck",
            "--checkpoint-every", "5", "--metrics", "run.jsonl", "--conf", "ui.conf", "--save", "model.json"};
        Path metrics = work.resolve("run.jsonl");

        Child first = Child.start(work, "first", run);
        await("the first checkpoint", () -> hasCheckpoint(work.resolve("ck")));
        Child.Result second = Child.run(work, "second", run);                  // the same directory, meanwhile
        assertEquals(2, second.status(), second.err());
        assertTrue(second.oneLine("ck is in use by another run (pid " + first.pid()), second.err());
        assertTrue(first.alive(), "the first run ended before the second was refused: the test proves nothing");

        await("the first epoch's line", () -> lines(metrics) >= 1);
        first.signal("TERM");
        Child.Result stopped = first.result();
        assertEquals(143, stopped.status(), stopped.err());
        assertTrue(stopped.oneLine("stopped by SIGTERM; kept "), stopped.err());
        assertEquals(List.of(), entries(scratch), "a run stopped by SIGTERM left Spark's temporary directories");
        String kept = Files.readString(metrics);

        Child resumed = Child.start(work, "resumed", cat(run, "--resume"));
        await("a checkpoint of the resumed run", () -> Files.exists(work.resolve("resumed.out"))
                && read(work.resolve("resumed.out")).contains("resumed from") && lines(metrics) > kept.lines().count());
        resumed.signal("INT");
        Child.Result interrupted = resumed.result();
        assertEquals(130, interrupted.status(), interrupted.err());
        assertTrue(interrupted.oneLine("stopped by SIGINT (Ctrl-C); kept "), interrupted.err());
        assertEquals(List.of(), entries(scratch), "a run stopped by SIGINT left Spark's temporary directories");

        Child.Result finished = Child.run(work, "finished", cat(run, "--resume"));
        assertEquals(0, finished.status(), finished.err());
        assertTrue(Files.readString(metrics).startsWith(kept), "the stopped run's metrics were erased");
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), Metrics.readEpochs(metrics).stream().map(Metrics.Epoch::epoch).toList());
        assertTrue(Files.exists(work.resolve("model.json")));
        assertEquals(List.of(), entries(scratch), "a finished run left Spark's temporary directories");
    }

    /** The names in {@code dir}. */
    private static List<String> entries(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static boolean hasCheckpoint(Path dir) {
        try (Stream<Path> files = Files.exists(dir) ? Files.list(dir) : Stream.empty()) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("checkpoint-"));
        } catch (IOException e) {
            return false;
        }
    }

    private static long lines(Path file) {
        return read(file).lines().count();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String[] cat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
