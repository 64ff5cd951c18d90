package nabla.driver.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import nabla.driver.LocalSpark;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.Test;

/**
 * A step's job runs in one wave of tasks however many partitions there are, and the ordered merge still sees
 * every partition's partial sum under its own index. The partial sums here are lists, merged by appending:
 * a merge that is not commutative, so the sum is the elements in partition order only if every partial was
 * filed under its partition and merged in index order.
 */
class OneWaveTest {
    private final JavaSparkContext sc = LocalSpark.context();                         // local[2]: 2 slots

    @Test
    void cachedPartitionsAboveTheSlotsRunAsOneTaskPerSlotAndMergeInPartitionOrder() throws Exception {
        JavaRDD<Integer> cached = sc.parallelize(IntStream.range(0, 23).boxed().toList(), 5).cache();
        cached.count();
        Counted run = count(() -> OrderedTree.sum(cached, OneWaveTest::single, Trainer.TREE_DEPTH, OneWaveTest::append));
        assertEquals(IntStream.range(0, 23).boxed().toList(), run.sum());
        assertEquals(2, run.tasks(), "5 cached partitions on local[2]'s one executor: a task per slot");
        cached.unpersist(true);
    }

    @Test
    void partitionsCachedNowhereAreTasksOfTheirOwn() throws Exception {
        JavaRDD<Integer> uncached = sc.parallelize(IntStream.range(0, 10).boxed().toList(), 5);
        Counted run = count(() -> OrderedTree.sum(uncached, OneWaveTest::single, Trainer.TREE_DEPTH, OneWaveTest::append));
        assertEquals(IntStream.range(0, 10).boxed().toList(), run.sum());
        assertEquals(5, run.tasks());
    }

    @Test
    void partitionsWithinTheSlotsAreATaskEach() throws Exception {
        JavaRDD<Integer> cached = sc.parallelize(List.of(4, 5, 6), 2).cache();
        cached.count();
        Counted run = count(() -> OrderedTree.sum(cached, OneWaveTest::single, Trainer.TREE_DEPTH, OneWaveTest::append));
        assertEquals(List.of(4, 5, 6), run.sum());
        assertEquals(2, run.tasks());
        cached.unpersist(true);
    }

    private static ArrayList<Integer> single(Integer x) {
        return new ArrayList<>(List.of(x));
    }

    private static ArrayList<Integer> append(ArrayList<Integer> left, ArrayList<Integer> right) {
        left.addAll(right);
        return left;
    }

    private record Counted(List<Integer> sum, int tasks) {
    }

    /** The sum {@code job} returns and the tasks its job ran. */
    private Counted count(java.util.function.Supplier<List<Integer>> job) throws java.util.concurrent.TimeoutException {
        AtomicInteger tasks = new AtomicInteger();
        SparkListener listener = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                tasks.incrementAndGet();
            }
        };
        sc.sc().listenerBus().waitUntilEmpty();
        sc.sc().addSparkListener(listener);
        try {
            List<Integer> sum = job.get();
            sc.sc().listenerBus().waitUntilEmpty();
            return new Counted(sum, tasks.get());
        } finally {
            sc.sc().removeSparkListener(listener);
        }
    }
}
