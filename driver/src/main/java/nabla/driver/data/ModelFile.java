package nabla.driver.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
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
        HadoopFiles.writeAtomically(file, hadoop, out -> JSON.writeValue(out, root));
    }

    /** Reads a model, checking every shape against "sizes". */
    public static Model read(String file, Configuration hadoop) {
        JsonNode root;
        try (InputStream in = HadoopFiles.open(file, hadoop)) {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            throw new BadInput("model " + file + " is not valid JSON: " + firstLine(e.getMessage()));
        } catch (IOException e) {
            throw new BadInput("model " + file + ": cannot read (" + e.getMessage() + ")", e);
        }
        try {
            if (root == null || !root.isObject()) {
                throw new BadInput("model " + file + " is not a JSON object");
            }
            int[] sizes = new int[field(root, "sizes", file).size()];
            for (int l = 0; l < sizes.length; l++) {
                sizes[l] = root.get("sizes").get(l).asInt();
            }
            Parameters.checkSizes(sizes);
            int layers = sizes.length - 1;
            JsonNode weights = field(root, "weights", file);
            JsonNode biases = field(root, "biases", file);
            if (weights.size() != layers || biases.size() != layers) {
                throw new BadInput("model " + file + ": sizes " + java.util.Arrays.toString(sizes) + " need "
                        + layers + " weight and bias layers, found " + weights.size() + " and " + biases.size());
            }
            double[][] w = new double[layers + 1][];
            double[][] b = new double[layers + 1][];
            for (int l = 1; l <= layers; l++) {
                int rows = sizes[l];
                int cols = sizes[l - 1];
                JsonNode wl = weights.get(l - 1);
                JsonNode bl = biases.get(l - 1);
                if (wl.size() != rows || bl.size() != rows) {
                    throw new BadInput("model " + file + ": layer " + l + " should have " + rows + " rows");
                }
                w[l] = new double[rows * cols];
                b[l] = new double[rows];
                for (int j = 0; j < rows; j++) {
                    JsonNode row = wl.get(j);
                    if (row.size() != cols) {
                        throw new BadInput("model " + file + ": row " + j + " of W^" + l + " has " + row.size()
                                + " entries, expected " + cols);
                    }
                    for (int k = 0; k < cols; k++) {
                        w[l][j + k * rows] = number(row.get(k), file);
                    }
                    JsonNode bj = bl.get(j);
                    b[l][j] = number(bj.isArray() ? bj.get(0) : bj, file);
                }
            }
            JsonNode costName = root.get("cost");
            Cost cost = costName == null ? Cost.QUADRATIC : Cost.parse(costName.asText());
            return new Model(new Parameters(sizes, w, b), cost);
        } catch (IllegalArgumentException e) {
            throw new BadInput("model " + file + ": " + e.getMessage());
        }
    }

    private static JsonNode field(JsonNode root, String name, String file) {
        JsonNode node = root.get(name);
        if (node == null || !node.isArray()) {
            throw new BadInput("model " + file + " has no \"" + name + "\" list");
        }
        return node;
    }

    private static double number(JsonNode node, String file) {
        if (node == null || !node.isNumber()) {
            throw new BadInput("model " + file + ": expected a number, found " + node);
        }
        return node.doubleValue();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
