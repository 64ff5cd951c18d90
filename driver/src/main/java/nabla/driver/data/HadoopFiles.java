package nabla.driver.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * Files at any Hadoop path (file://, hdfs://, s3a:// when the cluster has the connector; no scheme means
 * the default file system), as the driver sees them: listing part files, opening, writing safely.
 */
public final class HadoopFiles {
    private HadoopFiles() {
    }

    /** Hadoop's configuration as Spark would build it: the defaults plus every spark.hadoop.* setting. */
    public static Configuration configuration(Map<String, String> spark) {
        Configuration conf = new Configuration();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("spark.hadoop."))
                .forEach(k -> conf.set(k.substring("spark.hadoop.".length()), System.getProperty(k)));
        spark.forEach((k, v) -> {
            if (k.startsWith("spark.hadoop.")) {
                conf.set(k.substring("spark.hadoop.".length()), v);
            }
        });
        return conf;
    }

    public static FileSystem fileSystem(Path path, Configuration conf) {
        try {
            return path.getFileSystem(conf);
        } catch (IOException | RuntimeException e) {
            throw new BadInput(path + ": no file system for it (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The files {@code location} names, in the order their examples count: the file itself, or a
     * directory's files sorted by name (part-00000, part-00001, …) without hidden ones (_SUCCESS, .crc),
     * or a glob's matches sorted by name.
     */
    public static List<Path> files(String location, Configuration conf) {
        Path path = new Path(location);
        FileSystem fs = fileSystem(path, conf);
        try {
            FileStatus[] matches = fs.globStatus(path);
            if (matches == null || matches.length == 0) {
                throw new BadInput(location + " does not exist");
            }
            List<Path> files = new ArrayList<>();
            for (FileStatus match : sortedByName(matches)) {
                if (match.isFile()) {
                    files.add(match.getPath());
                    continue;
                }
                for (FileStatus child : sortedByName(fs.listStatus(match.getPath()))) {
                    String name = child.getPath().getName();
                    if (name.startsWith("_") || name.startsWith(".")) {
                        continue;
                    }
                    if (!child.isFile()) {
                        throw new BadInput(child.getPath() + " is a directory; " + location
                                + " should be a file or a directory of part files");
                    }
                    files.add(child.getPath());
                }
            }
            if (files.isEmpty()) {
                throw new BadInput(location + " holds no files");
            }
            return files;
        } catch (FileNotFoundException e) {
            throw new BadInput(location + " does not exist");
        } catch (IOException e) {
            throw new BadInput(location + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    private static List<FileStatus> sortedByName(FileStatus[] statuses) {
        List<FileStatus> sorted = new ArrayList<>(Arrays.asList(statuses));
        sorted.sort(Comparator.comparing(s -> s.getPath().toString()));
        return sorted;
    }

    /** One existing file: {@code location} itself, or bad input naming it. */
    public static Path file(String location, Configuration conf) {
        Path path = new Path(location);
        try {
            FileStatus status = fileSystem(path, conf).getFileStatus(path);
            if (!status.isFile()) {
                throw new BadInput(location + " is not a file");
            }
            return status.getPath();
        } catch (FileNotFoundException e) {
            throw new BadInput(location + " does not exist");
        } catch (IOException e) {
            throw new BadInput(location + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Whether {@code path} exists (a missing file system is bad input). */
    public static boolean exists(Path path, Configuration conf) {
        try {
            return fileSystem(path, conf).exists(path);
        } catch (IOException e) {
            throw new BadInput(path + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** The length of a file in bytes. */
    static long length(Path file, Configuration conf) throws IOException {
        return fileSystem(file, conf).getFileStatus(file).getLen();
    }

    /** The one file {@code location} names ({@link #file}), opened as {@link #open(Path, Configuration)} does. */
    public static InputStream open(String location, Configuration conf) throws IOException {
        return open(file(location, conf), conf);
    }

    /** A buffered stream of the file's bytes, gunzipped when it starts with gzip's magic bytes. */
    static InputStream open(Path file, Configuration conf) throws IOException {
        InputStream raw = new BufferedInputStream(fileSystem(file, conf).open(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        return b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
    }

    /** Whether the file starts with gzip's magic bytes. */
    static boolean gzipped(Path file, Configuration conf) throws IOException {
        try (InputStream in = fileSystem(file, conf).open(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /** The 1-based number of the line that starts at byte {@code offset} of an uncompressed file. */
    static long lineAt(Path file, long offset, Configuration conf) throws IOException {
        long lines = 1;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = fileSystem(file, conf).open(file)) {
            long left = offset;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                for (int k = 0; k < n; k++) {
                    if (buffer[k] == '\n') {
                        lines++;
                    }
                }
                left -= n;
            }
        }
        return lines;
    }

    /** What writes a file's content. */
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code location} through a temporary file beside it, renamed over it at the end (atomically
     * where the file system can): a failure never leaves a truncated file and never replaces a good one.
     */
    public static void writeAtomically(String location, Configuration conf, Writer writer) {
        Path target = new Path(location);
        Path temporary = new Path(target.getParent() == null ? new Path(".") : target.getParent(),
                "." + target.getName() + ".tmp");
        FileSystem fs = fileSystem(target, conf);
        if (fs instanceof LocalFileSystem local) {
            writeLocally(local.pathToFile(target).toPath(), writer);
            return;
        }
        try {
            FileContext fc = FileContext.getFileContext(target.toUri(), conf);
            try (OutputStream out = fc.create(temporary, EnumSet.of(CreateFlag.CREATE, CreateFlag.OVERWRITE),
                    Options.CreateOpts.createParent())) {
                writer.write(out);
            }
            fc.rename(temporary, target, Options.Rename.OVERWRITE);
        } catch (IOException | RuntimeException e) {
            try {
                fileSystem(temporary, conf).delete(temporary, false);
            } catch (IOException | RuntimeException ignored) {
                // the temporary file is all that is left behind
            }
            if (e instanceof BadInput bad) {
                throw bad;
            }
            throw new BadInput("cannot write " + location + ": " + e.getMessage(), e);
        }
    }

    /** The same on the local file system, without Hadoop's .crc side files. */
    private static void writeLocally(java.nio.file.Path target, Writer writer) {
        java.nio.file.Path absolute = target.toAbsolutePath();
        java.nio.file.Path temporary = absolute.resolveSibling("." + absolute.getFileName() + ".tmp");
        try {
            Files.createDirectories(absolute.getParent());
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
                writer.write(out);
            }
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the temporary file is all that is left behind
            }
            if (e instanceof BadInput bad) {
                throw bad;
            }
            throw new BadInput("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
