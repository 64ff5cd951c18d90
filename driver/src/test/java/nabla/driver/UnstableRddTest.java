package nabla.driver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import nabla.driver.data.DataSource;
import nabla.driver.data.Example;
import nabla.driver.data.ModelFile;
import nabla.driver.train.Settings;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * A user's RDD whose order is not stable (every computation of a partition deals its examples in a new
 * random order, as a shuffle's output may) is read once: two runs through the Java API give the same bits.
 */
class UnstableRddTest {
    private final JavaSparkContext sc = LocalSpark.context();

    /** 300 random 12-pixel examples of 4 classes in 3 partitions, each computed in a fresh random order. */
    private JavaRDD<Example> unstable() {
        Random rng = new Random(5);
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double[] x = new double[12];
            for (int k = 0; k < x.length; k++) {
                x[k] = rng.nextInt(256);
            }
            examples.add(Example.dense(rng.nextInt(4), x));
        }
        return sc.parallelize(examples, 3).mapPartitions(UnstableRddTest::reordered, true);
    }

    private static Iterator<Example> reordered(Iterator<Example> partition) {
        List<Example> all = new ArrayList<>();
        partition.forEachRemaining(all::add);
        Collections.shuffle(all, new Random());                      // unseeded: another order every time
        return all.iterator();
    }

    @Test
    void twoRunsOnAnUnstablyOrderedRddGiveTheSameBits() {
        JavaRDD<Example> examples = unstable();
        assertNotEquals(unstable().collect(), unstable().collect(), "the RDD is not stable, as meant");
        Settings settings = Nabla.settings("--layers", "12,8,4", "--epochs", "2", "--batch", "10", "--eta", "0.5",
                "--momentum", "0", "--partitions", "2", "--shuffle", "false");
        DataSource source = DataSource.of("unstable", examples, 255);
        ModelFile.Model first = Nabla.train(sc, settings, source);
        ModelFile.Model second = Nabla.train(sc, settings, source);
        assertEquals(first.theta(), second.theta());
    }
}
