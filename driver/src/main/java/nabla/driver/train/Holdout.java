package nabla.driver.train;

import nabla.driver.data.DataSource;
import nabla.driver.data.Shards;
import nabla.worker.MiniBatches;
import nabla.worker.Shard;
import org.apache.spark.api.java.JavaRDD;

/**
 * Holds out the last V examples (file order) of a loaded training set as validation data, as the book
 * holds out MNIST's last 10,000 of 60,000. Example i lives in partition i mod P as local column ⌊i / P⌋,
 * so in every partition the examples i < N − V are a prefix of its columns: the kept set keeps that layout
 * for N − V examples (docs/design.md, "Mini-batch semantics"), and the held-out columns are the rest.
 * Works for every {@link DataSource}.
 */
public final class Holdout {
    /** The hold-out when a sweep is not given --validation: the book's 10,000, or 1/6 of a smaller training set. */
    public static final int DEFAULT = 10_000;

    private Holdout() {
    }

    /** The default hold-out of a training set of {@code count} examples: the smaller of 10,000 and count / 6. */
    public static int defaultSize(int count) {
        return Math.min(DEFAULT, count / 6);
    }

    /** The training set without its last {@code validation} examples, and those examples. */
    public record Split(DataSource.Loaded training, DataSource.Loaded validation) {
    }

    /**
     * Refuses an explicit P ({@link Settings#partitions}, 0 for Spark's default) above the N − V examples
     * left to train on ({@link DataSource#checkPartitions}); N − V &lt; 1 is left to the checks of --batch.
     */
    static void checkPartitions(int partitions, int count, int validation, String name) {
        if (partitions > 0 && count - validation >= 1) {
            DataSource.checkPartitions(partitions, count - validation, "examples to train on (" + name
                    + (validation > 0 ? ": " + count + " less --validation " + validation : "") + ")");
        }
    }

    public static Split split(DataSource.Loaded loaded, int validation, int partitions) {
        int kept = loaded.count() - validation;
        MiniBatches layout = new MiniBatches(loaded.count(), 1, partitions, false, 0);
        JavaRDD<Shard> head = loaded.shards()
                .map(shard -> shard.columns(0, layout.firstLocalAtOrAfter(kept, shard.partition())))
                .setName(loaded.name() + " [0, " + kept + ")").persist(Shards.STORAGE);
        JavaRDD<Shard> tail = loaded.shards()
                .map(shard -> shard.columns(layout.firstLocalAtOrAfter(kept, shard.partition()), shard.count()))
                .setName(loaded.name() + " [" + kept + ", " + loaded.count() + ")")
                .persist(Shards.STORAGE);
        head.count();                                                 // both cut and cached now, once
        tail.count();
        loaded.shards().unpersist(false);
        return new Split(new DataSource.Loaded(loaded.name(), kept, head, loaded),
                new DataSource.Loaded(loaded.name() + " (validation)", validation, tail, loaded));
    }
}
