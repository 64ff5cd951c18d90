package nabla.driver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import nabla.worker.Gradient;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * A tree aggregate whose result does not depend on timing. Spark's treeAggregate merges partial sums in
 * the order tasks finish, and floating-point addition is not associative, so its bits vary from run to
 * run. Here every merge is between neighbours in partition order: while the tree is wide, levels run on
 * the executors (groups of {@code scale} adjacent partitions, as RDD.treeAggregate sizes them); the last
 * level runs on the driver, pairwise in index order. Same partials, same bits.
 */
final class OrderedTree {
    private OrderedTree() {
    }

    /** Σ of every element of {@code partials}, merged as a tree in partition order; depth as in treeAggregate. */
    static Gradient sum(JavaRDD<Gradient> partials, int depth) {
        JavaPairRDD<Integer, Gradient> level = partials.mapPartitionsWithIndex(OrderedTree::sumOfPartition, true)
                .mapToPair(pair -> pair);
        int scale = scale(partials.getNumPartitions(), depth);
        for (int width : executorLevels(partials.getNumPartitions(), depth)) {
            level = level.mapToPair(pair -> new Tuple2<>(pair._1 / scale, pair))
                    .groupByKey(width)
                    .mapToPair(group -> new Tuple2<>(group._1, inOrder(group._2)));
        }
        List<Tuple2<Integer, Gradient>> last = new ArrayList<>(level.collect());
        return inOrder(last);
    }

    /** How many neighbours a level merges: ⌈P^(1/depth)⌉, at least 2, as RDD.treeAggregate sizes it. */
    static int scale(int partitions, int depth) {
        return Math.max((int) Math.ceil(Math.pow(partitions, 1.0 / Math.max(depth, 1))), 2);
    }

    /**
     * The widths of the levels merged on the executors, from P partials down; empty when the driver
     * merges all P partials itself. The driver merges the last width (or P) pairwise.
     */
    static List<Integer> executorLevels(int partitions, int depth) {
        int scale = scale(partitions, depth);
        List<Integer> widths = new ArrayList<>();
        int width = partitions;
        while (width > scale + (width + scale - 1) / scale) {           // Spark's rule for another level
            width = (width + scale - 1) / scale;
            widths.add(width);
        }
        return widths;
    }

    /** The partition's elements merged left to right, keyed by the partition's index. */
    private static Iterator<Tuple2<Integer, Gradient>> sumOfPartition(int index, Iterator<Gradient> elements) {
        if (!elements.hasNext()) {
            return java.util.Collections.emptyIterator();
        }
        Gradient sum = elements.next();
        while (elements.hasNext()) {
            sum.merge(elements.next());
        }
        return List.of(new Tuple2<>(index, sum)).iterator();
    }

    /** Sorts (index, partial) pairs by index and merges neighbours pairwise, level by level. */
    static Gradient inOrder(Iterable<Tuple2<Integer, Gradient>> pairs) {
        List<Tuple2<Integer, Gradient>> sorted = new ArrayList<>();
        pairs.forEach(sorted::add);
        if (sorted.isEmpty()) {
            throw new IllegalStateException("no partial sums to merge");
        }
        sorted.sort(Comparator.comparing(Tuple2::_1));
        List<Gradient> row = new ArrayList<>(sorted.size());
        sorted.forEach(pair -> row.add(pair._2));
        List<Gradient> level = row;
        while (level.size() > 1) {
            List<Gradient> next = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i < level.size(); i += 2) {
                next.add(i + 1 < level.size() ? level.get(i).merge(level.get(i + 1)) : level.get(i));
            }
            level = next;
        }
        return level.get(0);
    }
}
