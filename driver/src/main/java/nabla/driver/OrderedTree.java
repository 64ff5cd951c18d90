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
        int partitions = partials.getNumPartitions();
        JavaRDD<List<Tuple2<Integer, Gradient>>> sums =
                partials.mapPartitionsWithIndex(OrderedTree::sumOfPartition, true);
        List<Integer> widths = executorLevels(partitions, depth);
        if (widths.isEmpty()) {
            // reduce hands the driver the partitions' sums as their tasks finish; here they are only gathered
            // (lists joined, no arithmetic), then added in partition order: the cheapest job Spark runs
            return inOrder(sums.reduce(OrderedTree::joined));
        }
        JavaPairRDD<Integer, Gradient> level = sums.flatMapToPair(List::iterator);
        int scale = scale(partitions, depth);
        for (int width : widths) {
            level = level.mapToPair(pair -> new Tuple2<>(pair._1 / scale, pair))
                    .groupByKey(width)
                    .mapToPair(group -> new Tuple2<>(group._1, inOrder(group._2)));
        }
        return inOrder(level.collect());
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

    /**
     * The partition's elements merged left to right, as one (index, sum) pair; no pair for an empty
     * partition. A list, so that reduce can gather the pairs of every partition.
     */
    private static Iterator<List<Tuple2<Integer, Gradient>>> sumOfPartition(int index, Iterator<Gradient> elements) {
        List<Tuple2<Integer, Gradient>> pairs = new ArrayList<>(1);
        if (elements.hasNext()) {
            Gradient sum = elements.next();
            while (elements.hasNext()) {
                sum.merge(elements.next());
            }
            pairs.add(new Tuple2<>(index, sum));
        }
        return List.of(pairs).iterator();
    }

    /** Both lists' pairs, in no particular order: {@link #inOrder} sorts them. */
    private static List<Tuple2<Integer, Gradient>> joined(List<Tuple2<Integer, Gradient>> left,
                                                          List<Tuple2<Integer, Gradient>> right) {
        List<Tuple2<Integer, Gradient>> all = new ArrayList<>(left);
        all.addAll(right);
        return all;
    }

    /** Sorts (index, partial) pairs by index and merges neighbours pairwise. */
    static Gradient inOrder(Iterable<Tuple2<Integer, Gradient>> pairs) {
        List<Tuple2<Integer, Gradient>> sorted = new ArrayList<>();
        pairs.forEach(sorted::add);
        sorted.sort(Comparator.comparing(Tuple2::_1));
        return pairwise(sorted.stream().map(Tuple2::_2).toList());
    }

    /** Merges neighbours pairwise, level by level: ((g0 + g1) + (g2 + g3)) + … */
    static Gradient pairwise(List<Gradient> row) {
        if (row.isEmpty()) {
            throw new IllegalStateException("no partial sums to merge");
        }
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
