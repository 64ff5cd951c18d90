package nabla.bench;

import java.util.List;
import nabla.driver.data.DataSource;
import nabla.driver.data.Expansion;
import nabla.driver.data.Format;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.RDDInfo;

/**
 * Bytes per cached example, as Spark's own storage figures give them (SparkContext.getRDDStorageInfo:
 * memory and disk size of the cached shards, divided by N), for the data sets given as arguments:
 * {@code idx:DIR} (an MNIST-layout training set), {@code idx+shifts:DIR} or {@code idx+shifts25:DIR} (the same,
 * expanded), or {@code libsvm:PATH} / {@code csv:PATH}. local[2], P = 2; also the seconds to load and cache.
 */
public final class CacheBench {
    private CacheBench() {
    }

    public static void main(String[] args) {
        SparkConf conf = new SparkConf().setAppName("nabla cache bench")
                .setIfMissing("spark.master", "local[2]")
                .setIfMissing("spark.driver.host", "127.0.0.1")
                .setIfMissing("spark.ui.enabled", "false")
                .setIfMissing("spark.ui.showConsoleProgress", "false");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            System.out.println("| data | N | cached bytes (memory + disk) | bytes per example | load and cache, s |");
            System.out.println("|---|---:|---:|---:|---:|");
            for (String arg : args) {
                String[] kindPath = arg.split(":", 2);
                String[] kindExpansion = kindPath[0].split("\\+");
                DataSource source = kindExpansion[0].equals("idx") ? DataSource.mnist(kindPath[1], true)
                        : DataSource.text(kindPath[1], Format.valueOf(kindPath[0].toUpperCase()), 1);
                if (kindExpansion.length > 1) {
                    source = source.expanded(Expansion.parse(kindExpansion[1]));
                }
                long start = System.nanoTime();
                DataSource.Loaded loaded = source.load(sc, 2, 784, 10);
                double seconds = (System.nanoTime() - start) / 1e9;
                long bytes = 0;
                for (RDDInfo info : List.of(sc.sc().getRDDStorageInfo())) {
                    if (info.id() == loaded.shards().id()) {
                        bytes = info.memSize() + info.diskSize();
                    }
                }
                System.out.printf("| %s | %d | %d | %.0f | %.1f |%n", source.name(), loaded.count(), bytes,
                        (double) bytes / loaded.count(), seconds);
                loaded.shards().unpersist(true);
            }
        }
    }
}
