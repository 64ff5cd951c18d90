package nabla.driver;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** One local[2] Spark context for every test in the JVM (Spark allows one per JVM); stopped at exit. */
public final class LocalSpark {
    private static JavaSparkContext context;

    private LocalSpark() {
    }

    public static synchronized JavaSparkContext context() {
        if (context == null) {
            SparkConf conf = new SparkConf()
                    .setMaster("local[2]")
                    .setAppName("nabla tests")
                    .set("spark.driver.host", "127.0.0.1")
                    .set("spark.ui.enabled", "false")
                    .set("spark.ui.showConsoleProgress", "false");
            context = new JavaSparkContext(conf);
            JavaSparkContext stopping = context;
            Runtime.getRuntime().addShutdownHook(new Thread(stopping::stop));
        }
        return context;
    }
}
