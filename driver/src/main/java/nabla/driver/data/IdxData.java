package nabla.driver.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import nabla.worker.MiniBatches;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * IDX images and labels, read by the driver as a stream and dealt as they arrive: image i goes straight
 * into partition i mod P's bytes at column ⌊i / P⌋, so the pixels are held once (as P arrays), never as
 * a whole plus copies. Each partition's bytes are then broadcast (see {@link Shards#dealt}).
 */
final class IdxData implements DataSource {
    private final String images;
    private final String labels;
    private final double scale;
    /** For an MNIST-layout directory: the directory and the prefix (train or t10k); else null. */
    private final String dir;
    private final String prefix;
    private final Expansion expansion;

    IdxData(String images, String labels, double scale) {
        this(images, labels, scale, null, null, Expansion.NONE);
    }

    private IdxData(String images, String labels, double scale, String dir, String prefix, Expansion expansion) {
        this.images = images;
        this.labels = labels;
        this.scale = scale;
        this.dir = dir;
        this.prefix = prefix;
        this.expansion = expansion;
    }

    @Override
    public DataSource expanded(Expansion expansion) {
        return new IdxData(images, labels, scale, dir, prefix, expansion);
    }

    static IdxData mnist(String dir, boolean training, double scale) {
        return new IdxData(null, null, scale, dir, training ? "train" : "t10k", Expansion.NONE);
    }

    static IdxData besideItsLabels(String images, double scale) {
        Path path = new Path(images);
        String name = path.getName();
        if (!name.contains("images-idx3")) {
            throw new BadInput(images + ": an IDX image file's name should contain images-idx3 (its labels are"
                    + " found beside it, with labels-idx1 for images-idx3)");
        }
        return new IdxData(images, new Path(path.getParent(), name.replace("images-idx3", "labels-idx1")).toString(),
                scale);
    }

    @Override
    public String name() {
        return (dir != null ? dir + "/" + prefix + "-*" : images)
                + (expansion == Expansion.NONE ? "" : " (--expand " + expansion.optionName() + ")");
    }

    /** The image and label files, which must exist. */
    Path[] files(Configuration conf) {
        if (dir == null) {
            return new Path[] {HadoopFiles.file(images, conf), HadoopFiles.file(labels, conf)};
        }
        Path directory = new Path(dir);
        if (!HadoopFiles.exists(directory, conf)) {
            throw new BadInput("data directory " + dir + " does not exist");
        }
        return new Path[] {find(directory, prefix + "-images-idx3-ubyte", conf),
                find(directory, prefix + "-labels-idx1-ubyte", conf)};
    }

    static boolean has(String dir, String prefix, Configuration conf) {
        for (String name : new String[] {prefix + "-images-idx3-ubyte", prefix + "-images-idx3-ubyte.gz"}) {
            if (HadoopFiles.exists(new Path(new Path(dir), name), conf)) {
                return true;
            }
        }
        return false;
    }

    private static Path find(Path dir, String name, Configuration conf) {
        for (String candidate : new String[] {name, name + ".gz"}) {
            Path file = new Path(dir, candidate);
            if (HadoopFiles.exists(file, conf)) {
                return file;
            }
        }
        throw new BadInput(dir + " has no " + name + " or " + name + ".gz");
    }

    @Override
    public int check(Configuration conf, int inputs, int classes) {
        Path[] files = files(conf);
        Idx.Header image = Idx.header(files[0], conf, true);
        Idx.Header label = Idx.header(files[1], conf, false);
        checkFits(image, label, inputs);
        return image.count() * expansion.factor();                      // checkFits: it fits an int
    }

    private void checkFits(Idx.Header image, Idx.Header label, int inputs) {
        if (image.count() != label.count()) {
            throw new BadInput(name() + ": " + image.count() + " images but " + label.count() + " labels ("
                    + image.file().getName() + ", " + label.file().getName() + ")");
        }
        if (image.count() == 0) {
            throw new BadInput(image.file() + " holds no images");
        }
        if (image.itemSize() != inputs) {
            throw new BadInput(image.file() + ": images have " + image.rows() + "×" + image.columns() + " = "
                    + image.itemSize() + " pixels; the input layer has " + inputs);
        }
        if (expansion != Expansion.NONE) {
            expansion.side(image.file().toString(), image.rows(), image.columns());
            if ((long) image.count() * expansion.factor() > Integer.MAX_VALUE) {
                throw new BadInput(image.file() + ": " + image.count() + " images × " + expansion.factor()
                        + " is more examples than nabla handles (" + Integer.MAX_VALUE + ")");
            }
        }
    }

    @Override
    public Loaded load(JavaSparkContext sc, int partitions, int inputs, int classes, IntConsumer counted) {
        Configuration conf = sc.hadoopConfiguration();
        Path[] files = files(conf);
        try (Idx.Reader imageReader = Idx.images(files[0], conf); Idx.Reader labelReader = Idx.labels(files[1], conf)) {
            checkFits(imageReader.header(), labelReader.header(), inputs);
            int count = imageReader.header().count();
            counted.accept(count * expansion.factor());
            byte[] y = new byte[count];                                   // N bytes: small beside the pixels
            labelReader.read(y, 0, count);
            for (int i = 0; i < count; i++) {
                if ((y[i] & 0xff) >= classes) {
                    throw new BadInput(files[1] + ": example " + i + " has label " + (y[i] & 0xff)
                            + "; the output layer has " + classes + " classes (0.." + (classes - 1) + ")");
                }
            }
            if (expansion != Expansion.NONE) {                          // every image, for the executors
                Shards.Bytes all = new Shards.Bytes(-1, inputs, new byte[count * inputs], y);   //   to expand
                imageReader.read(all.pixels(), 0, count * inputs);
                int side = imageReader.header().rows();
                return Shards.expanded(sc, all, expansion, side, partitions, classes, scale, name())
                        .loaded(name(), "idx, expanded: " + expansion, scale, count * expansion.factor());
            }
            MiniBatches layout = new MiniBatches(count, 1, partitions, false, 0);
            List<Shards.Bytes> dealt = new ArrayList<>(partitions);
            for (int p = 0; p < partitions; p++) {
                dealt.add(new Shards.Bytes(p, inputs, new byte[layout.localCount(p) * inputs],
                        new byte[layout.localCount(p)]));
            }
            for (int i = 0; i < count; i++) {                             // example i → partition i mod P,
                Shards.Bytes shard = dealt.get(i % partitions);           //   column ⌊i / P⌋
                int j = i / partitions;
                imageReader.read(shard.pixels(), j * inputs, inputs);
                shard.labels()[j] = y[i];
            }
            return Shards.dealt(sc, dealt, classes, scale, name()).loaded(name(), "idx", scale, count);
        } catch (IOException e) {
            throw new BadInput(name() + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
