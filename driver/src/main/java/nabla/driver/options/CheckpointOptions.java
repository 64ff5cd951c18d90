package nabla.driver.options;

import nabla.driver.train.Settings;
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

    Settings.Checkpointing checkpointing() {
        return new Settings.Checkpointing(dir, every, resume);
    }
}
