package nabla.driver.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import nabla.worker.MiniBatches;
import nabla.worker.Shard;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * Deals labelled images into P cached, column-stacked shards: example i goes to partition i mod P as its
 * local column ⌊i / P⌋ (the layout {@link MiniBatches} slices). The driver broadcasts each partition's
 * bytes; the executor that computes partition p fetches broadcast p, scales it (x = pixel / 255), builds
 * the one-hot Y, and keeps the result in memory for the whole run.
 *
 * <p>Why broadcasts and not {@code parallelize(bytes)}: a parallelized collection's partitions carry
 * their data, and every later task on the cached RDD would ship it again (megabytes per step). Here a
 * task carries a partition index; and a lost executor's shard is rebuilt from the broadcast, which the
 * driver keeps until the run ends.
 */
public final class Shards {
    private Shards() {
    }

    public static JavaRDD<Shard> deal(JavaSparkContext sc, Labelled data, int partitions, int classes, String name) {
        int n0 = data.images().pixelsPerImage();
        MiniBatches layout = new MiniBatches(data.count(), 1, partitions, false, 0);
        List<Broadcast<Bytes>> dealt = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            int count = layout.localCount(p);
            byte[] pixels = new byte[count * n0];
            byte[] labels = new byte[count];
            for (int j = 0; j < count; j++) {
                int i = p + j * partitions;
                System.arraycopy(data.images().pixels(), i * n0, pixels, j * n0, n0);
                labels[j] = data.labels()[i];
            }
            dealt.add(sc.broadcast(new Bytes(p, n0, pixels, labels)));
        }
        List<Integer> indices = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            indices.add(p);
        }
        JavaRDD<Shard> shards = sc.parallelize(indices, partitions)
                .map(p -> dealt.get(p).value().columnStacked(classes))
                .setName(name)
                .persist(StorageLevel.MEMORY_ONLY());
        shards.count();                                               // stack and cache them now, once
        return shards;
    }

    /** One partition's examples as the file had them: n_0 bytes per image, a byte per label. */
    record Bytes(int partition, int inputs, byte[] pixels, byte[] labels) implements Serializable {

        /** X = pixels / 255 (n_0 × N_p) and Y = one-hot labels (n_L × N_p), column-major. */
        Shard columnStacked(int classes) {
            double[] x = new double[pixels.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = (pixels[i] & 0xff) / 255.0;
            }
            double[] y = new double[labels.length * classes];
            for (int j = 0; j < labels.length; j++) {
                y[j * classes + (labels[j] & 0xff)] = 1;
            }
            return new Shard(partition, inputs, classes, x, y);
        }
    }
}
