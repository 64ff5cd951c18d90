package nabla.driver.train;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import nabla.driver.data.BadInput;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * One run at a time in a checkpoint directory: the run holds {@code DIR/_nabla.lock}, whose text is its
 * owner record (pid, host, start). A second run on the directory is bad input naming the owner.
 *
 * <p>On the local disk the lock is the operating system's (a FileChannel lock on the file): it goes with
 * its process, so a run killed with {@code kill -9} leaves nothing to clean and can be resumed at once.
 * Elsewhere (HDFS, S3) the file's existence is the lock (created exclusively, deleted on close); a run
 * that died without closing leaves it, and the message says which file to remove.
 */
final class CheckpointLock implements AutoCloseable {
    static final String NAME = "_nabla.lock";

    private final FileSystem fs;
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private CheckpointLock(FileSystem fs, Path file, FileChannel channel, FileLock lock) {
        this.fs = fs;
        this.file = file;
        this.channel = channel;
        this.lock = lock;
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

    /** Takes the lock of {@code dir} (created if missing), or refuses, naming the run that holds it. */
    static CheckpointLock acquire(FileSystem fs, Path dir) {
        Path file = new Path(dir, NAME);
        try {
            fs.mkdirs(dir);
            if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
                return local(fs, file);
            }
            try (FSDataOutputStream out = fs.create(file, false)) {
                out.write(owner().getBytes(StandardCharsets.UTF_8));
            }
            return new CheckpointLock(fs, file, null, null);
        } catch (FileAlreadyExistsException e) {
            throw inUse(dir, holder(fs, file), "; if that run is gone, remove " + file);
        } catch (IOException e) {
            throw new BadInput("--checkpoint " + dir + ": cannot lock it (" + e.getMessage() + ")", e);
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
        return new CheckpointLock(fs, file, channel, lock);
    }

    private static BadInput inUse(Path dir, String holder, String hint) {
        return new BadInput("--checkpoint " + dir + " is in use by another run (" + holder + "); wait for it to end"
                + " or give another directory" + hint);
    }

    private static String holder(FileSystem fs, Path file) {
        try (var in = fs.open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "owner unknown";
        }
    }

    /** Releases the lock (the local file stays, empty of meaning; a remote one is deleted). */
    @Override
    public void close() {
        try {
            if (channel != null) {
                lock.release();
                channel.close();
            } else {
                fs.delete(file, false);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot release " + file + ": " + e.getMessage(), e);
        }
    }
}
