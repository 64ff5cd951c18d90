package nabla.driver.data;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * The one way nabla writes a whole file (models, checkpoints, convert's outputs, plot's PNGs): into a
 * temporary file beside the target whose name no other writer uses ({@code .NAME.<random>.tmp}, hidden
 * from Hadoop's listings), synced to disk, then renamed over the target. Two runs writing the same target
 * each rename a whole file of their own, so the target is always one of them, never half of each; a
 * failure never leaves a truncated file and never replaces a good one. On the local disk it writes
 * through java.nio (no Hadoop .crc side files); elsewhere through Hadoop's FileContext.
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** What writes a file's content. */
    public interface Content {
        void write(OutputStream out) throws IOException;
    }

    /** Writes {@code location}, a Hadoop path (no scheme: the default file system). */
    public static void write(String location, Configuration conf, Content content) {
        Path target = new Path(location);
        FileSystem fs = HadoopFiles.fileSystem(target, conf);
        if (fs instanceof LocalFileSystem local) {
            write(local.pathToFile(target).toPath(), content);
            return;
        }
        Path temporary = new Path(target.getParent() == null ? new Path(".") : target.getParent(),
                temporaryName(target.getName()));
        try {
            FileContext fc = FileContext.getFileContext(target.toUri(), conf);
            try (FSDataOutputStream out = fc.create(temporary, EnumSet.of(CreateFlag.CREATE),
                    Options.CreateOpts.createParent())) {
                content.write(new Unclosed(out));
                out.hsync();                                           // on disk before it gets its name
            }
            fc.rename(temporary, target, Options.Rename.OVERWRITE);
        } catch (IOException | RuntimeException e) {
            try {
                fs.delete(temporary, false);
            } catch (IOException | RuntimeException ignored) {
                // the temporary file is all that is left behind
            }
            throw failure(location, e);
        }
    }

    /** Writes {@code target} on the local disk. */
    public static void write(java.nio.file.Path target, Content content) {
        java.nio.file.Path absolute = target.toAbsolutePath();
        java.nio.file.Path temporary = absolute.resolveSibling(temporaryName(absolute.getFileName().toString()));
        try {
            if (Files.isDirectory(absolute)) {
                throw new BadInput("cannot write " + target + ": it is a directory");
            }
            Files.createDirectories(absolute.getParent());
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                OutputStream out = new Unclosed(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
                content.write(out);
                out.flush();
                channel.force(true);                                  // on disk before it gets its name
            }
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the temporary file is all that is left behind
            }
            throw failure(target.toString(), e);
        }
    }

    /** The writer's stream: closing it only flushes, so that the file can still be synced and renamed. */
    private static final class Unclosed extends FilterOutputStream {
        Unclosed(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** A name beside {@code name} that no other writer picks: hidden, random, ending in .tmp. */
    static String temporaryName(String name) {
        return "." + name + "." + UUID.randomUUID().toString().substring(0, 13) + ".tmp";
    }

    /** Bad input that says why {@code location} could not be written. */
    private static BadInput failure(String location, Exception e) {
        if (e instanceof BadInput bad) {
            return bad;
        }
        return new BadInput("cannot write " + location + ": " + why(e), e);
    }

    /** Why a write failed, in words: the file system's reason, not only its exception's name. */
    static String why(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied (" + ((FileSystemException) e).getFile() + ")";
        }
        if (e instanceof NoSuchFileException n) {
            return n.getFile() + " does not exist";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason() + " (" + f.getFile() + ")";
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
