package nabla.driver.cli;

import java.io.PrintStream;
import java.io.Serializable;
import java.util.function.Supplier;
import nabla.driver.data.BadInput;
import nabla.driver.data.DataSource;
import nabla.driver.train.Checkpoint;
import nabla.driver.train.Checkpoints;
import nabla.driver.train.Settings;
import nabla.driver.train.Trainer;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Option;

/** {@code train}'s checkpoint options: where, how often, and whether to continue from the latest one. */
final class CheckpointOptions {

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "Save checkpoints here (any Hadoop path: a local directory, hdfs://, s3a://…):"
                    + " every K steps and at the end of every epoch; the newest two are kept.")
    String dir;

    @Option(names = "--checkpoint-every", paramLabel = "K",
            description = "Steps between checkpoints; 0: only at the ends of epochs.")
    int every;

    @Option(names = "--resume",
            description = "Continue from the newest checkpoint in --checkpoint DIR (from the start if there is"
                    + " none). Same options, data and partitions; --epochs may grow.")
    boolean resume;

    /**
     * The checkpoint directory of this run, or null without --checkpoint.
     *
     * @param updater the updater's state after the latest step, saved with θ ({@link Checkpoint#updater})
     */
    Checkpoints open(JavaSparkContext sc, Settings settings, int partitions, DataSource.Loaded training,
                     int stepsPerEpoch, Supplier<? extends Serializable> updater, PrintStream err) {
        if (dir == null) {
            if (resume) {
                throw new BadInput("--resume needs --checkpoint DIR");
            }
            return null;
        }
        return new Checkpoints(dir, sc.hadoopConfiguration(), every, stepsPerEpoch,
                Checkpoints.run(settings, partitions, training.count(), training.fingerprint()), updater, err);
    }

    /**
     * With --resume, the newest checkpoint in {@code checkpoints}, from which the run goes on (null: none
     * yet, the run starts from the beginning); null without --resume. Says which on {@code out}.
     */
    Checkpoint resume(Checkpoints checkpoints, int epochs, int stepsPerEpoch, PrintStream out) {
        if (!resume) {
            return null;
        }
        Checkpoint latest = checkpoints.latest();
        if (latest == null) {
            out.printf("nabla: no checkpoint in %s; starting from the beginning%n", checkpoints.directory());
            return null;
        }
        Trainer.Position from = latest.position();
        if (from.epoch() > epochs) {
            throw new BadInput("the newest checkpoint in " + checkpoints.directory() + " is past epoch "
                    + (from.epoch() - 1) + "; --epochs " + epochs + " ends before it");
        }
        checkpoints.startAt(from);
        out.printf("nabla: resumed from %s at epoch %d, step %d of %d%n", checkpoints.directory(), from.epoch(),
                from.step(), stepsPerEpoch);
        return latest;
    }
}
