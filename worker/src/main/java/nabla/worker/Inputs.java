package nabla.worker;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A shard's X (n_0 × N_p, column-major) as the data gave it, kept lean: IDX pixels as bytes, text values as
 * floats when every value of the data set is exactly a float, else as doubles. A step turns only its own
 * columns into doubles, x = v / s, in a buffer it reuses ({@link #stack}); the doubles are the ones a shard
 * of x = v / s would hold, bit for bit: the same division of the same double v by the same s.
 *
 * <p>Bytes go through a table of the 256 values (b &amp; 0xff) / s, each computed once by that very
 * division. Floats and doubles are divided by s, except when s is a power of two, where v · (1/s) is the
 * same correctly rounded number as v / s (1/s is exact) and a multiplication is cheaper.
 */
public sealed interface Inputs extends Serializable permits Inputs.Bytes, Inputs.Floats, Inputs.Doubles {

    /** n_0, the values per column. */
    int rows();

    /** s, the scale that divides every value. */
    double scale();

    /** N_p, the number of columns. */
    int count();

    /** Writes x = v / s of columns j0 .. j0+m−1 into {@code into}, from column k0 on (n_0 values a column). */
    void stack(int j0, int m, double[] into, int k0);

    /** Columns [from, to) alone (a copy). */
    Inputs columns(int from, int to);

    /** Pixels, a byte each (0..255). */
    static Inputs bytes(int rows, double scale, byte[] values) {
        return new Bytes(rows, scale, values);
    }

    /** Values that are all exactly floats. */
    static Inputs floats(int rows, double scale, float[] values) {
        return new Floats(rows, scale, values);
    }

    /** Values as read. */
    static Inputs doubles(int rows, double scale, double[] values) {
        return new Doubles(rows, scale, values);
    }

    /** Whether v is exactly a float: (double) (float) v == v. */
    static boolean isFloat(double v) {
        return (double) (float) v == v;
    }

    /** 1/s if it is exact (s a power of two with a normal reciprocal), else 0: then v · (1/s) = v / s, always. */
    private static double exactReciprocal(double scale) {
        int e = Math.getExponent(scale);
        boolean powerOfTwo = scale > 0 && scale == Math.scalb(1.0, e) && e > Double.MIN_EXPONENT
                && -e > Double.MIN_EXPONENT && -e < Double.MAX_EXPONENT;
        return powerOfTwo ? 1 / scale : 0;
    }

    /** x = v / s, as v · (1/s) when 1/s is exact (then the two are the same number). */
    private static double divided(double v, double scale, double reciprocal) {
        return reciprocal != 0 ? v * reciprocal : v / scale;
    }

    private static void check(int rows, int length, double scale) {
        if (rows < 1 || length % rows != 0) {
            throw new IllegalArgumentException(length + " values do not make columns of " + rows);
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a positive number, got " + scale);
        }
    }

    /** IDX pixels, n_0 bytes a column: x = (b &amp; 0xff) / s. */
    record Bytes(int rows, double scale, byte[] values) implements Inputs {
        public Bytes {
            check(rows, values.length, scale);
        }

        @Override
        public int count() {
            return values.length / rows;
        }

        @Override
        public void stack(int j0, int m, double[] into, int k0) {
            double[] table = Table.of(scale);
            int from = j0 * rows;
            int to = k0 * rows;
            for (int i = 0, length = m * rows; i < length; i++) {
                into[to + i] = table[values[from + i] & 0xff];      // x = (b & 0xff) / s
            }
        }

        @Override
        public Inputs columns(int from, int to) {
            return new Bytes(rows, scale, Arrays.copyOfRange(values, from * rows, to * rows));
        }
    }

    /** Text values that are all exactly floats: x = (double) v / s. */
    record Floats(int rows, double scale, float[] values) implements Inputs {
        public Floats {
            check(rows, values.length, scale);
        }

        @Override
        public int count() {
            return values.length / rows;
        }

        @Override
        public void stack(int j0, int m, double[] into, int k0) {
            double reciprocal = exactReciprocal(scale);
            for (int i = 0, from = j0 * rows, to = k0 * rows; i < m * rows; i++) {
                into[to + i] = divided(values[from + i], scale, reciprocal);
            }
        }

        @Override
        public Inputs columns(int from, int to) {
            return new Floats(rows, scale, Arrays.copyOfRange(values, from * rows, to * rows));
        }
    }

    /** Text values, some of which are not floats: x = v / s. */
    record Doubles(int rows, double scale, double[] values) implements Inputs {
        public Doubles {
            check(rows, values.length, scale);
        }

        @Override
        public int count() {
            return values.length / rows;
        }

        @Override
        public void stack(int j0, int m, double[] into, int k0) {
            double reciprocal = exactReciprocal(scale);
            for (int i = 0, from = j0 * rows, to = k0 * rows; i < m * rows; i++) {
                into[to + i] = divided(values[from + i], scale, reciprocal);
            }
        }

        @Override
        public Inputs columns(int from, int to) {
            return new Doubles(rows, scale, Arrays.copyOfRange(values, from * rows, to * rows));
        }
    }

    /** The 256 values (b &amp; 0xff) / s of the last s asked for, per thread. */
    final class Table {
        private static final ThreadLocal<Table> LAST = new ThreadLocal<>();
        private final double scale;
        private final double[] values = new double[256];

        private Table(double scale) {
            this.scale = scale;
            for (int b = 0; b < 256; b++) {
                values[b] = b / scale;                               // x = (b & 0xff) / s, once per b
            }
        }

        static double[] of(double scale) {
            Table t = LAST.get();
            if (t == null || Double.compare(t.scale, scale) != 0) {
                t = new Table(scale);
                LAST.set(t);
            }
            return t.values;
        }
    }
}
