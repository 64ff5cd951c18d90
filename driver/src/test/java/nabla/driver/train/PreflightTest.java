package nabla.driver.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nabla.driver.data.BadInput;
import nabla.worker.Cost;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The executors' part of the memory check, against sizes worked out by hand. */
class PreflightTest {
    private static final int[] SIZES = {784, 100, 10};

    private static Settings settings(int batch, int partitions) {
        return new Settings(new Settings.Network(SIZES, Cost.CROSS_ENTROPY), new Settings.Data(null, null, 0),
                Settings.Optimisation.plain(1, batch, 3.0, false), Settings.Init.NORMAL, partitions, 1,
                Settings.Output.NONE, Settings.Checkpointing.NONE);
    }

    private static SparkConf cluster(String memory, int cores) {
        return new SparkConf(false).setMaster("spark://127.0.0.1:7077").set("spark.executor.memory", memory)
                .set("spark.executor.cores", Integer.toString(cores));
    }

    /**
     * [784, 100, 10]: |θ| = 100·785 + 10·101 = 79,510; B = 100 in P = 4 gives m = 25 columns; a task holds
     * 8 (79,510 + 25 (784 + 3·110)) = 8 · 107,360 = 858,880 bytes; an executor with two tasks at once and θ's
     * broadcast 8 · 79,510 = 636,080 bytes needs 636,080 + 2 · 858,880 = 2,353,840 bytes.
     */
    @Test
    void anExecutorNeedsThetaOnceAndEachTasksGradientAndActivations() {
        assertEquals(2_353_840, Preflight.executor(SIZES, 100, 4, 2));
        assertEquals(636_080 + 858_880, Preflight.executor(SIZES, 100, 4, 1));
    }

    /** 302 MB less Spark's 300 leaves 2,097,152 bytes, short of 2,353,840; 303 MB leaves 3,145,728, enough. */
    @Test
    void aStepThatCannotFitAnExecutorIsRefusedNamingTheSizesAndTheMemory() {
        BadInput refused = assertThrows(BadInput.class,
                () -> Preflight.executors(settings(100, 4), 4, cluster("302m", 2)));
        assertTrue(refused.getMessage().startsWith("--layers [784, 100, 10] with --batch 100 in 4 partitions needs"
                + " about 3 MB on each executor (θ's broadcast 1 MB; 2 task(s) at once, each 1 MB for 25 columns);"
                + " spark.executor.memory 302 MB leaves tasks 2 MB"), refused.getMessage());
        Preflight.executors(settings(100, 4), 4, cluster("303m", 2));
        Preflight.executors(settings(100, 4), 4, cluster("302m", 1));        // one task at once: 1,494,960 bytes
        Preflight.executors(settings(100, 4), 4, new SparkConf(false).setMaster("local[2]")
                .set("spark.executor.memory", "1m"));                          // local: the driver's heap, not this
    }
}
