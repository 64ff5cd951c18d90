package nabla.driver.options;

import nabla.driver.train.Settings;
import picocli.CommandLine.Option;

/** --partitions, the same for every command that takes it: P of the data's RDD, or Spark's default. */
public final class PartitionsOption {
    @Option(names = "--partitions", paramLabel = "P",
            description = "Partitions of the data (default: Spark's default parallelism; in local[*] the cores).")
    int partitions;

    /** P ≥ 1, or 0 for Spark's default, checked. */
    public int partitions() {
        return Settings.checkPartitions(partitions);
    }
}
