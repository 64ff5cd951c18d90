package nabla.driver.data;

import java.util.function.IntConsumer;
import nabla.worker.Shard;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Where a training or test set comes from, and how it becomes P cached column-stacked shards in which
 * example i (0-based, in file order) is local column ⌊i / P⌋ of partition i mod P (docs/design.md's layout;
 * {@link nabla.worker.MiniBatches} slices it). Whatever the source, the same examples in the same order
 * give the same shards, bit for bit.
 *
 * <ul>
 * <li>{@link #mnist}: an MNIST-layout directory of IDX files, read by the driver as a stream.
 * <li>{@link #idx}: one IDX image file and its label file, read by the driver as a stream.
 * <li>{@link #text}: LIBSVM or CSV, a file or a directory of part files, parsed by the executors and never
 *     collected on the driver.
 * <li>{@link #of}: examples a Spark job already holds.
 * </ul>
 * Values become x = value / s; s is 255 for IDX and 1 for text unless given.
 */
public interface DataSource {

    /** A name for messages: the path, or what the caller called it. */
    String name();

    /**
     * What can be checked on the driver before Spark starts: the paths exist; for IDX, the headers (magic,
     * counts, image size n_0, length). Bad input throws {@link BadInput}.
     *
     * @return N, the number of examples, when the headers tell it (IDX); else 0 (known only once read)
     */
    int check(Configuration hadoop, int inputs, int classes);

    /**
     * Checks every example (label in 0..n_L−1, n_0 finite features) and deals them into P cached shards.
     * Bad input throws {@link BadInput} naming the file and, for text, the line.
     */
    default Loaded load(JavaSparkContext sc, int partitions, int inputs, int classes) {
        return load(sc, partitions, inputs, classes, count -> { });
    }

    /**
     * As {@link #load(JavaSparkContext, int, int, int)}, telling {@code counted} N as soon as it is known
     * (IDX: from the header; text and RDDs: after the counting pass), before anything is dealt: it may
     * refuse P for N by throwing {@link BadInput}.
     */
    Loaded load(JavaSparkContext sc, int partitions, int inputs, int classes, IntConsumer counted);

    /**
     * Refuses an explicit P above the N examples it is dealt for: each partition needs one, and more only
     * schedule empty tasks, a step's and a load's (20,000 partitions of 10,000 examples did not finish
     * loading in 300 s). P = 0, Spark's default (the cores), is not checked.
     *
     * @param what the examples, in words ("examples in t10k-*", "examples to train on …")
     */
    static void checkPartitions(int partitions, int examples, String what) {
        if (partitions > examples) {
            throw new BadInput("--partitions " + partitions + " is more than the " + examples + " " + what
                    + ": a partition would hold none; give at most " + examples);
        }
    }

    /**
     * This data set with each image followed by its shifted copies ({@link Expansion}), made by the
     * executors as the data is dealt. Only IDX holds images: any other source is bad input.
     */
    default DataSource expanded(Expansion expansion) {
        if (expansion == Expansion.NONE) {
            return this;
        }
        throw new BadInput("--expand " + expansion.optionName() + " shifts images (IDX); " + name()
                + " is not an image file");
    }

    /**
     * A loaded data set.
     *
     * @param count       N, its number of examples
     * @param shards      one cached {@link Shard} per partition
     * @param fingerprint what the data was, for checkpoints (null for a set derived from another)
     * @param blas        every distinct BLAS the executors that dealt the shards run (empty if not known)
     */
    record Loaded(String name, int count, JavaRDD<Shard> shards, Fingerprint fingerprint,
                  java.util.SortedSet<String> blas) {

        /** A set derived from another (a hold-out's part), keeping that one's fingerprint and BLAS. */
        public Loaded(String name, int count, JavaRDD<Shard> shards, Loaded from) {
            this(name, count, shards, from.fingerprint(), from.blas());
        }
    }

    /** The training (train-*) or test (t10k-*) set of an MNIST-layout directory, gzipped or not. */
    static DataSource mnist(String dir, boolean training) {
        return IdxData.mnist(dir, training, Format.IDX.defaultScale());
    }

    /** Whether an MNIST-layout directory holds a training (train-*) or test (t10k-*) image file. */
    static boolean hasMnist(String dir, boolean training, Configuration hadoop) {
        return IdxData.has(dir, training ? "train" : "t10k", hadoop);
    }

    /** An IDX image file and its label file; x = byte / s. */
    static DataSource idx(String images, String labels, double scale) {
        return new IdxData(images, labels, scale);
    }

    /** LIBSVM or CSV at a Hadoop path (a file, a directory of part files or a glob); x = value / s. */
    static DataSource text(String path, Format format, double scale) {
        return new TextData(path, format, scale);
    }

    /**
     * A file in any format: for IDX, {@code path} is the image file and its labels are the file beside it
     * whose name has labels-idx1 for images-idx3 (as MNIST names them).
     */
    static DataSource read(String path, Format format, double scale) {
        return format == Format.IDX ? IdxData.besideItsLabels(path, scale) : text(path, format, scale);
    }

    /** Examples a Spark job holds, in the RDD's order; x = value / s. */
    static DataSource of(String name, JavaRDD<Example> examples, double scale) {
        return new ExampleData(name, examples, scale);
    }
}
