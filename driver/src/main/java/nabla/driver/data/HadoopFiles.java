package nabla.driver.data;

import java.io.BufferedInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
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
     *
     * <p>The one rule for data paths: {@code location} is read literally when it exists; only when it does
     * not, and holds a glob character ({@code * ? [ ] { }}), is it a Hadoop glob. So {@code set[1].libsvm}
     * is that file when it exists, and {@code part-*} matches part files as in Spark.
     */
    public static List<Path> files(String location, Configuration conf) {
        Path path = new Path(location);
        FileSystem fs = fileSystem(path, conf);
        try {
            FileStatus[] matches = fs.exists(path) ? new FileStatus[] {fs.getFileStatus(path)}
                    : isGlob(location) ? fs.globStatus(path) : null;
            if (matches == null || matches.length == 0) {
                throw new BadInput(location + " does not exist" + (isGlob(location) ? " (nor does the glob match"
                        + " anything)" : ""));
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

    /** Whether {@code location} holds a character of Hadoop's glob syntax. */
    static boolean isGlob(String location) {
        return location.chars().anyMatch(c -> "*?[]{}".indexOf(c) >= 0);
    }

    /**
     * {@code file} as Hadoop's input formats must be given it: they glob every input path, so a literal
     * name's glob characters are escaped.
     */
    public static Path literal(Path file) {
        StringBuilder escaped = new StringBuilder();
        for (char c : file.toString().toCharArray()) {
            if ("*?[]{}\\".indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return new Path(escaped.toString());
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

    /**
     * A buffered stream of the file's bytes, gunzipped when it starts with gzip's magic bytes. A gzipped
     * file is always checked whole ({@link CheckedGunzip}): damage is bad input naming the file.
     */
    static InputStream open(Path file, Configuration conf) throws IOException {
        InputStream raw = new BufferedInputStream(fileSystem(file, conf).open(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        return b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new CheckedGunzip(file, raw), 1 << 16) : raw;
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
}
