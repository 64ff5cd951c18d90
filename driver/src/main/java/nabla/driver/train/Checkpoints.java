package nabla.driver.train;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import nabla.driver.data.AtomicFile;
import nabla.driver.data.BadInput;
import nabla.driver.data.Fingerprint;
import nabla.worker.Parameters;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A directory of {@link Checkpoint}s on any Hadoop file system (a local path, hdfs://, s3a://, …), and
 * the listener that fills it: after every K-th step of the run (counted from its first step, so resumed
 * runs save at the same places) and at the end of every epoch.
 *
 * <p>Each checkpoint is one file, {@code checkpoint-EEEEEE-SSSSSSSSS} for the next step (epoch, step),
 * written by {@link AtomicFile} and carrying nabla's own CRC-32 (on the local disk without Hadoop's .crc
 * side files, which are neither written nor checked). The run holds the directory's {@link CheckpointLock}
 * while it lives. It reads each checkpoint back after writing it, and clean-up removes only files this
 * run wrote and read back: of those the newest two stay, and nothing else in the directory is touched.
 * {@link #latest} falls back past any checkpoint that does not read back whole, whatever says so (nabla's
 * CRC, a truncated file, a checksum error of the file system). Runs on the driver.
 */
public final class Checkpoints implements TrainingListener, AutoCloseable {
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d{6})-(\\d{9})");
    private static final int KEEP = 2;

    /** What a run stopped now would leave: its newest checkpoint, for the line a signal prints. */
    private static volatile String kept = "no checkpoint written by this run";

    private final Configuration hadoop;
    private final FileSystem fs;
    private final Path dir;
    private final CheckpointLock lock;
    /** The checkpoints this run wrote and read back, oldest first: the only files clean-up removes. */
    private final Deque<Path> written = new ArrayDeque<>();
    private final int every;
    private final int stepsPerEpoch;
    private final Map<String, String> run;
    private final Supplier<? extends Serializable> updater;
    private final PrintStream err;

    /**
     * @param dir           the directory, as a Hadoop path (relative paths against the default file system)
     * @param hadoop        the Hadoop configuration (Spark's, so spark.hadoop.* settings apply)
     * @param every         K ≥ 0: save after every K-th step; 0 for the ends of epochs only
     * @param stepsPerEpoch steps in an epoch
     * @param run           the settings that decide the bits ({@link Settings#decidingTheBits})
     * @param updater       the updater's state after the latest step
     * @param err           where damaged checkpoints are reported
     */
    public Checkpoints(String dir, Configuration hadoop, int every, int stepsPerEpoch, Map<String, String> run,
                Supplier<? extends Serializable> updater, PrintStream err) {
        this.hadoop = hadoop;
        this.fs = CheckpointLock.fileSystem(dir, hadoop);
        this.dir = fs.makeQualified(new Path(dir));
        this.lock = CheckpointLock.acquire(fs, this.dir, err);
        this.every = every;
        this.stepsPerEpoch = stepsPerEpoch;
        this.run = Map.copyOf(run);
        this.updater = updater;
        this.err = err;
        kept = "no checkpoint written yet by this run (" + this.dir + " keeps what it held)";
    }

    /** What the newest checkpoint of the run in this JVM is, in words, for a run stopped now. */
    public static String kept() {
        return kept;
    }

    @Override
    public void stepDone(Position at, Trainer.Step done) {
        if (every > 0 && at.stepsDone(stepsPerEpoch) % every == 0) {
            save(at, done.theta());
        }
    }

    @Override
    public Decision epochDone(Position at, Epoch epoch) {
        save(at.nextEpoch(), epoch.theta());
        return Decision.CONTINUE;
    }

    /**
     * Before Spark starts: no other run holds {@code dir}, and a fresh run (no --resume) does not start
     * where checkpoints already are (--resume would later take them for its own).
     */
    public static void checkBeforeStart(String dir, Configuration hadoop, boolean resume) {
        FileSystem fs = CheckpointLock.fileSystem(dir, hadoop);
        Path path = fs.makeQualified(new Path(dir));
        try (CheckpointLock probe = CheckpointLock.acquire(fs, path, System.err)) {
            List<Path> there = listNewestFirst(fs, path);
            if (!resume && !there.isEmpty()) {
                throw new BadInput("--checkpoint " + dir + " already holds checkpoints of an earlier run (newest: "
                        + there.get(0).getName() + "); give --resume to continue it, or another directory");
            }
        } catch (IOException e) {
            throw new BadInput("--checkpoint " + dir + ": cannot list it (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Writes θ at {@code position}, with the updater's state; reads it back; then removes this run's older
     * checkpoints but the newest two. One that does not read back is reported and kept out of the count.
     */
    private void save(Position position, Parameters theta) {
        Checkpoint checkpoint = new Checkpoint(run, position, theta, updater.get());
        Path file = new Path(dir, String.format("checkpoint-%06d-%09d", position.epoch(), position.step()));
        AtomicFile.write(file.toString(), hadoop, checkpoint::writeTo);
        try {
            read(file);
        } catch (IOException e) {
            err.println("nabla: checkpoint " + file + " did not read back (" + e.getMessage() + "); keeping the older ones");
            return;
        }
        written.remove(file);                                          // the same position, saved again
        written.addLast(file);
        kept = "kept " + file + " (epoch " + position.epoch() + ", step " + position.step() + "): --resume goes on from it";
        try {
            while (written.size() > KEEP) {
                fs.delete(written.removeFirst(), false);
            }
        } catch (IOException e) {
            err.println("nabla: cannot remove an old checkpoint in " + dir + ": " + e.getMessage());
        }
    }

    private Checkpoint read(Path file) throws IOException {
        try (FSDataInputStream in = fs.open(file)) {
            return Checkpoint.readFrom(in);
        }
    }

    /**
     * The newest checkpoint that reads back whole; null if there is none. Any checkpoint that does not
     * (damaged, cut short, unreadable, a file system's checksum error) is reported and skipped for the one
     * before. A checkpoint of another run (other settings or data) is bad input, naming what differs.
     */
    public Checkpoint latest() {
        List<Path> files;
        try {
            files = listNewestFirst(fs, dir);
        } catch (IOException e) {
            throw new BadInput("cannot read checkpoints in " + dir + ": " + e.getMessage(), e);
        }
        for (Path file : files) {
            Checkpoint checkpoint;
            try {
                checkpoint = read(file);
            } catch (IOException e) {
                err.println("nabla: skipping damaged checkpoint " + file + ": " + e.getMessage().lines().findFirst()
                        .orElse(e.toString()));
                continue;
            }
            checkSameRun(file, checkpoint.run());
            return checkpoint;
        }
        return null;
    }

    private void checkSameRun(Path file, Map<String, String> saved) {
        List<String> differences = new ArrayList<>();
        for (String key : new TreeSet<>(union(saved.keySet(), run.keySet()))) {
            if (Fingerprint.isEntry(key)) {
                continue;                                               // the data: compared below
            }
            String then = saved.get(key);
            String now = run.get(key);
            if (!Objects.equals(then, now)) {
                differences.add(key + " " + then + " (now " + now + ")");
            }
        }
        if (!differences.isEmpty()) {
            throw new BadInput("checkpoint " + file + " is of another run: " + String.join(", ", differences)
                    + (differences.stream().anyMatch(d -> d.startsWith("partitions ")) ? "; give --partitions" : ""));
        }
        String data = Fingerprint.difference(saved, run);
        if (data != null) {
            throw new BadInput("checkpoint " + file + " was " + data);
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    /** The checkpoint files in the directory, newest (latest position) first. */
    private static List<Path> listNewestFirst(FileSystem fs, Path dir) throws IOException {
        if (!fs.exists(dir)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        for (FileStatus status : fs.listStatus(dir)) {
            if (status.isFile() && NAME.matcher(status.getPath().getName()).matches()) {
                files.add(status.getPath());
            }
        }
        files.sort(Comparator.comparing((Path p) -> p.getName()).reversed());   // zero-padded: by name = by position
        return files;
    }

    /** The directory, for messages. */
    public String directory() {
        return dir.toString();
    }

    /** Releases the directory's lock; the checkpoints stay. */
    @Override
    public void close() {
        lock.close();
    }
}
