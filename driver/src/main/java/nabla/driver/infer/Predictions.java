package nabla.driver.infer;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import nabla.driver.data.BadInput;
import nabla.driver.data.Example;
import nabla.driver.data.Format;
import nabla.driver.data.HadoopFiles;
import nabla.driver.data.Shards;
import nabla.driver.data.TextData;
import nabla.driver.data.TextParser;
import nabla.worker.Feedforward;
import nabla.worker.Parameters;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.spark.api.java.JavaHadoopRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Predictions for LIBSVM or CSV examples, computed and written by the executors: a line per example, in
 * input order, holding the predicted class (argmax a^L) and the n_L output activations a^L. The labels
 * in the input are read but not used.
 */
public final class Predictions {
    private Predictions() {
    }

    /** Writes the predictions for {@code input} to the directory {@code output} (saveAsTextFile); returns N. */
    public static long write(JavaSparkContext sc, Parameters theta, String input, Format format, double scale,
                             String output) {
        if (format == Format.IDX) {
            throw new BadInput("predict reads libsvm or csv; convert IDX files first (nabla convert)");
        }
        if (HadoopFiles.exists(new Path(output), sc.hadoopConfiguration())) {
            throw new BadInput(output + " exists; predict writes a new directory");
        }
        int inputs = theta.size(0);
        TextParser parser = new TextParser(format, inputs, 0);
        JavaHadoopRDD<LongWritable, Text> lines = TextData.lines(sc, input);
        long[] counts = TextData.count(sc, lines, parser, input).counts();  // bad input fails here, fast
        Broadcast<Parameters> sent = sc.broadcast(theta);
        TextData.examples(lines, parser)
                .mapPartitions(examples -> predicted(examples, sent.value(), inputs, scale), true)
                .saveAsTextFile(output);
        sent.destroy();
        return Shards.total(input, counts);
    }

    /** "class a_0 … a_{n_L−1}" for each example, forward passes in blocks of columns. */
    private static Iterator<String> predicted(Iterator<Example> examples, Parameters theta, int inputs, double scale) {
        Feedforward feedforward = new Feedforward(theta.sizes());
        int nL = theta.size(theta.layers());
        return new Iterator<>() {
            final List<String> ready = new ArrayList<>();
            int next;

            @Override
            public boolean hasNext() {
                if (next == ready.size()) {
                    ready.clear();
                    next = 0;
                    double[] x = new double[Feedforward.BLOCK * inputs];
                    int m = 0;
                    while (m < Feedforward.BLOCK && examples.hasNext()) {
                        examples.next().stackInto(x, inputs, m++, scale);     // X[:, m] = x / s
                    }
                    if (m > 0) {
                        double[] aL = feedforward.outputs(theta, x, 0, m);    // A^L, n_L × m
                        for (int k = 0; k < m; k++) {
                            ready.add(line(aL, k * nL, nL));
                        }
                    }
                }
                return next < ready.size();
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return ready.get(next++);
            }
        };
    }

    private static String line(double[] aL, int offset, int nL) {
        StringBuilder s = new StringBuilder().append(Feedforward.argmax(aL, offset, nL));
        for (int j = 0; j < nL; j++) {
            s.append(' ').append(aL[offset + j]);
        }
        return s.toString();
    }
}
