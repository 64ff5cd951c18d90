package nabla.driver.train;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import nabla.driver.data.BadInput;
import nabla.driver.data.Fingerprint;
import nabla.worker.Parameters;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A directory of {@link Checkpoint}s on any Hadoop file system (a local path, hdfs://, s3a://, …), and
 * the listener that fills it: after every K-th step of the run (counted from its first step, so resumed
 * runs save at the same places) and at the end of every epoch.
 *
 * <p>Each checkpoint is one file, {@code checkpoint-EEEEEE-SSSSSSSSS} for the next step (epoch, step). It
 * is written under a temporary name and renamed when complete, and carries a CRC-32, so a crash never
 * leaves a partial file that is read back; on stores where a rename is not atomic, the check still
 * rejects it. The two newest are kept: if the newest is damaged, {@link #latest} falls back to the other.
 * Runs on the driver.
 */
public final class Checkpoints implements TrainingListener {
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d{6})-(\\d{9})");
    private static final int KEEP = 2;

    private final FileSystem fs;
    private final Path dir;
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
        try {
            this.dir = new Path(dir);
            this.fs = this.dir.getFileSystem(hadoop);
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInput("--checkpoint " + dir + ": " + e.getMessage());
        }
        this.every = every;
        this.stepsPerEpoch = stepsPerEpoch;
        this.run = Map.copyOf(run);
        this.updater = updater;
        this.err = err;
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

    /** Writes θ at {@code position}, with the updater's state, then drops all but the newest two. */
    private void save(Position position, Parameters theta) {
        Checkpoint checkpoint = new Checkpoint(run, position, theta, updater.get());
        String name = String.format("checkpoint-%06d-%09d", position.epoch(), position.step());
        Path file = new Path(dir, name);
        Path temporary = new Path(dir, "_" + name + ".tmp");            // _ and . names are hidden in Hadoop
        try {
            fs.mkdirs(dir);
            try (FSDataOutputStream out = fs.create(temporary, true)) {
                checkpoint.writeTo(out);
                out.hsync();                                            // on disk before it gets its name
            }
            if (fs.exists(file)) {                                      // the same position, saved again
                fs.delete(file, false);
            }
            if (!fs.rename(temporary, file)) {
                throw new IOException("cannot rename " + temporary + " to " + file);
            }
            List<Path> saved = listNewestFirst();
            for (Path old : saved.subList(Math.min(KEEP, saved.size()), saved.size())) {
                fs.delete(old, false);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The newest checkpoint that reads back whole (damaged ones are reported and skipped); null if there is
     * none. A checkpoint of another run (other settings) is bad input, naming what differs.
     */
    public Checkpoint latest() {
        try {
            for (Path file : listNewestFirst()) {
                Checkpoint checkpoint;
                try (FSDataInputStream in = fs.open(file)) {
                    checkpoint = Checkpoint.readFrom(in);
                } catch (Checkpoint.Damaged e) {
                    err.println("nabla: skipping damaged checkpoint " + file + ": " + e.getMessage());
                    continue;
                }
                checkSameRun(file, checkpoint.run());
                return checkpoint;
            }
            return null;
        } catch (IOException e) {
            throw new BadInput("cannot read checkpoints in " + dir + ": " + e.getMessage(), e);
        }
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
    private List<Path> listNewestFirst() throws IOException {
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
        return fs.makeQualified(dir).toString();
    }
}
