package nabla.driver.data;

import java.io.Serializable;

/**
 * Turns a line of LIBSVM or CSV into an {@link Example}, or says in a few words what is wrong with it.
 * Runs on the executors; holds only numbers.
 *
 * <ul>
 * <li>LIBSVM: {@code label i:v i:v ...}, indices 1-based and increasing, whitespace between; blank lines
 *     and lines starting with # are skipped.
 * <li>CSV: {@code label,x_1,...,x_n0}; blank lines are skipped; the first line of a file is a header
 *     when none of its fields is a number.
 * </ul>
 * A label is a class 0..n_L−1 (written 3 or 3.0); every value must be a finite number.
 */
public final class TextParser implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Format format;
    private final int inputs;
    private final int classes;

    /**
     * @param inputs  n_0
     * @param classes n_L; ≤ 0 to accept any integer label (inputs to predict)
     */
    public TextParser(Format format, int inputs, int classes) {
        if (format == Format.IDX) {
            throw new IllegalArgumentException("IDX is not a text format");
        }
        this.format = format;
        this.inputs = inputs;
        this.classes = classes;
    }

    /** A line the parser refuses; the message says why, the caller says where. Cheap: no stack trace. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /** Whether a file's first line is a header to skip: CSV, and not one field of it is a number. */
    boolean isHeader(String line) {
        if (format != Format.CSV) {
            return false;
        }
        for (String field : line.split(",", -1)) {
            try {
                Double.parseDouble(field.trim());
                return false;
            } catch (NumberFormatException e) {
                // a name, as a header has
            }
        }
        return true;
    }

    /** The example on this line, or null for a line that holds none (blank, or a LIBSVM comment). */
    Example parse(String line) throws Malformed {
        String text = line.strip();
        if (text.isEmpty() || format == Format.LIBSVM && text.startsWith("#")) {
            return null;
        }
        Example example = format == Format.LIBSVM ? libsvm(text) : csv(text);
        String problem = example.problem(inputs, classes);
        if (problem != null) {
            throw new Malformed(problem);
        }
        return example;
    }

    private Example libsvm(String text) throws Malformed {
        String[] tokens = text.split("\\s+");
        int label = label(tokens[0]);
        int[] indices = new int[tokens.length - 1];
        double[] values = new double[tokens.length - 1];
        for (int k = 1; k < tokens.length; k++) {
            String pair = tokens[k];
            int colon = pair.indexOf(':');
            if (colon < 0) {
                throw new Malformed("'" + pair + "' is not an index:value pair");
            }
            String index = pair.substring(0, colon);
            try {
                indices[k - 1] = Integer.parseInt(index) - 1;
            } catch (NumberFormatException e) {
                throw new Malformed("index '" + index + "' is not a whole number");
            }
            values[k - 1] = number(pair.substring(colon + 1), "value of index " + index);
        }
        return Example.sparse(label, indices, values);
    }

    private Example csv(String text) throws Malformed {
        String[] fields = text.split(",", -1);
        if (fields.length != inputs + 1) {
            throw new Malformed(fields.length + " columns; expected " + (inputs + 1) + " (a label and " + inputs
                    + " features)");
        }
        int label = label(fields[0].trim());
        double[] x = new double[inputs];
        for (int k = 0; k < inputs; k++) {
            x[k] = number(fields[k + 1].trim(), "column " + (k + 2));
        }
        return Example.dense(label, x);
    }

    /** A class: an integer written as 3 or 3.0. */
    private int label(String token) throws Malformed {
        double value = number(token, "label");
        if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            throw new Malformed("label " + token + " is not a class" + (classes > 0 ? " 0.." + (classes - 1) : ""));
        }
        return (int) value;
    }

    private static double number(String token, String what) throws Malformed {
        try {
            return Double.parseDouble(token);
        } catch (NumberFormatException e) {
            throw new Malformed(what + " '" + token + "' is not a number");
        }
    }
}
