package nabla.driver.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import nabla.driver.SpyFileSystem;
import nabla.driver.data.BadInput;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint lock on a file system other than the local disk (the local disk under spy://, which
 * nabla treats as remote): a lease that holds while its owner renews it, and is taken over once it has not
 * been renewed for three periods, with one line saying whose it was. A period of 1 s keeps the test short;
 * what is asserted is the order of events (refused while renewed, taken over only past the lease, as the
 * lock file's own modification times show), never how long anything took.
 */
class CheckpointLeaseTest {
    private static final Duration RENEW = Duration.ofSeconds(1);
    private static final long LEASE = RENEW.multipliedBy(CheckpointLock.LEASES).toMillis();

    @TempDir
    java.nio.file.Path work;

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private FileSystem spy() throws Exception {
        Configuration hadoop = new Configuration();
        hadoop.set("fs.spy.impl", SpyFileSystem.class.getName());
        hadoop.setBoolean("fs.spy.impl.disable.cache", true);
        return new Path("spy:///").getFileSystem(hadoop);
    }

    @Test
    void aRenewedLeaseIsNeverTakenOver() throws Exception {
        FileSystem fs = spy();
        Path ck = new Path("spy://" + work.resolve("ck"));
        Path file = new Path(ck, CheckpointLock.NAME);
        try (CheckpointLock owner = CheckpointLock.acquire(fs, ck, RENEW, err)) {
            long first = fs.getFileStatus(file).getModificationTime();
            long last = first;
            while (last - first <= 2 * LEASE) {                       // until the owner has renewed past two leases
                BadInput refused = assertThrows(BadInput.class, () -> CheckpointLock.acquire(fs, ck, RENEW, err));
                assertTrue(refused.getMessage().contains("is in use by another run (pid "), refused.getMessage());
                assertTrue(refused.getMessage().contains("not renewed for 3 s is taken over"), refused.getMessage());
                Thread.sleep(200);
                last = fs.getFileStatus(file).getModificationTime();
            }
        }
        assertEquals("", errBytes.toString(StandardCharsets.UTF_8), "a renewed lock was taken over");
        assertFalse(fs.exists(file), "a released lease stays");
        CheckpointLock.acquire(fs, ck, RENEW, err).close();              // free again
    }

    @Test
    void aLeaseNotRenewedIsTakenOverOncePastItsTime() throws Exception {
        FileSystem fs = spy();
        Path ck = new Path("spy://" + work.resolve("ck"));
        Path file = new Path(ck, CheckpointLock.NAME);
        Files.createDirectories(work.resolve("ck"));
        String dead = "pid 4242 on elsewhere, since 2026-01-01T00:00:00Z";
        Files.writeString(work.resolve("ck").resolve(CheckpointLock.NAME), dead + "\n");   // a run that died
        long written = fs.getFileStatus(file).getModificationTime();
        CheckpointLock taken = null;
        int refusals = 0;
        while (taken == null) {
            try {
                taken = CheckpointLock.acquire(fs, ck, RENEW, err);
            } catch (BadInput refused) {
                assertTrue(refused.getMessage().contains(dead), refused.getMessage());
                assertTrue(++refusals < 1000, "a lock not renewed for minutes was never taken over");
                Thread.sleep(200);
            }
        }
        try (CheckpointLock lock = taken) {
            long takenAt = fs.getFileStatus(file).getModificationTime();
            assertTrue(takenAt - written > LEASE, "taken over " + (takenAt - written) + " ms after its last renewal");
            assertTrue(refusals > 0, "taken over at once, while the dead run's lease ran");
            String said = errBytes.toString(StandardCharsets.UTF_8);
            assertEquals(1, said.lines().count(), said);
            assertTrue(said.startsWith("nabla: took over the lock of " + ck + " from a run that had not renewed it for ")
                    && said.contains("(" + dead + ")"), said);
            assertTrue(new String(fs.open(file).readAllBytes(), StandardCharsets.UTF_8).startsWith("pid "
                    + ProcessHandle.current().pid() + " "), "the lock is not this run's");
            try (var listing = Files.list(work.resolve("ck"))) {
                assertEquals(java.util.List.of(CheckpointLock.NAME), listing.map(p -> p.getFileName().toString())
                        .filter(n -> !n.endsWith(".crc")).toList(), "the stale lock or a probe was left");
            }
        }
    }
}
