package nabla.driver.train;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import nabla.driver.data.BadInput;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One run at a time in a checkpoint directory: the run holds {@code DIR/_nabla.lock}, whose text is its
 * owner record (pid, host, start). A second run on the directory is bad input naming the owner.
 *
 * <p>On the local disk the lock is the operating system's (a FileChannel lock on the file): it goes with
 * its process, so a run killed with {@code kill -9} leaves nothing to clean and can be resumed at once.
 *
 * <p>Elsewhere (HDFS, S3, any other scheme) the lock is a lease: the file is created exclusively, and its
 * owner rewrites it every {@link #RENEW} (10 s) from a daemon thread, so its modification time, on the
 * file system's clock, says the run is alive. A lock not rewritten for {@link #LEASES} periods (30 s) is
 * stale (its run died without closing it): the next run renames it aside, creates its own exclusively, and
 * says on standard error whose lock it took over. Ages are measured on the file system's clock (a probe
 * file's modification time), so the hosts' clocks need not agree. What remains racy: a run that judged a
 * lock stale renames whatever is there a moment later, so an owner that renews at that very moment, after
 * missing 30 s of renewals, loses its lock (its next renewal says so); two runs taking over the same stale
 * lock cannot both succeed, since only one rename of it succeeds and the other run then finds a lock of
 * another owner, which it puts back.
 */
final class CheckpointLock implements AutoCloseable {
    static final String NAME = "_nabla.lock";
    /** How often the owner of a lock on a non-local file system rewrites it. */
    static final Duration RENEW = Duration.ofSeconds(10);
    /** A lock not rewritten for this many periods is stale. */
    static final int LEASES = 3;

    private final FileSystem fs;
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    /** The owner record of a lease, and the thread that renews it (null on the local disk). */
    private final String owner;
    private final ScheduledExecutorService renewal;

    private CheckpointLock(FileSystem fs, Path file, FileChannel channel, FileLock lock, String owner,
                           ScheduledExecutorService renewal) {
        this.fs = fs;
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.owner = owner;
        this.renewal = renewal;
    }

    /** This process, as the owner record says it. */
    static String owner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return "pid " + ProcessHandle.current().pid() + " on " + host + ", since " + Instant.now() + "\n";
    }

    /** The file system of {@code dir}; on the local disk the raw one, which keeps no .crc side files. */
    static FileSystem fileSystem(String dir, Configuration hadoop) {
        try {
            FileSystem fs = new Path(dir).getFileSystem(hadoop);
            return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInput("--checkpoint " + dir + ": " + e.getMessage());
        }
    }

    /**
     * Takes the lock of {@code dir} (created if missing), or refuses, naming the run that holds it; a stale
     * lease is taken over, with a line on {@code err}.
     */
    static CheckpointLock acquire(FileSystem fs, Path dir, PrintStream err) {
        return acquire(fs, dir, RENEW, err);
    }

    /** As {@link #acquire(FileSystem, Path, PrintStream)}, a lease renewed every {@code renew}. */
    static CheckpointLock acquire(FileSystem fs, Path dir, Duration renew, PrintStream err) {
        Path file = new Path(dir, NAME);
        try {
            fs.mkdirs(dir);
            if ("file".equals(fs.getUri().getScheme())) {
                return local(fs, file);
            }
            return leased(fs, file, renew, err);
        } catch (FileAlreadyExistsException e) {
            throw inUse(dir, holder(fs, file), "; a lock its run has not renewed for " + renew.multipliedBy(LEASES)
                    .toSeconds() + " s is taken over");
        } catch (IOException e) {
            throw new BadInput("--checkpoint " + dir + ": cannot lock it (" + e.getMessage() + ")", e);
        }
    }

    /** The lease: the file created exclusively, or a stale one taken over; then renewed every {@code renew}. */
    private static CheckpointLock leased(FileSystem fs, Path file, Duration renew, PrintStream err) throws IOException {
        String owner = owner();
        try {
            write(fs, file, owner, false);
        } catch (FileAlreadyExistsException e) {
            String holder = holder(fs, file);
            long age = age(fs, file);
            if (age <= renew.multipliedBy(LEASES).toMillis()) {
                throw e;
            }
            Path aside = new Path(file.getParent(), "." + NAME + "." + UUID.randomUUID() + ".stale");
            if (!fs.rename(file, aside)) {
                throw e;                                                // another run took it over first
            }
            if (!holder(fs, aside).equals(holder)) {                    // that run's fresh lock: put it back
                fs.rename(aside, file);
                throw e;
            }
            fs.delete(aside, false);
            write(fs, file, owner, false);
            err.println("nabla: took over the lock of " + file.getParent() + " from a run that had not renewed it"
                    + " for " + age / 1000 + " s (" + holder + ")");
        }
        ScheduledExecutorService renewal = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "nabla lock renewal");
            thread.setDaemon(true);
            return thread;
        });
        CheckpointLock lock = new CheckpointLock(fs, file, null, null, owner, renewal);
        long every = renew.toMillis();
        renewal.scheduleWithFixedDelay(() -> lock.renew(err), every, every, TimeUnit.MILLISECONDS);
        return lock;
    }

    /** Rewrites the lease, if it is still this run's; says so once, and stops, if another run took it over. */
    private void renew(PrintStream err) {
        try {
            String holder = holder(fs, file);
            if (!holder.equals(owner.strip())) {
                err.println("nabla: warning: lost the lock of " + file.getParent() + " to another run (" + holder
                        + ")");
                renewal.shutdown();
                return;
            }
            write(fs, file, owner, true);
        } catch (IOException e) {
            // the next period tries again; the lease is lost only after LEASES of them
        }
    }

    private static void write(FileSystem fs, Path file, String owner, boolean overwrite) throws IOException {
        try (FSDataOutputStream out = fs.create(file, overwrite)) {
            out.write(owner.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** How long ago {@code file} was last written, on the file system's clock (that of a probe file written now). */
    private static long age(FileSystem fs, Path file) throws IOException {
        Path probe = new Path(file.getParent(), "." + NAME + "." + UUID.randomUUID() + ".now");
        write(fs, probe, "", false);
        try {
            return fs.getFileStatus(probe).getModificationTime() - fs.getFileStatus(file).getModificationTime();
        } finally {
            fs.delete(probe, false);
        }
    }

    private static CheckpointLock local(FileSystem fs, Path file) throws IOException {
        java.nio.file.Path path = java.nio.file.Path.of(fs.makeQualified(file).toUri());
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;                                                // held by another run in this JVM
        }
        if (lock == null) {
            String holder = Files.readString(path, StandardCharsets.UTF_8).strip();
            channel.close();
            throw inUse(file.getParent(), holder, "");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(owner().getBytes(StandardCharsets.UTF_8)));
        channel.force(true);
        return new CheckpointLock(fs, file, channel, lock, null, null);
    }

    private static BadInput inUse(Path dir, String holder, String hint) {
        return new BadInput("--checkpoint " + dir + " is in use by another run (" + holder + "); wait for it to end"
                + " or give another directory" + hint);
    }

    /** The owner record in {@code file}; a lease being rewritten reads empty for a moment, so that is read again. */
    private static String holder(FileSystem fs, Path file) {
        for (int attempt = 0; ; attempt++) {
            try (var in = fs.open(file)) {
                String holder = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!holder.isEmpty() || attempt == 5) {
                    return holder.isEmpty() ? "owner unknown" : holder;
                }
                Thread.sleep(50);
            } catch (IOException e) {
                return "owner unknown";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "owner unknown";
            }
        }
    }

    /** Releases the lock (the local file stays, empty of meaning; a lease is deleted if it is still this run's). */
    @Override
    public void close() {
        try {
            if (channel != null) {
                lock.release();
                channel.close();
            } else {
                renewal.shutdownNow();
                if (holder(fs, file).equals(owner.strip())) {
                    fs.delete(file, false);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot release " + file + ": " + e.getMessage(), e);
        }
    }
}
