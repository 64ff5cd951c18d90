package nabla.driver.data;

import java.io.IOException;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.mapred.FileInputFormat;
import org.apache.hadoop.mapred.FileSplit;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.TextInputFormat;
import org.apache.spark.api.java.JavaHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * LIBSVM or CSV at a Hadoop path, read the way sc.textFile reads (TextInputFormat, one Spark partition
 * per split), parsed on the executors in two passes, neither of which brings an example to the driver:
 *
 * <ol>
 * <li>check and count: each partition parses its lines and returns its count and its first problem
 *     (a few bytes). The driver reports the first problem in file order as bad input, naming the file
 *     and line. No task fails, so Spark neither retries nor logs a stack trace for a typo.
 * <li>parse again and deal: example i (0-based, in file order across the part files, which are sorted
 *     by name) goes to partition i mod P as column ⌊i / P⌋ ({@link Shards#fromExamples}).
 * </ol>
 */
public final class TextData extends CountedSource {
    private final String path;
    private final Format format;

    TextData(String path, Format format, double scale) {
        super(path, scale);
        if (format == Format.IDX) {
            throw new IllegalArgumentException("IDX is not a text format");
        }
        this.path = path;
        this.format = format;
    }

    @Override
    public int check(Configuration hadoop, int inputs, int classes) {
        HadoopFiles.files(path, hadoop);
        return 0;                                                       // counted by the executors, on Spark
    }

    @Override
    String format() {
        return format.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    FirstPass firstPass(JavaSparkContext sc, int inputs, int classes) {
        JavaHadoopRDD<LongWritable, Text> lines = lines(sc, path);
        Counted counted = count(sc, lines, new TextParser(format, inputs, classes), path);
        return new FirstPass(examples(lines, new TextParser(format, inputs, classes)), counted.counts(),
                counted.floats());
    }

    /** The lines of the files at {@code path} (sorted by name), keyed by their byte offsets, as textFile reads them. */
    public static JavaHadoopRDD<LongWritable, Text> lines(JavaSparkContext sc, String path) {
        List<Path> files = HadoopFiles.files(path, sc.hadoopConfiguration());
        JobConf job = new JobConf(sc.hadoopConfiguration());
        FileInputFormat.setInputPaths(job, files.stream().map(HadoopFiles::literal).toArray(Path[]::new));
        return (JavaHadoopRDD<LongWritable, Text>) sc.hadoopRDD(job, TextInputFormat.class, LongWritable.class,
                Text.class);
    }

    /**
     * What pass 1 finds: the number of examples in each partition, and whether every value of the data is
     * exactly a float (then the shards keep floats).
     */
    public record Counted(long[] counts, boolean floats) {
    }

    /**
     * Pass 1: the number of examples in each partition of {@code lines}, or bad input for the first
     * malformed line (or an empty file) in file order.
     */
    public static Counted count(JavaSparkContext sc, JavaHadoopRDD<LongWritable, Text> lines, TextParser parser,
                                String path) {
        List<Tally> tallies = lines.mapPartitionsWithInputSplit((split, records) -> tally(split, records, parser), true)
                .collect();
        long[] counts = new long[tallies.size()];
        boolean floats = true;
        for (int q = 0; q < counts.length; q++) {
            Tally tally = tallies.get(q);
            floats &= tally.floats();
            if (tally.problem() != null) {
                throw new BadInput(tally.problem().where(sc.hadoopConfiguration()) + ": " + tally.problem().message());
            }
            counts[q] = tally.count();
        }
        if (Shards.total(path, counts) == 0) {
            throw new BadInput(path + (isEmpty(path, sc.hadoopConfiguration()) ? " is empty" : " holds no examples"));
        }
        return new Counted(counts, floats);
    }

    /** Whether every file at {@code path} has no bytes at all. */
    private static boolean isEmpty(String path, Configuration conf) {
        try {
            for (Path file : HadoopFiles.files(path, conf)) {
                if (HadoopFiles.length(file, conf) > 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Pass 2: the examples of each partition, in file order. */
    public static JavaRDD<Example> examples(JavaHadoopRDD<LongWritable, Text> lines, TextParser parser) {
        return lines.mapPartitionsWithInputSplit((split, records) -> new Parsed(split, records, parser), true);
    }

    /**
     * A malformed line, located as the executor saw it: the file, its split's first byte, the byte at
     * which the line starts, and its number within the split.
     */
    record Problem(String file, long splitStart, long offset, long lineInSplit, String message) implements Serializable {

        /** "file, line n": exact for a split that starts the file, else counted on the driver. */
        String where(Configuration conf) {
            if (splitStart == 0) {
                return file + ", line " + lineInSplit;
            }
            Path path = new Path(file);
            try {
                if (new CompressionCodecFactory(conf).getCodec(path) == null) {
                    return file + ", line " + HadoopFiles.lineAt(path, offset, conf);
                }
            } catch (IOException e) {
                // fall through: say where the split starts instead
            }
            return file + ", line " + lineInSplit + " of the split that starts at byte " + splitStart;
        }
    }

    /** One partition's count, whether all its values are floats, and its first problem or null. */
    record Tally(long count, boolean floats, Problem problem) implements Serializable {
    }

    private static Iterator<Tally> tally(InputSplit split, Iterator<Tuple2<LongWritable, Text>> records,
                                         TextParser parser) {
        Parsed parsed = new Parsed(split, records, parser);
        long count = 0;
        boolean floats = true;
        try {
            while (parsed.hasNext()) {
                floats &= parsed.next().floats();
                count++;
            }
        } catch (BadInput e) {
            return List.of(new Tally(count, floats, parsed.problem)).iterator();
        }
        return List.of(new Tally(count, floats, null)).iterator();
    }

    /** The examples of one split, parsed as they are read; blank lines, comments and a CSV header skipped. */
    private static final class Parsed implements Iterator<Example> {
        private final FileSplit split;
        private final Iterator<Tuple2<LongWritable, Text>> records;
        private final TextParser parser;
        private long line;
        private Example next;
        /** The malformed line met, if any. */
        Problem problem;

        Parsed(InputSplit split, Iterator<Tuple2<LongWritable, Text>> records, TextParser parser) {
            this.split = (FileSplit) split;
            this.records = records;
            this.parser = parser;
        }

        @Override
        public boolean hasNext() {
            while (next == null && more()) {
                Tuple2<LongWritable, Text> record = records.next();
                line++;
                String text = record._2().toString();                   // the reader reuses its Text
                if (line == 1 && split.getStart() == 0 && parser.isHeader(text)) {
                    continue;
                }
                try {
                    next = parser.parse(text);
                } catch (TextParser.Malformed e) {
                    problem = new Problem(split.getPath().toString(), split.getStart(), record._1().get(), line,
                            e.getMessage());
                    throw new BadInput(problem.file() + ", line " + line + (split.getStart() == 0 ? ""
                            : " of the split that starts at byte " + split.getStart()) + ": " + e.getMessage());
                }
            }
            return next != null;
        }

        /** Whether the split has another line; a file that cannot be read on (a cut or damaged .gz) is a problem. */
        private boolean more() {
            try {
                return records.hasNext();
            } catch (Exception e) {                                     // Hadoop's reader throws IOException unchecked
                if (!(e instanceof IOException)) {
                    throw e;
                }
                problem = new Problem(split.getPath().toString(), 0, 0, line + 1, "cannot read on ("
                        + e.getMessage() + "): the file is truncated or damaged");
                throw new BadInput(problem.file() + ": " + problem.message());
            }
        }

        @Override
        public Example next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Example example = next;
            next = null;
            return example;
        }
    }
}
