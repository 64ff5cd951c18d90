package nabla.driver;

import java.util.Map;
import java.util.UUID;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;

/** The Spark context of a run: local[*] unless a master is given (or spark-submit set one), on loopback. */
public final class Spark {
    /** Marks a context this run started. */
    private static final String OWNER = "spark.nabla.owner";

    private Spark() {
    }

    /**
     * @param master     --master, or null to keep spark-submit's or fall back to local[*]
     * @param properties spark.* settings from nabla's configuration files
     */
    private static SparkConf configuration(String master, Map<String, String> properties) {
        SparkConf conf = new SparkConf().setAppName("nabla");
        properties.forEach(conf::set);
        if (master != null) {
            conf.setMaster(master);
        }
        conf.setIfMissing("spark.master", "local[*]");
        conf.setIfMissing("spark.driver.host", "127.0.0.1");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        return defaults(conf);
    }

    /**
     * What nabla sets for its steps, each only where the configuration does not say otherwise; the
     * benchmarks' own contexts take it too.
     */
    public static SparkConf defaults(SparkConf conf) {
        // One BLAS thread per task, on every executor whatever its cores: OpenBLAS splits a product
        // differently for other thread counts, and the bits of θ would then depend on the cluster.
        // (Local mode shares the driver's environment: scripts/nabla and scripts/submit set it there.)
        conf.setIfMissing("spark.executorEnv.OPENBLAS_NUM_THREADS", "1");
        // A task's partial gradients go to the driver inside its result, up to Spark's RPC message limit
        // (128 MB), not through the block manager from 1 MB on: a sweep's K gradients (190 KB each for
        // [784,30,10]) and a big network's (15 MB for [784,1024,1024,10]) pass 1 MB. A sweep's step of 12
        // models went from 26.5 to 17.0 ms (docs/benchmarks.md, "Sweeps"). The values are the same bits.
        conf.setIfMissing("spark.task.maxDirectResultSize", "128m");
        return conf;
    }

    /** A context, and whether this run started it (and so stops it). */
    public record Context(JavaSparkContext sc, boolean owned) implements AutoCloseable {
        @Override
        public void close() {
            if (owned) {
                sc.stop();
            }
        }
    }

    /**
     * The JVM's running context if there is one (a Spark application or a test that calls nabla), left
     * running at the end; else a new one, stopped at the end.
     */
    public static Context open(String master, Map<String, String> properties) {
        String token = UUID.randomUUID().toString();
        SparkConf conf = configuration(master, properties).set(OWNER, token);
        SparkContext context = SparkContext.getOrCreate(conf);
        return new Context(JavaSparkContext.fromSparkContext(context), token.equals(context.getConf().get(OWNER, "")));
    }
}
