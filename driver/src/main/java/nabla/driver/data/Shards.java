package nabla.driver.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import nabla.worker.Blas;
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
 * Deals examples into P cached, column-stacked shards: example i goes to partition i mod P as its local
 * column ⌊i / P⌋ (the layout {@link MiniBatches} slices), with x = value / s and the one-hot y built on
 * the executor. Two ways in:
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
                .map(p -> sent.get(p).value().columnStacked(classes, scale)), name);
    }

    /**
     * Shards from an RDD of examples whose partition q holds {@code counts[q]} of them, in order: example
     * i of the whole (0-based, partition by partition) becomes column ⌊i / P⌋ of partition i mod P.
     */
    static Dealt fromExamples(JavaRDD<Example> examples, long[] counts, int partitions, int inputs,
                                       int classes, double scale, String name) {
        long[] first = new long[counts.length];                     // index of partition q's first example
        for (int q = 1; q < counts.length; q++) {
            first[q] = first[q - 1] + counts[q - 1];
        }
        MiniBatches layout = new MiniBatches(total(name, counts), 1, partitions, false, 0);
        JavaPairRDD<Long, Example> numbered = examples
                .mapPartitionsWithIndex((q, it) -> numbered(first[q], it), true)
                .mapToPair(pair -> pair);
        return cached(numbered.partitionBy(new RoundRobin(partitions))
                .mapPartitionsWithIndex((p, it) -> stacked(p, it, layout, inputs, classes, scale), true), name);
    }

    private static Dealt cached(JavaRDD<Shard> shards, String name) {
        shards.setName(name).persist(StorageLevel.MEMORY_ONLY());
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

    /** Partition p's examples, in any order, as X = x (n_0 × N_p) and one-hot Y (n_L × N_p), column ⌊i / P⌋. */
    private static Iterator<Shard> stacked(int p, Iterator<Tuple2<Long, Example>> examples, MiniBatches layout,
                                           int inputs, int classes, double scale) {
        int count = layout.localCount(p);
        int P = layout.partitions();
        double[] x = new double[count * inputs];
        double[] y = new double[count * classes];
        int filled = 0;
        while (examples.hasNext()) {
            Tuple2<Long, Example> pair = examples.next();
            long i = pair._1();
            if (i % P != p || i / P >= count) {
                throw new IllegalStateException("example " + i + " reached partition " + p + " of " + P);
            }
            int j = (int) (i / P);
            pair._2().stackInto(x, inputs, j, scale);                 // X[:, j] = x_i / s
            y[j * classes + pair._2().label()] = 1;                   // Y[:, j] = e_{label}
            filled++;
        }
        if (filled != count) {
            throw new IllegalStateException("partition " + p + " received " + filled + " examples, expected " + count);
        }
        return List.of(new Shard(p, inputs, classes, x, y)).iterator();
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

        /** X = pixels / s (n_0 × N_p) and Y = one-hot labels (n_L × N_p), column-major. */
        Shard columnStacked(int classes, double scale) {
            double[] x = new double[pixels.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = (pixels[i] & 0xff) / scale;
            }
            double[] y = new double[labels.length * classes];
            for (int j = 0; j < labels.length; j++) {
                y[j * classes + (labels[j] & 0xff)] = 1;
            }
            return new Shard(partition, inputs, classes, x, y);
        }
    }
}
