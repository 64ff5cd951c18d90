package nabla.driver.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import nabla.worker.Cost;
import nabla.worker.Parameters;
import org.apache.hadoop.conf.Configuration;

/**
 * Model files in network2.py's JSON, so the book's {@code network2.load} reads ours and we read its:
 * {@code {"sizes": [...], "weights": [n_l × n_{l−1} nested rows, per layer], "biases": [n_l × 1 nested,
 * per layer], "cost": "QuadraticCost" | "CrossEntropyCost"}}. Doubles are written so they read back to
 * the same bits. Files live at any Hadoop path (a local path, hdfs://, s3a://, …; no scheme means the
 * default file system), as data and checkpoints do.
 */
public final class ModelFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Reads one JSON value and nothing after it; a key given twice is an error; big numbers stay exact. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Set<String> FIELDS = new TreeSet<>(List.of("sizes", "weights", "biases", "cost"));

    private ModelFile() {
    }

    /** A network and the cost it was trained with. */
    public record Model(Parameters theta, Cost cost) {
    }

    /**
     * Writes the model to a temporary file beside {@code file}, then renames it over {@code file}: a
     * failure never leaves a truncated model, and never replaces a good one.
     */
    public static void write(String file, Configuration hadoop, Parameters theta, Cost cost) {
        refuseNonFinite(file, theta);
        ObjectNode root = JSON.createObjectNode();
        ArrayNode sizes = root.putArray("sizes");
        for (int n : theta.sizes()) {
            sizes.add(n);
        }
        ArrayNode weights = root.putArray("weights");
        ArrayNode biases = root.putArray("biases");
        for (int l = 1; l <= theta.layers(); l++) {
            ArrayNode w = weights.addArray();
            for (int j = 0; j < theta.size(l); j++) {
                ArrayNode row = w.addArray();
                for (int k = 0; k < theta.size(l - 1); k++) {
                    row.add(theta.w(l, j, k));
                }
            }
            ArrayNode b = biases.addArray();
            for (int j = 0; j < theta.size(l); j++) {
                b.addArray().add(theta.b(l)[j]);
            }
        }
        root.put("cost", cost.bookName());
        AtomicFile.write(file, hadoop, out -> JSON.writeValue(out, root));
    }

    /**
     * NaN and ∞ have no JSON number: a model holding one could not be read back (by nabla or network2.py),
     * so it is not written. Says where the first one is.
     */
    private static void refuseNonFinite(String file, Parameters theta) {
        for (int l = 1; l <= theta.layers(); l++) {
            for (int j = 0; j < theta.size(l); j++) {
                for (int k = 0; k < theta.size(l - 1); k++) {
                    if (!Double.isFinite(theta.w(l, j, k))) {
                        throw new BadInput("not writing " + file + ": W^" + l + "[" + j + "][" + k + "] is "
                                + theta.w(l, j, k) + " (training diverged: lower η)");
                    }
                }
                if (!Double.isFinite(theta.b(l)[j])) {
                    throw new BadInput("not writing " + file + ": b^" + l + "[" + j + "] is " + theta.b(l)[j]
                            + " (training diverged: lower η)");
                }
            }
        }
    }

    /**
     * Reads a model strictly: one JSON object and nothing after it, exactly the four fields network2.py
     * writes, integer sizes, n_l rows of n_{l−1} finite numbers per W^l, n_l one-number rows per b^l, and a
     * cost; anything else is bad input naming the file and the place.
     */
    public static Model read(String file, Configuration hadoop) {
        JsonNode root;
        try (InputStream in = HadoopFiles.open(file, hadoop)) {
            root = STRICT.readTree(in);
        } catch (JsonProcessingException e) {
            throw new BadInput("model " + file + " is not valid JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new BadInput("model " + file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new BadInput("model " + file + " is not a JSON object");
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw new BadInput("model " + file + ": unknown field \"" + name + "\" (a model has " + FIELDS + ")");
            }
        });
        int[] sizes = sizes(field(root, "sizes", file), file);
        JsonNode weights = field(root, "weights", file);
        JsonNode biases = field(root, "biases", file);
        int layers = sizes.length - 1;
        if (weights.size() != layers || biases.size() != layers) {
            throw new BadInput("model " + file + ": sizes " + Arrays.toString(sizes) + " need " + layers
                    + " weight and bias layers, found " + weights.size() + " and " + biases.size());
        }
        double[][] w = new double[layers + 1][];
        double[][] b = new double[layers + 1][];
        for (int l = 1; l <= layers; l++) {
            w[l] = matrix(weights.get(l - 1), sizes[l], sizes[l - 1], "W^" + l, file);
            b[l] = matrix(biases.get(l - 1), sizes[l], 1, "b^" + l, file);
        }
        JsonNode costName = root.get("cost");
        if (costName == null || !costName.isTextual()) {
            throw new BadInput("model " + file + " has no \"cost\" (QuadraticCost or CrossEntropyCost)");
        }
        try {
            return new Model(new Parameters(sizes, w, b), Cost.parse(costName.asText()));
        } catch (IllegalArgumentException e) {
            throw new BadInput("model " + file + ": " + e.getMessage());
        }
    }

    /** n_0, …, n_L: whole numbers that make a network whose W^l fit in an array. */
    private static int[] sizes(JsonNode list, String file) {
        int[] sizes = new int[list.size()];
        for (int l = 0; l < sizes.length; l++) {
            JsonNode n = list.get(l);
            if (!n.isIntegralNumber() || !n.canConvertToInt()) {
                throw new BadInput("model " + file + ": sizes[" + l + "] is " + n + ", not a whole number of neurons");
            }
            sizes[l] = n.intValue();
        }
        try {
            Parameters.checkSizes(sizes);
        } catch (IllegalArgumentException e) {
            throw new BadInput("model " + file + ": sizes " + Arrays.toString(sizes) + ": " + e.getMessage());
        }
        for (int l = 1; l < sizes.length; l++) {
            if ((long) sizes[l] * sizes[l - 1] > Integer.MAX_VALUE - 8) {
                throw new BadInput("model " + file + ": W^" + l + " would have " + (long) sizes[l] * sizes[l - 1]
                        + " entries, more than an array holds");
            }
        }
        return sizes;
    }

    /** A rows × cols matrix given as rows of finite numbers, column-major. */
    private static double[] matrix(JsonNode node, int rows, int cols, String name, String file) {
        if (node == null || !node.isArray() || node.size() != rows) {
            throw new BadInput("model " + file + ": " + name + " should be " + rows + " rows, found "
                    + (node != null && node.isArray() ? node.size() + " rows" : node));
        }
        double[] m = new double[rows * cols];
        for (int j = 0; j < rows; j++) {
            JsonNode row = node.get(j);
            if (!row.isArray() || row.size() != cols) {
                throw new BadInput("model " + file + ": row " + j + " of " + name + " has "
                        + (row.isArray() ? row.size() + " entries" : "no list") + ", expected " + cols);
            }
            for (int k = 0; k < cols; k++) {
                m[j + k * rows] = number(row.get(k), name + "[" + j + "][" + k + "]", file);
            }
        }
        return m;
    }

    private static JsonNode field(JsonNode root, String name, String file) {
        JsonNode node = root.get(name);
        if (node == null || !node.isArray()) {
            throw new BadInput("model " + file + " has no \"" + name + "\" list");
        }
        return node;
    }

    /** A finite number: 1e400 is beyond a double, and is refused rather than read as ∞. */
    private static double number(JsonNode node, String where, String file) {
        if (node == null || !node.isNumber()) {
            throw new BadInput("model " + file + ": " + where + " is " + node + ", not a number");
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value)) {
            throw new BadInput("model " + file + ": " + where + " is " + node.asText() + ", beyond a double");
        }
        return value;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
