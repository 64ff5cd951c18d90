package nabla.driver.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nabla.driver.data.BadInput;
import nabla.worker.Score;

/**
 * {@code --metrics FILE}: one JSON object per line, per epoch (and per step with {@code --metrics-steps}),
 * written as training goes and flushed line by line, so {@code tail -f} and a crash both see every
 * finished epoch. {@code nabla plot} draws the epoch lines.
 *
 * <p>Time: {@code seconds} is the epoch's steps (evaluation apart, in {@code eval_seconds});
 * {@code compute_seconds} is the time a partition spent in backprop, measured on the executors and
 * averaged over the P partitions (they get equal shares and run side by side when P ≤ cores);
 * {@code overhead_seconds} is the rest: broadcasting θ, scheduling tasks, merging, the update.
 */
public final class Metrics implements TrainingListener, Closeable {
    public static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * A line of the file: {"type":"epoch",...} once per epoch. Accuracies are fractions; absent = not measured.
     * {@code trainingCost} is network2.py's total_cost on the training set after the epoch (the epoch line's
     * "cost on training data"); {@code batchCost} the running mean of the epoch's batch costs, each taken
     * before its step's update.
     */
    public record Epoch(String type, int epoch, long step, long examples, double batchCost, Double trainingCost,
                        Double testAccuracy, Double testCost, Double validationAccuracy, Double validationCost,
                        Double trainAccuracy, double seconds, double examplesPerSecond, double computeSeconds,
                        double overheadSeconds, double evalSeconds) {
    }

    /** {"type":"step",...}: step (1-based, counted over the run), its batch m, its mean cost, its compute. */
    record Step(String type, int epoch, long step, long m, double cost, double computeSeconds, double t) {
    }

    private final Lines out;
    private final int partitions;
    private final boolean steps;
    private final long start = System.nanoTime();
    private int stepsPerEpoch;
    private long computeNanos;      // of this epoch, summed over the partitions

    /**
     * Opens {@code file} for this run's lines. A resumed run appends to what the run wrote before; a fresh
     * run starts the file, and refuses one that already holds lines ({@link #checkFresh}): nothing that
     * was there is ever erased.
     *
     * @param resume     the run goes on from a checkpoint: append
     * @param partitions P, to turn the partitions' summed compute time into one partition's
     * @param steps      also write a line per step
     */
    public Metrics(Path file, boolean resume, int partitions, boolean steps) {
        checkFresh(file, resume);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            this.out = new Lines(Files.newBufferedWriter(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new BadInput("--metrics " + file + ": cannot write (" + e.getMessage() + ")");
        }
        this.partitions = partitions;
        this.steps = steps;
    }

    /**
     * Refuses a fresh run's --metrics file that already holds lines (an earlier run's curves); a resumed
     * run appends to it. Called before Spark starts and again when the file is opened.
     */
    public static void checkFresh(Path file, boolean resume) {
        try {
            if (!resume && Files.isRegularFile(file) && Files.size(file) > 0) {
                throw new BadInput("--metrics " + file + " already holds an earlier run's lines; give --resume to"
                        + " append to them, or remove the file (nabla never erases it)");
            }
        } catch (IOException e) {
            throw new BadInput("--metrics " + file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    @Override
    public void started(Start run) {
        stepsPerEpoch = run.stepsPerEpoch();
    }

    @Override
    public void stepDone(Position at, Trainer.Step done) {
        computeNanos += done.computeNanos();
        if (steps) {
            write(new Step("step", at.epoch(), at.stepsDone(stepsPerEpoch), done.m(), done.cost() / done.m(),
                    done.computeNanos() / 1e9 / partitions, (System.nanoTime() - start) / 1e9));
        }
    }

    /**
     * Writes the epoch's line and starts counting the next epoch's compute: its mean training cost, the time
     * of its steps, and how θ does on the test and validation sets (each absent without one) and, if
     * measured, on the training set. Costs are per example.
     */
    @Override
    public Decision epochDone(Position at, TrainingListener.Epoch epoch) {
        Score test = epoch.test();
        Score validation = epoch.validation();
        double seconds = epoch.seconds();
        double compute = computeNanos / 1e9 / partitions;
        write(new Epoch("epoch", epoch.epoch(), at.stepsDone(stepsPerEpoch), at.examples(), epoch.meanCost(),
                epoch.trainingCost(), test == null ? null : test.accuracy(),
                test == null ? null : test.cost() / test.count(), validation == null ? null : validation.accuracy(),
                validation == null ? null : validation.cost() / validation.count(),
                epoch.training() == null ? null : epoch.training().accuracy(), seconds, at.examples() / seconds,
                compute, seconds - compute, epoch.evalSeconds()));
        computeNanos = 0;
        return Decision.CONTINUE;
    }

    private void write(Object line) {
        try {
            out.write(JSON.writeValueAsString(line));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        out.close();
    }

    /**
     * The epoch lines of a metrics file, by epoch (step lines are skipped). An epoch written twice (a run
     * stopped after its line and before its checkpoint, then resumed) counts once, as written last.
     */
    public static List<Epoch> readEpochs(Path file) {
        Map<Integer, Epoch> epochs = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank()) {
                    continue;
                }
                var node = JSON.readTree(line);
                if ("epoch".equals(node.path("type").asText())) {
                    Epoch epoch = JSON.treeToValue(node, Epoch.class);
                    epochs.put(epoch.epoch(), epoch);
                }
            }
        } catch (IOException e) {
            throw new BadInput("--metrics " + file + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        return new ArrayList<>(epochs.values());
    }
}
