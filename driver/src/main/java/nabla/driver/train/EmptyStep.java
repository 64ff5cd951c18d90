package nabla.driver.train;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import nabla.worker.Gradient;
import nabla.worker.Parameters;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.storage.StorageLevel;

/**
 * The floor of a step on a given Spark: an empty job in the step's shape. θ goes out inside the step's
 * function, every partition returns a gradient of zeros of θ's shape, and {@link OrderedTree#sum} merges
 * them as a step's gradients are merged; no backprop. scripts/bench and {@code explain --master} measure it.
 */
public final class EmptyStep {
    private EmptyStep() {
    }

    /** One empty job over {@code partitions}: θ sent, P zeros summed in order. */
    public static <T> Gradient run(JavaRDD<T> partitions, Parameters theta) {
        return OrderedTree.sum(partitions, new Zeros<>(theta), Trainer.TREE_DEPTH, PartitionGradient::merge,
                Trainer.bytes(new Parameters[] {theta}))[0];
    }

    /**
     * Median milliseconds of {@code jobs} empty jobs of a step of θ's sizes over P cached partitions, after
     * {@code warmUp} more (the executors' first jobs load classes and compile: on fresh executors a job's
     * time falls for the first few hundred jobs, as each runs a task's code once per executor).
     */
    public static double medianMs(JavaSparkContext sc, int[] sizes, int partitions, int warmUp, int jobs) {
        Parameters theta = Parameters.zeros(sizes);
        JavaRDD<Integer> cached = sc.parallelize(IntStream.range(0, partitions).boxed().toList(), partitions)
                .persist(StorageLevel.MEMORY_ONLY());
        cached.count();
        List<Double> ms = new ArrayList<>();
        for (int i = -warmUp; i < jobs; i++) {
            long start = System.nanoTime();
            run(cached, theta);
            if (i >= 0) {
                ms.add((System.nanoTime() - start) / 1e6);
            }
        }
        cached.unpersist(false);
        ms.sort(null);
        return ms.get(ms.size() / 2);
    }

    /** A gradient of zeros of θ's shape for every element; carries θ as the step's function does. */
    private record Zeros<T>(Parameters theta) implements Function<T, Gradient[]> {
        @Override
        public Gradient[] call(T element) {
            return new Gradient[] {new Gradient(theta.sizes())};
        }
    }
}
