package nabla.driver.options;

import java.nio.file.Path;
import nabla.driver.data.BadInput;
import nabla.driver.data.DataSource;
import nabla.driver.data.Expansion;
import nabla.driver.data.Format;
import nabla.driver.train.Settings;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Where a command's data comes from: an MNIST-layout directory (--data DIR), or a path in a given format
 * (--test PATH --format F; train adds --train PATH). Any Hadoop path: file://, hdfs://, s3a://, a
 * directory of part files.
 */
public class DataOptions {

    @Option(names = "--data", paramLabel = "DIR",
            description = "MNIST layout (IDX): train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-*."
                    + " Default: the Fashion-MNIST sample in the repository.")
    String data;

    @Option(names = "--test", paramLabel = "PATH", description = "Test set in --format (a file or a directory of"
            + " part files; for idx the image file, its labels beside it).")
    String test;

    @Option(names = "--format", paramLabel = "idx|libsvm|csv", converter = FormatConverter.class,
            description = "Format of --train/--test: LIBSVM (label, then 1-based index:value pairs), CSV"
                    + " (label, then n0 values; optional header) or IDX.")
    Format format;

    @Option(names = "--scale", paramLabel = "s",
            description = "x = value / s. Default: 255 for IDX, 1 (values as given) for LIBSVM and CSV.")
    Double scale;

    /** s, checked. */
    double scale() {
        Format f = format != null ? format : Format.IDX;
        return checkScale(scale != null ? scale : f.defaultScale());
    }

    /** The one check of --scale: a positive number. */
    public static double checkScale(double s) {
        if (!(s > 0) || Double.isInfinite(s)) {
            throw new BadInput("--scale must be a positive number, got " + s);
        }
        return s;
    }

    /** The test set named by --test PATH --format F, or else by --data DIR (its t10k-* files). */
    public DataSource testSet() {
        if (test != null) {
            if (data != null) {
                throw new BadInput("give --data DIR or --test PATH --format F, not both");
            }
            return DataSource.read(test, format(), scale());
        }
        return DataSource.mnist(directory(), false);
    }

    Format format() {
        if (format == null) {
            throw new BadInput("a PATH needs --format idx|libsvm|csv");
        }
        return format;
    }

    /** --data DIR, or the sample bundled in the repository. */
    String directory() {
        if (format != null && format != Format.IDX) {
            throw new BadInput("--data DIR reads MNIST's IDX files; --format " + format.optionName()
                    + " goes with --train or --test PATH");
        }
        return data != null ? data : sampleDirectory().toUri().toString();
    }

    /** The sample bundled in the repository, found from nabla.home (set by scripts/nabla). */
    public static Path sampleDirectory() {
        String home = System.getProperty("nabla.home");
        if (home == null) {
            throw new BadInput("no --data DIR given (the bundled sample is found only when run from scripts/nabla)");
        }
        return Path.of(home, "data", "fashion-mnist-sample");
    }

    /** train's data: --data DIR, or --train PATH [--test PATH] --format F, and the validation hold-out. */
    static final class Training extends DataOptions {

        @Option(names = "--train", paramLabel = "PATH", description = "Training set in --format (a file or a"
                + " directory of part files; for idx the image file, its labels beside it). Instead of --data.")
        String train;

        @Option(names = "--validation", paramLabel = "N",
                description = "Hold out the last N training examples (file order) as validation data; 0: none.")
        int validation;

        /**
         * The training and test sets and the hold-out. Without --data or --train, and outside scripts/nabla
         * (no bundled sample to default to), no training set: the Java API gives one.
         */
        Settings.Data data(Configuration hadoop) {
            if (train == null && test == null && data == null && System.getProperty("nabla.home") == null) {
                return new Settings.Data(null, null, validation);
            }
            return new Settings.Data(trainingSet(), testSet(hadoop), validation);
        }

        @Option(names = "--expand", paramLabel = "none|shifts|shifts25", converter = ExpansionConverter.class,
                description = "Expand the IDX training set on the executors: shifts = each image, then its one-pixel"
                        + " shifts down, up, right, left (the book's expand_mnist.py, 5×); shifts25 = shifts of up to"
                        + " 2 pixels (25×, a scale test). Default: none.")
        Expansion expand = Expansion.NONE;

        /** The training set, expanded if --expand says so. */
        private DataSource trainingSet() {
            return unexpanded().expanded(expand);
        }

        private DataSource unexpanded() {
            if (train == null) {
                if (test != null) {
                    throw new BadInput("--test PATH goes with --train PATH");
                }
                return DataSource.mnist(directory(), true);
            }
            if (data != null) {
                throw new BadInput("give --data DIR or --train PATH --format F, not both");
            }
            return DataSource.read(train, format(), scale());
        }

        /**
         * The test set, or null: when --train comes without --test, or --data DIR holds no t10k-* files
         * (a training set alone).
         */
        private DataSource testSet(Configuration hadoop) {
            if (train == null && test == null) {
                String dir = directory();
                return DataSource.hasMnist(dir, false, hadoop) ? DataSource.mnist(dir, false) : null;
            }
            return train != null && test == null ? null : testSet();
        }
    }

    /** Accepts none, shifts or shifts25. */
    public static final class ExpansionConverter implements ITypeConverter<Expansion> {
        @Override
        public Expansion convert(String value) {
            try {
                return Expansion.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Accepts idx, libsvm or csv. */
    public static final class FormatConverter implements ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
