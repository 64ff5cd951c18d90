package nabla.driver.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import nabla.driver.data.BadInput;
import nabla.worker.Parameters;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checkpoints read back exactly, are never read back half-written, and belong to one run. */
class CheckpointTest {
    private static final int[] SIZES = {5, 4, 3};
    private static final Map<String, String> RUN = Map.of("batch", "10", "partitions", "4", "seed", "1");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private static byte[] bytesOf(Checkpoint checkpoint) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        checkpoint.writeTo(out);
        return out.toByteArray();
    }

    private static Checkpoint example() {
        Parameters theta = Parameters.random(SIZES, false, 9);
        return new Checkpoint(RUN, new Position(3, 17, 0.1 + 0.2, 170), theta, Parameters.random(SIZES, true, 4));
    }

    @Test
    void readsBackEveryBit() throws Exception {
        Checkpoint saved = example();
        Checkpoint read = Checkpoint.readFrom(new ByteArrayInputStream(bytesOf(saved)));
        assertEquals(saved.run(), read.run());
        assertEquals(saved.position(), read.position());                       // costSum 0.30000000000000004 too
        assertEquals(saved.theta(), read.theta());
        assertEquals(saved.updater(), read.updater());
    }

    @Test
    void aCutOrAlteredFileIsNeverReadBack() throws Exception {
        byte[] whole = bytesOf(example());
        for (int length : new int[] {0, 10, 30, whole.length / 2, whole.length - 1}) {
            byte[] cut = Arrays.copyOf(whole, length);
            assertThrows(Checkpoint.Damaged.class, () -> Checkpoint.readFrom(new ByteArrayInputStream(cut)),
                    "read back a file cut at " + length + " of " + whole.length + " bytes");
        }
        byte[] flipped = whole.clone();
        flipped[whole.length / 2] ^= 1;
        Checkpoint.Damaged damaged = assertThrows(Checkpoint.Damaged.class,
                () -> Checkpoint.readFrom(new ByteArrayInputStream(flipped)));
        assertTrue(damaged.getMessage().contains("checksum"), damaged.getMessage());
    }

    private Checkpoints checkpoints(int every, Map<String, String> run) {
        return new Checkpoints(dir.toString(), new Configuration(), every, 10, run, () -> null, err);
    }

    private static Trainer.Step step(Parameters theta, double cost) {
        return new Trainer.Step(theta, 10, cost, 0);
    }

    /** Steps a run's way: the position after each step, handed to the listener as {@link Run} hands it. */
    private Position at = Position.START;

    private void stepDone(Checkpoints listener, Parameters theta, double cost) {
        Trainer.Step done = step(theta, cost);
        at = at.after(done);
        listener.stepDone(at, done);
    }

    private void epochDone(Checkpoints listener, Parameters theta) {
        listener.epochDone(at, new TrainingListener.Epoch(at.epoch(), theta, at.meanCost(), 1, null, null, null, 0, 0));
        at = at.nextEpoch();
    }

    private List<String> files() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("checkpoint-")).sorted().toList();
        }
    }

    @Test
    void savesEveryKStepsAndEachEpochEndKeepingTheNewestTwo() throws Exception {
        Checkpoints listener = checkpoints(4, RUN);
        Parameters theta = Parameters.random(SIZES, false, 1);
        for (int k = 0; k < 10; k++) {
            stepDone(listener, theta, k);
        }
        assertEquals(List.of("checkpoint-000000-000000004", "checkpoint-000000-000000008"), files());
        epochDone(listener, theta);
        stepDone(listener, theta, 1);
        stepDone(listener, theta, 2);                                          // step 12 of the run: saved
        assertEquals(List.of("checkpoint-000001-000000000", "checkpoint-000001-000000002"), files());

        Checkpoint latest = checkpoints(4, RUN).latest();
        assertEquals(new Position(1, 2, 0.0 + 1 + 2, 20), latest.position());
        assertEquals(theta, latest.theta());
    }

    @Test
    void aDamagedNewestCheckpointFallsBackToTheOneBefore() throws Exception {
        Checkpoints listener = checkpoints(1, RUN);
        Parameters before = Parameters.random(SIZES, false, 1);
        Parameters after = Parameters.random(SIZES, false, 2);
        stepDone(listener, before, 1);
        stepDone(listener, after, 1);
        Path newest = dir.resolve("checkpoint-000000-000000002");
        Files.write(newest, Arrays.copyOf(Files.readAllBytes(newest), 100));   // as if cut short by a crash
        Files.deleteIfExists(dir.resolve(".checkpoint-000000-000000002.crc"));  // Hadoop's own checksum, gone too

        Checkpoint latest = checkpoints(1, RUN).latest();
        assertEquals(before, latest.theta());
        assertEquals(1, latest.position().step());
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("skipping damaged checkpoint"));
    }

    @Test
    void noCheckpointYetIsNull() {
        assertNull(checkpoints(1, RUN).latest());
    }

    @Test
    void aCheckpointOfAnotherRunIsRefusedNamingWhatDiffers() {
        stepDone(checkpoints(1, RUN), Parameters.random(SIZES, false, 1), 1);
        Map<String, String> other = Map.of("batch", "100", "partitions", "4", "seed", "1");
        BadInput refused = assertThrows(BadInput.class, () -> checkpoints(1, other).latest());
        assertTrue(refused.getMessage().contains("batch 10 (now 100)"), refused.getMessage());
    }
}
