package nabla.driver;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** The Spark context of a run: local[*] unless a master is given (or spark-submit set one), on loopback. */
final class Spark {
    private Spark() {
    }

    /**
     * @param master     --master, or null to keep spark-submit's or fall back to local[*]
     * @param properties spark.* settings from nabla's configuration files
     */
    static JavaSparkContext context(String master, Map<String, String> properties) {
        SparkConf conf = new SparkConf().setAppName("nabla");
        properties.forEach(conf::set);
        if (master != null) {
            conf.setMaster(master);
        }
        conf.setIfMissing("spark.master", "local[*]");
        conf.setIfMissing("spark.driver.host", "127.0.0.1");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        return new JavaSparkContext(conf);
    }
}
