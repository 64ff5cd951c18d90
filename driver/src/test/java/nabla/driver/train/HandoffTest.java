package nabla.driver.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import nabla.driver.LocalSpark;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.junit.jupiter.api.Test;

/**
 * In local mode a sum's function and its partial sums cross Spark's serializer by reference (the tasks
 * see the driver's very objects, and the driver merges the tasks' very objects), nothing is held once the
 * sum is done, and a handoff that is not by reference writes its value whole.
 */
class HandoffTest {
    private final JavaSparkContext sc = LocalSpark.context();                         // local[2]

    /** The partial sums the tasks made, by identity (local mode: the tasks share this JVM's statics). */
    private static final List<Object> MADE = Collections.synchronizedList(new ArrayList<>());

    @Test
    void inLocalModeTheTasksSeeTheDriversFunctionAndTheDriverMergesTheTasksPartials() {
        MADE.clear();
        Identity term = new Identity();
        for (int partitions : new int[] {2, 5}) {                       // a task per partition, and grouped
            JavaRDD<Integer> cached = sc.parallelize(IntStream.range(0, 10).boxed().toList(), partitions).cache();
            cached.count();
            List<Object> sum = OrderedTree.sum(cached, term, Trainer.TREE_DEPTH, HandoffTest::append);
            assertEquals(10, sum.size());
            assertTrue(sum.stream().allMatch(seen -> seen == term), "every task called the driver's term");
            synchronized (MADE) {
                assertTrue(MADE.stream().anyMatch(made -> made == sum), "the sum is a list a task made, not a copy");
            }
            assertEquals(0, Handoff.held(), "nothing held after the sum");
            cached.unpersist(true);
        }
    }

    @Test
    void aValueGoesByTicketWhileItsHandoffIsOpenAndWholeOtherwise() throws Exception {
        ArrayList<Integer> value = new ArrayList<>(List.of(1, 2, 3));
        byte[] byTicket;
        try (Handoff handoff = Handoff.open(true)) {
            byTicket = written(handoff.carry(value));
            assertSame(value, read(byTicket).get());
            assertNull(read(written(handoff.carry(null))).get());
        }
        assertThrows(IllegalStateException.class, () -> read(byTicket), "a closed handoff holds nothing");

        try (Handoff whole = Handoff.open(false)) {
            Handoff.Carried<ArrayList<Integer>> copy = read(written(whole.carry(value)));
            assertEquals(value, copy.get());
            assertNotSame(value, copy.get());
        }
    }

    /** A term whose list says which object a task called: the driver's, or a copy. */
    private static final class Identity implements Function<Integer, List<Object>> {
        @Override
        public List<Object> call(Integer x) {
            List<Object> made = new ArrayList<>(List.of(this));
            MADE.add(made);
            return made;
        }
    }

    private static List<Object> append(List<Object> left, List<Object> right) {
        left.addAll(right);
        return left;
    }

    private static byte[] written(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static <T> Handoff.Carried<T> read(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (Handoff.Carried<T>) in.readObject();
        }
    }
}
