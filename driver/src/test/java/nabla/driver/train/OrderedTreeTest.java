package nabla.driver.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import nabla.driver.LocalSpark;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * The tree is the same wherever its levels run: merged on the executors (a shuffle stage a level) or all
 * on the driver (small partials), a sum has the same merges in the same order. The partial sums here are
 * strings and a merge writes its operands in brackets, so the sum spells out the tree's shape.
 */
class OrderedTreeTest {
    private final JavaSparkContext sc = LocalSpark.context();

    @Test
    void theDriverMergesTheSameTreeAsTheExecutorLevels() {
        for (int[] elementsAndPartitions : new int[][] {{40, 6}, {40, 8}, {90, 30}, {20, 30}}) {
            int n = elementsAndPartitions[0];
            int partitions = elementsAndPartitions[1];
            assertFalse(OrderedTree.executorLevels(partitions, Trainer.TREE_DEPTH).isEmpty());
            JavaRDD<Integer> rdd = sc.parallelize(IntStream.range(0, n).boxed().toList(), partitions);
            String onExecutors = OrderedTree.sum(rdd, String::valueOf, Trainer.TREE_DEPTH, OrderedTreeTest::bracket,
                    Long.MAX_VALUE);
            String onDriver = OrderedTree.sum(rdd, String::valueOf, Trainer.TREE_DEPTH, OrderedTreeTest::bracket, 1);
            assertEquals(onExecutors, onDriver, n + " elements in " + partitions + " partitions");
            assertTrue(onDriver.startsWith("((("), onDriver);            // neighbours first, not left to right
        }
    }

    @Test
    void partialsMergeOnTheExecutorsOnlyAboveTheLimit() {
        long limit = OrderedTree.DRIVER_MERGES_UP_TO;
        assertFalse(OrderedTree.mergesOnExecutors(4, Trainer.TREE_DEPTH, Long.MAX_VALUE), "no executor level at P = 4");
        assertFalse(OrderedTree.mergesOnExecutors(8, Trainer.TREE_DEPTH, limit / 8));
        assertTrue(OrderedTree.mergesOnExecutors(8, Trainer.TREE_DEPTH, limit / 8 + 1));
    }

    private static String bracket(String left, String right) {
        return "(" + left + " " + right + ")";
    }
}
