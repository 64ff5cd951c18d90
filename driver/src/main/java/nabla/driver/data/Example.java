package nabla.driver.data;

import java.io.Serializable;
import java.util.Arrays;
import nabla.worker.Inputs;

/**
 * One labelled example as a Spark job holds it: a class 0..n_L−1 and its features, dense (n_0 values) or
 * sparse (0-based indices in increasing order and their values; the rest are 0). Values are as given;
 * the data set's scale s divides them when the shards are built (x = value / s).
 *
 * @param label   the class, 0..n_L−1
 * @param indices the 0-based indices of {@code values}, increasing; null when {@code values} is dense
 * @param values  the features: all n_0 of them, or those at {@code indices}
 */
public record Example(int label, int[] indices, double[] values) implements Serializable {

    public Example {
        if (indices != null && indices.length != values.length) {
            throw new IllegalArgumentException(indices.length + " indices for " + values.length + " values");
        }
    }

    /** An example with every feature given. */
    public static Example dense(int label, double... x) {
        return new Example(label, null, x);
    }

    /** An example with the features at 0-based {@code indices} (increasing) given, zero elsewhere. */
    public static Example sparse(int label, int[] indices, double[] values) {
        return new Example(label, indices, values);
    }

    /**
     * What makes this example unfit for a network with n_0 inputs and n_L classes, or null if nothing
     * does. {@code classes} ≤ 0 skips the label check (examples to predict carry no real label).
     */
    public String problem(int inputs, int classes) {
        if (classes > 0 && (label < 0 || label >= classes)) {
            return "label " + label + " is out of range 0.." + (classes - 1) + " (the output layer has " + classes
                    + " classes)";
        }
        if (indices == null && values.length != inputs) {
            return values.length + " features; the input layer has " + inputs;
        }
        for (int k = 0; k < values.length; k++) {
            int index = indices == null ? k : indices[k];
            if (indices != null) {
                if (index < 0 || index >= inputs) {
                    return "index " + (index + 1) + " is out of range 1.." + inputs + " (the input layer has "
                            + inputs + ")";
                }
                if (k > 0 && index <= indices[k - 1]) {
                    return "indices are not increasing (" + (index + 1) + " after " + (indices[k - 1] + 1) + ")";
                }
            }
            if (!Double.isFinite(values[k])) {
                return "feature " + (index + 1) + " is " + values[k];
            }
        }
        return null;
    }

    /** Writes x = values / s into column j of X (n_0 × N, column-major), which must hold zeros there. */
    public void stackInto(double[] x, int inputs, int j, double scale) {
        int column = j * inputs;
        for (int k = 0; k < values.length; k++) {
            x[column + (indices == null ? k : indices[k])] = values[k] / scale;
        }
    }

    /** Writes the values as given into column j of V (n_0 × N, column-major), which must hold zeros there. */
    void copyInto(double[] v, int inputs, int j) {
        stackInto(v, inputs, j, 1);                                  // v / 1 = v, exactly
    }

    /** As {@link #copyInto(double[], int, int)}, as floats: for values that are all {@link #floats()}. */
    void copyInto(float[] v, int inputs, int j) {
        int column = j * inputs;
        for (int k = 0; k < values.length; k++) {
            v[column + (indices == null ? k : indices[k])] = (float) values[k];
        }
    }

    /** Whether every value is exactly a float, so that a float keeps it bit for bit. */
    boolean floats() {
        for (double v : values) {
            if (!Inputs.isFloat(v)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Example e && label == e.label && Arrays.equals(indices, e.indices)
                && Arrays.equals(values, e.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * label + Arrays.hashCode(indices)) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Example[label=" + label + ", indices=" + Arrays.toString(indices) + ", values="
                + Arrays.toString(values) + "]";
    }
}
