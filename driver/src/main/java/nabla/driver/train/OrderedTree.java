package nabla.driver.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nabla.worker.Gradient;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction2;

/**
 * A tree aggregate whose result does not depend on timing. Spark's treeAggregate merges partial sums in
 * the order tasks finish, and floating-point addition is not associative, so its bits vary from run to
 * run. Here every merge is between neighbours in partition order: while the tree is wide, its first
 * levels merge groups of {@code scale} adjacent partitions (as RDD.treeAggregate sizes them), on the
 * executors when the partials are large and on the driver when they are small; the last level runs on
 * the driver, pairwise in index order. Same partials, same tree, same bits.
 */
public final class OrderedTree {
    /**
     * Bytes of partial sums, P of them together, up to which the driver merges the whole tree: a level on
     * the executors is a shuffle stage, which cost 110–130 ms on the loopback cluster against 38 ms for the
     * step's own stage (docs/scale.md). [784,30,10]'s partials (191 KB each) stay under it up to P = 351;
     * a big network's (15 MB each) go to the executors' levels from P = 6, as before.
     */
    public static final long DRIVER_MERGES_UP_TO = 64L << 20;

    private OrderedTree() {
    }

    /** Σ of one gradient {@code term(e)} over every element e of {@code rdd}, as the sum below. */
    public static <T> Gradient sum(JavaRDD<T> rdd, Function<T, Gradient> term, int depth) {
        return sum(rdd, term, depth, Gradient::merge);
    }

    /**
     * Σ of {@code term(e)} over every element e of {@code rdd}, any partial sums {@code G} that {@code merge}
     * adds in place (a step's K gradients, one per live model), merged as a tree in partition order; depth
     * as in treeAggregate. Each of the K sums is merged the same way whatever K is, so it has the bits of
     * a run of its own.
     *
     * <p>When the driver merges all P partials itself, the whole sum is one SparkContext.runJob over
     * {@code rdd} ({@link OneWave}: a task per partition, or per executor core when P is above the slots),
     * with a named function for the tasks and a handler that files each partial under its partition's
     * index: no keys, no shuffle. The named function matters: Spark's
     * ClosureCleaner reads the class file of every closure it is handed (the Java API wraps each lambda in
     * one, and runJob wraps its function in another), which here cost about 3 ms of the driver's time per
     * job, as much as the rest of the job.
     */
    public static <T, G> G sum(JavaRDD<T> rdd, Function<T, G> term, int depth, Function2<G, G, G> merge) {
        return sum(rdd, term, depth, merge, Long.MAX_VALUE);
    }

    /**
     * The same sum, the same tree, for partial sums of {@code partialBytes} each: when all P of them come to
     * at most {@link #DRIVER_MERGES_UP_TO}, the driver merges the executors' levels too, over every
     * partition's partial ({@link #onDriver}), and the step is one stage instead of one more per level.
     */
    public static <T, G> G sum(JavaRDD<T> rdd, Function<T, G> term, int depth, Function2<G, G, G> merge,
                               long partialBytes) {
        try (Handoff handoff = Handoff.open(rdd.context())) {           // by reference in local mode
            return sum(rdd, new SumOfPartition<>(handoff, term, merge), depth, merge, partialBytes);
        }
    }

    /** Whether the sum of P partials of {@code partialBytes} each merges levels on the executors. */
    public static boolean mergesOnExecutors(int partitions, int depth, long partialBytes) {
        return !executorLevels(partitions, depth).isEmpty()
                && (double) partialBytes * partitions > DRIVER_MERGES_UP_TO;
    }

    private static <T, G> G sum(JavaRDD<T> rdd, SumOfPartition<T, G> sumOf, int depth, Function2<G, G, G> merge,
                                long partialBytes) {
        int partitions = rdd.getNumPartitions();
        List<Integer> widths = executorLevels(partitions, depth);
        if (!mergesOnExecutors(partitions, depth, partialBytes)) {
            return onDriver(OneWave.partials(rdd.rdd(), sumOf), widths.size(), scale(partitions, depth), merge);
        }
        JavaPairRDD<Integer, G> level = rdd
                .mapPartitionsWithIndex((index, elements) -> keyed(index, sumOf.of(elements)), true)
                .mapToPair(pair -> pair);
        int scale = scale(partitions, depth);
        for (int width : widths) {
            level = level.mapToPair(pair -> new Tuple2<>(pair._1 / scale, pair))
                    .groupByKey(width)
                    .mapToPair(group -> new Tuple2<>(group._1, inOrder(group._2, merge)));
        }
        return inOrder(level.collect(), merge);
    }

    /** How many neighbours a level merges: ⌈P^(1/depth)⌉, at least 2, as RDD.treeAggregate sizes it. */
    public static int scale(int partitions, int depth) {
        return Math.max((int) Math.ceil(Math.pow(partitions, 1.0 / Math.max(depth, 1))), 2);
    }

    /**
     * The widths of the levels merged on the executors, from P partials down; empty when the driver
     * merges all P partials itself. The driver merges the last width (or P) pairwise.
     */
    public static List<Integer> executorLevels(int partitions, int depth) {
        int scale = scale(partitions, depth);
        List<Integer> widths = new ArrayList<>();
        int width = partitions;
        while (width > scale + (width + scale - 1) / scale) {           // Spark's rule for another level
            width = (width + scale - 1) / scale;
            widths.add(width);
        }
        return widths;
    }

    /**
     * A task's work: the terms of its partition's elements merged left to right; null for no elements. The
     * term (θ inside it, for a step) and the partial sum a task returns go through the sum's
     * {@link Handoff}: by reference in local mode.
     */
    static final class SumOfPartition<T, G>
            extends AbstractFunction2<TaskContext, scala.collection.Iterator<T>, Handoff.Carried<G>>
            implements Serializable {
        private final Handoff handoff;
        private final Handoff.Carried<Function<T, G>> term;
        private final Function2<G, G, G> merge;

        SumOfPartition(Handoff handoff, Function<T, G> term, Function2<G, G, G> merge) {
            this.handoff = handoff;
            this.term = handoff.carry(term);
            this.merge = merge;
        }

        @Override
        public Handoff.Carried<G> apply(TaskContext task, scala.collection.Iterator<T> elements) {
            return carry(of(CollectionConverters.asJava(elements)));
        }

        /** A partial sum (or a task's several), to be returned as the sum's handoff writes. */
        <R> Handoff.Carried<R> carry(R partial) {
            return handoff.carry(partial);
        }

        G of(Iterator<T> elements) {
            G sum = null;
            while (elements.hasNext()) {
                G next = call(term.get(), elements.next());
                sum = sum == null ? next : call(merge, sum, next);
            }
            return sum;
        }
    }

    /** A Spark function's result, its checked exceptions rethrown unchecked. */
    private static <T, G> G call(Function<T, G> f, T element) {
        try {
            return f.call(element);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** left + right by {@code merge} (which adds into left). */
    private static <G> G call(Function2<G, G, G> merge, G left, G right) {
        try {
            return merge.call(left, right);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A partition's partial sum keyed by the partition's index, for the levels merged on the executors. */
    private static <G> Iterator<Tuple2<Integer, G>> keyed(int index, G sum) {
        return sum == null ? Collections.emptyIterator() : List.of(new Tuple2<>(index, sum)).iterator();
    }

    /**
     * The tree over every partition's partial (null for an empty partition), on the driver: {@code levels}
     * times, the partials grouped by index / scale and each group merged in order, as the executors'
     * levels group them by key; then the last level pairwise. The same merges as with the levels on the
     * executors, so the same bits.
     */
    static <G> G onDriver(List<G> partials, int levels, int scale, Function2<G, G, G> merge) {
        List<Tuple2<Integer, G>> level = new ArrayList<>();
        for (int i = 0; i < partials.size(); i++) {
            if (partials.get(i) != null) {
                level.add(new Tuple2<>(i, partials.get(i)));
            }
        }
        for (int l = 0; l < levels; l++) {
            Map<Integer, List<Tuple2<Integer, G>>> groups = new TreeMap<>();
            level.forEach(pair -> groups.computeIfAbsent(pair._1 / scale, key -> new ArrayList<>()).add(pair));
            level = new ArrayList<>();
            for (Map.Entry<Integer, List<Tuple2<Integer, G>>> group : groups.entrySet()) {
                level.add(new Tuple2<>(group.getKey(), inOrder(group.getValue(), merge)));
            }
        }
        return inOrder(level, merge);
    }

    /** Sorts (index, partial) pairs by index and merges neighbours pairwise. */
    static <G> G inOrder(Iterable<Tuple2<Integer, G>> pairs, Function2<G, G, G> merge) {
        List<Tuple2<Integer, G>> sorted = new ArrayList<>();
        pairs.forEach(sorted::add);
        sorted.sort(Comparator.comparing(Tuple2::_1));
        return pairwise(sorted.stream().map(Tuple2::_2).toList(), merge);
    }

    /** Merges neighbours pairwise, level by level: ((g0 + g1) + (g2 + g3)) + … */
    static <G> G pairwise(List<G> row, Function2<G, G, G> merge) {
        if (row.isEmpty()) {
            throw new IllegalStateException("no partial sums to merge");
        }
        List<G> level = row;
        while (level.size() > 1) {
            List<G> next = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i < level.size(); i += 2) {
                next.add(i + 1 < level.size() ? call(merge, level.get(i), level.get(i + 1)) : level.get(i));
            }
            level = next;
        }
        return level.get(0);
    }
}
