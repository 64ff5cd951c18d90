package nabla.driver.data;

import java.io.IOException;
import java.nio.file.Files;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.conf.Configuration;

/**
 * Where a run will write, checked before any work: a file's place must not be a directory, the nearest
 * existing folder above it must be a directory (not a file) in which this process can create files; a
 * directory's place must be a directory or creatable. On the local disk "can create" is tried for real (a
 * hidden probe file, removed at once), so a read-only file system or a permission is found whoever runs;
 * elsewhere the file system's permission check answers. Each refusal says why the write cannot work.
 */
public final class Destinations {
    private Destinations() {
    }

    /** {@code option}'s file {@code location} (a Hadoop path) can be written. */
    public static void file(String option, String location, Configuration conf) {
        check(option, location, conf, false);
    }

    /** {@code option}'s directory {@code location} (a Hadoop path) can hold new files. */
    public static void directory(String option, String location, Configuration conf) {
        check(option, location, conf, true);
    }

    /** {@code option}'s file {@code target} on the local disk can be written. */
    public static void file(String option, java.nio.file.Path target) {
        local(option, target.toAbsolutePath(), false);
    }

    private static void check(String option, String location, Configuration conf, boolean directory) {
        Path path = new Path(location);
        FileSystem fs = HadoopFiles.fileSystem(path, conf);
        if (fs instanceof LocalFileSystem local) {
            local(option, local.pathToFile(path).toPath().toAbsolutePath(), directory);
            return;
        }
        try {
            Path place = fs.makeQualified(path);
            if (fs.exists(place)) {
                FileStatus status = fs.getFileStatus(place);
                if (status.isDirectory() != directory) {
                    throw new BadInput(option + " " + location + " is " + (directory ? "a file" : "a directory"));
                }
            }
            Path above = directory && fs.exists(place) ? place : place.getParent();
            while (above != null && !fs.exists(above)) {
                above = above.getParent();
            }
            if (above != null) {
                if (!fs.getFileStatus(above).isDirectory()) {
                    throw new BadInput(option + " " + location + ": " + above + " is a file, not a directory");
                }
                fs.access(above, FsAction.WRITE);
            }
        } catch (IOException e) {
            throw new BadInput(option + " " + location + ": cannot write there (" + AtomicFile.why(e) + ")", e);
        }
    }

    private static void local(String option, java.nio.file.Path place, boolean directory) {
        if (Files.exists(place) && Files.isDirectory(place) != directory) {
            throw new BadInput(option + " " + place + " is " + (directory ? "a file" : "a directory")
                    + (directory ? "" : "; give a file name in it"));
        }
        java.nio.file.Path above = directory && Files.isDirectory(place) ? place : place.getParent();
        while (above != null && !Files.exists(above)) {
            above = above.getParent();
        }
        if (above == null) {
            return;
        }
        if (!Files.isDirectory(above)) {
            throw new BadInput(option + " " + place + ": " + above + " is a file, not a directory");
        }
        try {
            Files.delete(Files.createTempFile(above, ".nabla-probe", ".tmp"));
        } catch (java.nio.file.AccessDeniedException e) {
            throw new BadInput(option + " " + place + ": cannot create files in " + above + " (permission denied)", e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BadInput(option + " " + place + ": cannot create files in " + above + " (its file system"
                    + " takes none)", e);
        } catch (IOException e) {
            throw new BadInput(option + " " + place + ": cannot create files in " + above + " ("
                    + AtomicFile.why(e) + ")", e);
        }
    }
}
