package nabla.driver.infer;

import java.util.List;
import nabla.worker.Parameters;
import nabla.worker.Shard;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * How a network classifies a data set: the confusion matrix, counted on the executors. Entry (t, k)
 * counts the examples of class t the network puts in class k (the argmax of a^L, as network.py's
 * evaluate takes it); the trace is the number classified correctly.
 */
public final class Evaluation {
    private Evaluation() {
    }

    /** The n_L × n_L confusion matrix of θ on the shards, rows the true class, columns the predicted one. */
    public static long[][] confusion(JavaSparkContext sc, JavaRDD<Shard> shards, Parameters theta) {
        Broadcast<Parameters> sent = sc.broadcast(theta);
        List<long[][]> parts = shards.map(shard -> shard.confusion(sent.value())).collect();
        sent.destroy();
        int classes = theta.size(theta.layers());
        long[][] sum = new long[classes][classes];
        for (long[][] part : parts) {
            for (int t = 0; t < classes; t++) {
                for (int k = 0; k < classes; k++) {
                    sum[t][k] += part[t][k];
                }
            }
        }
        return sum;
    }

    /** Σ_t (t, t): the examples classified correctly. */
    public static long correct(long[][] confusion) {
        long c = 0;
        for (int t = 0; t < confusion.length; t++) {
            c += confusion[t][t];
        }
        return c;
    }

    /** The matrix as text: a header row of predicted classes, then a row per true class. */
    public static String format(long[][] confusion) {
        int width = 1;
        for (long[] row : confusion) {
            for (long c : row) {
                width = Math.max(width, Long.toString(c).length());
            }
        }
        width = Math.max(width, Integer.toString(confusion.length - 1).length()) + 1;
        StringBuilder s = new StringBuilder(String.format("%-12s", "true\\pred"));
        for (int k = 0; k < confusion.length; k++) {
            s.append(String.format("%" + width + "d", k));
        }
        s.append('\n');
        for (int t = 0; t < confusion.length; t++) {
            s.append(String.format("%-12d", t));
            for (long c : confusion[t]) {
                s.append(String.format("%" + width + "d", c));
            }
            s.append('\n');
        }
        return s.toString();
    }
}
