package nabla.driver.data;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * Examples a Spark job already holds, in the RDD's order (partition by partition), persisted so that it is
 * computed once. Checked and counted on the executors in a first pass that returns only counts and the
 * first problem, then dealt.
 */
final class ExampleData extends CountedSource {
    private final JavaRDD<Example> examples;

    ExampleData(String name, JavaRDD<Example> examples, double scale) {
        super(name, scale);
        this.examples = examples;
    }

    @Override
    String format() {
        return "rdd";
    }

    @Override
    public int check(Configuration hadoop, int inputs, int classes) {
        return 0;                                                       // nothing to check before they are looked at
    }

    /**
     * Reads the RDD once: it is persisted (memory, then disk) before the first pass unless its owner
     * already did, and stays so, so that the count, the dealing, a shard rebuilt after an executor is lost
     * and a later run on the same RDD all see the same examples in the same order, even when computing it
     * again would not (an RDD out of a shuffle, or one that draws random numbers). Its owner may unpersist
     * it after training.
     */
    @Override
    FirstPass firstPass(JavaSparkContext sc, int inputs, int classes) {
        JavaRDD<Example> examples = this.examples.getStorageLevel().equals(StorageLevel.NONE())
                ? this.examples.persist(StorageLevel.MEMORY_AND_DISK()) : this.examples;
        List<Tally> tallies = examples.mapPartitionsWithIndex((q, it) -> tally(q, it, inputs, classes), true)
                .collect();
        long[] counts = new long[tallies.size()];
        boolean floats = true;
        for (int q = 0; q < counts.length; q++) {
            floats &= tallies.get(q).floats();
            if (tallies.get(q).problem() != null) {
                throw new BadInput(name() + ": " + tallies.get(q).problem());
            }
            counts[q] = tallies.get(q).count();
        }
        if (Shards.total(name(), counts) == 0) {
            throw new BadInput(name() + " holds no examples");
        }
        return new FirstPass(examples, counts, floats);
    }

    /** One partition's count, whether all its values are floats, and its first problem or null. */
    record Tally(long count, boolean floats, String problem) implements Serializable {
    }

    private static Iterator<Tally> tally(int partition, Iterator<Example> examples, int inputs, int classes) {
        long count = 0;
        boolean floats = true;
        while (examples.hasNext()) {
            Example example = examples.next();
            String problem = example == null ? "null example" : example.problem(inputs, classes);
            if (problem != null) {
                return List.of(new Tally(count, floats, "element " + count + " of partition " + partition + ": "
                        + problem)).iterator();
            }
            floats &= example.floats();
            count++;
        }
        return List.of(new Tally(count, floats, null)).iterator();
    }
}
