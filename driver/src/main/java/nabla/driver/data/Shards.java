package nabla.driver.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import nabla.worker.Blas;
import nabla.worker.Inputs;
import nabla.worker.MiniBatches;
import nabla.worker.Shard;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Deals examples into P cached shards: example i goes to partition i mod P as its local column ⌊i / P⌋
 * (the layout {@link MiniBatches} slices). A shard keeps the values as the data gave them and each
 * example's class ({@link Inputs}: IDX pixels as bytes, text as floats when every value of the data set is
 * exactly a float, else as doubles); a step makes x = value / s and the one-hot y of its own columns.
 * Two ways in:
 *
 * <ul>
 * <li>{@link #dealt}: bytes dealt on the driver (IDX). The driver broadcasts each partition's bytes; the
 *     executor that computes partition p fetches broadcast p and stacks it. A task carries a partition
 *     index, not data (a parallelized collection's partitions would carry their bytes into every later
 *     task on the cached RDD), and a lost shard is rebuilt from the broadcast.
 * <li>{@link #fromExamples}: examples already in an RDD (text parsed by the executors, or a user's RDD).
 *     Numbered in order from the per-partition counts, shuffled by i mod P, and written straight into
 *     column ⌊i / P⌋; nothing comes to the driver.
 * </ul>
 */
public final class Shards {
    /**
     * How shards are cached: in memory as objects, and on the executor's disk when memory runs short. A
     * partition evicted under memory pressure is then read back from that disk, never rebuilt from its
     * source (read and parsed again) in the middle of training. Serialized in memory (_SER) would
     * deserialize a whole shard at every step.
     */
    public static final StorageLevel STORAGE = StorageLevel.MEMORY_AND_DISK();

    private Shards() {
    }

    /** N = Σ counts, which must fit the int column indices of a shard. */
    public static int total(String name, long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total > Integer.MAX_VALUE) {
            throw new BadInput(name + " holds " + total + " examples; nabla handles at most " + Integer.MAX_VALUE);
        }
        return (int) total;
    }

    /**
     * Shards dealt and cached, and what the executors said in the job that did it: each partition's
     * {@link Fingerprint#checksum}, in partition order, and every distinct BLAS line ({@link Blas#describe})
     * of the tasks, which run where the shards are cached and so where the steps will.
     */
    record Dealt(JavaRDD<Shard> shards, long[] checksums, SortedSet<String> blas) {

        /** The loaded set, with its fingerprint. */
        DataSource.Loaded loaded(String name, String format, double scale, int count) {
            return new DataSource.Loaded(name, count, shards, new Fingerprint(name, format, scale, count, checksums),
                    blas);
        }
    }

    /** Shards from per-partition bytes already dealt on the driver; x = byte / s. */
    static Dealt dealt(JavaSparkContext sc, List<Bytes> dealt, int classes, double scale, String name) {
        List<Broadcast<Bytes>> sent = new ArrayList<>(dealt.size());
        List<Integer> indices = new ArrayList<>(dealt.size());
        for (Bytes bytes : dealt) {
            sent.add(sc.broadcast(bytes));
            indices.add(bytes.partition());
        }
        return cached(sc.parallelize(indices, dealt.size())
                .map(p -> sent.get(p).value().shard(classes, scale)), name);
    }

    /**
     * Shards of the expanded set ({@link Expansion}): every image is broadcast once (the driver read them),
     * and the executor that computes partition p makes its columns j, expanded example i' = p + jP being
     * copy i' mod E of image ⌊i' / E⌋. Nothing expanded passes through the driver, and no shuffle.
     */
    static Dealt expanded(JavaSparkContext sc, Bytes images, Expansion expansion, int side, int partitions,
                          int classes, double scale, String name) {
        Broadcast<Bytes> sent = sc.broadcast(images);
        MiniBatches layout = new MiniBatches(images.labels().length * expansion.factor(), 1, partitions, false, 0);
        List<Integer> indices = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            indices.add(p);
        }
        return cached(sc.parallelize(indices, partitions)
                .map(p -> sent.value().expanded(p, layout, expansion, side, classes, scale)), name);
    }

    /**
     * Shards from an RDD of examples whose partition q holds {@code counts[q]} of them, in order: example
     * i of the whole (0-based, partition by partition) becomes column ⌊i / P⌋ of partition i mod P. Values
     * are kept as floats if {@code floats} (every value of the data is exactly a float), else as doubles.
     */
    static Dealt fromExamples(JavaRDD<Example> examples, long[] counts, boolean floats, int partitions,
                              int inputs, int classes, double scale, String name) {
        long[] first = new long[counts.length];                     // index of partition q's first example
        for (int q = 1; q < counts.length; q++) {
            first[q] = first[q - 1] + counts[q - 1];
        }
        MiniBatches layout = new MiniBatches(total(name, counts), 1, partitions, false, 0);
        JavaPairRDD<Long, Example> numbered = examples
                .mapPartitionsWithIndex((q, it) -> numbered(first[q], it), true)
                .mapToPair(pair -> pair);
        return cached(numbered.partitionBy(new RoundRobin(partitions))
                .mapPartitionsWithIndex((p, it) -> stacked(p, it, layout, floats, inputs, classes, scale), true), name);
    }

    private static Dealt cached(JavaRDD<Shard> shards, String name) {
        shards.setName(name).persist(STORAGE);
        List<Tuple2<Long, String>> said = shards                    // stack and cache them now, once
                .map(shard -> new Tuple2<>(Fingerprint.checksum(shard), Blas.describe())).collect();
        long[] checksums = new long[said.size()];
        SortedSet<String> blas = new TreeSet<>();
        for (int p = 0; p < checksums.length; p++) {
            checksums[p] = said.get(p)._1();
            blas.add(said.get(p)._2());
        }
        return new Dealt(shards, checksums, blas);
    }

    private static Iterator<Tuple2<Long, Example>> numbered(long first, Iterator<Example> examples) {
        return new Iterator<>() {
            long i = first;

            @Override
            public boolean hasNext() {
                return examples.hasNext();
            }

            @Override
            public Tuple2<Long, Example> next() {
                return new Tuple2<>(i++, examples.next());
            }
        };
    }

    /** Partition p's examples, in any order, as the values V (n_0 × N_p) and classes, column ⌊i / P⌋. */
    private static Iterator<Shard> stacked(int p, Iterator<Tuple2<Long, Example>> examples, MiniBatches layout,
                                           boolean floats, int inputs, int classes, double scale) {
        int count = layout.localCount(p);
        int P = layout.partitions();
        float[] f = floats ? new float[count * inputs] : null;
        double[] d = floats ? null : new double[count * inputs];
        int[] labels = new int[count];
        int filled = 0;
        while (examples.hasNext()) {
            Tuple2<Long, Example> pair = examples.next();
            long i = pair._1();
            if (i % P != p || i / P >= count) {
                throw new IllegalStateException("example " + i + " reached partition " + p + " of " + P);
            }
            int j = (int) (i / P);
            if (floats) {
                pair._2().copyInto(f, inputs, j);                     // V[:, j] = x_i as given
            } else {
                pair._2().copyInto(d, inputs, j);
            }
            labels[j] = pair._2().label();
            filled++;
        }
        if (filled != count) {
            throw new IllegalStateException("partition " + p + " received " + filled + " examples, expected " + count);
        }
        Inputs x = floats ? Inputs.floats(inputs, scale, f) : Inputs.doubles(inputs, scale, d);
        return List.of(new Shard(p, x, labels, classes)).iterator();
    }

    /** Sends example i to partition i mod P. */
    static final class RoundRobin extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int partitions;

        RoundRobin(int partitions) {
            this.partitions = partitions;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            return (int) ((Long) key % partitions);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RoundRobin r && r.partitions == partitions;
        }

        @Override
        public int hashCode() {
            return partitions;
        }
    }

    /** One partition's examples as the file had them: n_0 bytes per image, a byte per label. */
    record Bytes(int partition, int inputs, byte[] pixels, byte[] labels) implements Serializable {

        /** The lean shard: the pixels as they are (x = byte / s is made by each step) and the classes. */
        Shard shard(int classes, double scale) {
            int[] y = new int[labels.length];
            for (int j = 0; j < y.length; j++) {
                y[j] = labels[j] & 0xff;
            }
            return new Shard(partition, Inputs.bytes(inputs, scale, pixels), y, classes);
        }

        /** Partition p of the expanded set, from every image: column j is copy i' mod E of image ⌊i' / E⌋, i' = p + jP. */
        Shard expanded(int p, MiniBatches layout, Expansion expansion, int side, int classes, double scale) {
            int count = layout.localCount(p);
            int E = expansion.factor();
            byte[] x = new byte[count * inputs];
            int[] y = new int[count];
            for (int j = 0; j < count; j++) {
                long expandedIndex = p + (long) j * layout.partitions();
                int i = (int) (expandedIndex / E);
                expansion.copy((int) (expandedIndex % E), pixels, i * inputs, side, x, j * inputs);
                y[j] = labels[i] & 0xff;
            }
            return new Shard(p, Inputs.bytes(inputs, scale, x), y, classes);
        }
    }
}
