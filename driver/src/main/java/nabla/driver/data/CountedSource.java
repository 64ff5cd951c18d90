package nabla.driver.data;

import java.util.function.IntConsumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A source whose examples the executors check and count in a first pass, bringing none to the driver, and
 * then deal ({@link Shards#fromExamples}): LIBSVM or CSV files ({@link TextData}) and an RDD
 * ({@link ExampleData}). The first pass is the source's own; telling N and dealing are this class's.
 */
abstract class CountedSource implements DataSource {
    private final String name;
    private final double scale;

    CountedSource(String name, double scale) {
        this.name = name;
        this.scale = scale;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * What the first pass found: the examples to deal (in the order counted), the number in each
     * partition, and whether every value is exactly a float (then the shards keep floats).
     */
    record FirstPass(JavaRDD<Example> examples, long[] counts, boolean floats) {
    }

    /** What the loaded set's {@link Fingerprint} calls the source's format ("libsvm", "csv", "rdd"). */
    abstract String format();

    /** The first pass: checks and counts the examples, or throws {@link BadInput} for the first problem. */
    abstract FirstPass firstPass(JavaSparkContext sc, int inputs, int classes);

    @Override
    public Loaded load(JavaSparkContext sc, int partitions, int inputs, int classes, IntConsumer told) {
        FirstPass counted = firstPass(sc, inputs, classes);
        int total = Shards.total(name, counted.counts());
        told.accept(total);
        return Shards.fromExamples(counted.examples(), counted.counts(), counted.floats(), partitions, inputs,
                classes, scale, name).loaded(name, format(), scale, total);
    }
}
