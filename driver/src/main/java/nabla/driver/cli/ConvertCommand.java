package nabla.driver.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import nabla.driver.data.BadInput;
import nabla.driver.data.Format;
import nabla.driver.data.HadoopFiles;
import nabla.driver.data.Idx;
import nabla.driver.options.CommonOptions;
import nabla.driver.options.DataOptions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code nabla convert}: an MNIST-layout IDX directory to LIBSVM or CSV text, so the data can live on
 * HDFS or object storage. Streams: an image is read, written and forgotten. Values stay bytes (0..255);
 * train on the result with --scale 255 to get x = byte / 255, exactly as from IDX.
 */
@Command(name = "convert", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        description = "Convert MNIST-layout IDX files to LIBSVM or CSV (PATH/train.<format>, PATH/t10k.<format>).")
public final class ConvertCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Option(names = "--data", paramLabel = "DIR", required = true,
            description = "MNIST layout: train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-*.")
    private String data;

    @Option(names = "--format", paramLabel = "libsvm|csv", converter = DataOptions.FormatConverter.class,
            defaultValue = "libsvm", description = "Output format.")
    private Format format;

    @Option(names = "--out", paramLabel = "PATH", required = true, description = "Output directory (any Hadoop path).")
    private String out;

    @Mixin
    private CommonOptions common;

    @Override
    public Integer call() {
        if (format == Format.IDX) {
            throw new BadInput("convert writes libsvm or csv, not idx");
        }
        Configuration hadoop = main.hadoop();
        Path dir = new Path(data);
        if (!HadoopFiles.exists(dir, hadoop)) {
            throw new BadInput("data directory " + data + " does not exist");
        }
        for (String prefix : new String[] {"train", "t10k"}) {
            Path images = find(dir, prefix + "-images-idx3-ubyte", hadoop);
            Path labels = find(dir, prefix + "-labels-idx1-ubyte", hadoop);
            if (images == null && labels == null && prefix.equals("t10k")) {
                continue;                                             // a directory without a test set
            }
            if (images == null || labels == null) {
                throw new BadInput(data + " has no " + prefix + (images == null ? "-images-idx3-ubyte" : "-labels-idx1-ubyte")
                        + "[.gz]");
            }
            Idx.header(images, hadoop, true);                          // refuse a broken file before writing
            Idx.header(labels, hadoop, false);
            String target = new Path(new Path(out), prefix + "." + format.optionName()).toString();
            int count = convert(images, labels, target, format, hadoop);
            System.out.println("nabla: wrote " + target + " (" + count + " examples)");
        }
        System.out.println("nabla: train on it with --train " + new Path(new Path(out), "train." + format.optionName())
                + " --format " + format.optionName() + " --scale 255 (x = byte / 255, as from IDX)");
        return 0;
    }

    /** Writes one example per line, image i as line i + 1; returns the count. */
    public static int convert(Path images, Path labels, String target, Format format, Configuration hadoop) {
        int[] count = new int[1];
        HadoopFiles.writeAtomically(target, hadoop, out -> {
            try (Idx.Reader imageReader = Idx.images(images, hadoop); Idx.Reader labelReader = Idx.labels(labels, hadoop)) {
                int n = imageReader.header().count();
                if (labelReader.header().count() != n) {
                    throw new BadInput(images + " has " + n + " images but " + labels + " has "
                            + labelReader.header().count() + " labels");
                }
                int size = imageReader.header().itemSize();
                byte[] label = new byte[1];
                byte[] pixels = new byte[size];
                Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.US_ASCII), 1 << 16);
                StringBuilder line = new StringBuilder(8 * size);
                for (int i = 0; i < n; i++) {
                    labelReader.read(label, 0, 1);
                    imageReader.read(pixels, 0, size);
                    line.setLength(0);
                    line.append(label[0] & 0xff);
                    for (int k = 0; k < size; k++) {
                        int v = pixels[k] & 0xff;
                        if (format == Format.CSV) {
                            line.append(',').append(v);
                        } else if (v != 0) {
                            line.append(' ').append(k + 1).append(':').append(v);   // 1-based, zeros left out
                        }
                    }
                    text.write(line.append('\n').toString());
                }
                text.flush();
                count[0] = n;
            }
        });
        return count[0];
    }

    private static Path find(Path dir, String name, Configuration hadoop) {
        for (String candidate : new String[] {name, name + ".gz"}) {
            Path file = new Path(dir, candidate);
            if (HadoopFiles.exists(file, hadoop)) {
                return file;
            }
        }
        return null;
    }
}
