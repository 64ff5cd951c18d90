package nabla.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** θ and gradients cross the wire packed (PackedDoubles): every bit must come back, and every count. */
class SerializationTest {
    /** Values Java's own double[] serialization keeps and a careless packing might not. */
    private static final double[] AWKWARD = {-0.0, Double.MIN_VALUE, -Double.MAX_VALUE, Double.NaN,
            Double.longBitsToDouble(0x7ff0_0000_0000_0001L), Double.POSITIVE_INFINITY, Math.PI, 1e-310};

    @Test
    void parametersComeBackBitForBit() throws Exception {
        Parameters theta = Parameters.random(new int[] {7, 5, 3, 2}, true, 11);
        System.arraycopy(AWKWARD, 0, theta.w(1), 0, AWKWARD.length);
        Parameters back = roundTrip(theta, Parameters.class);
        assertArrayEquals(theta.sizes(), back.sizes());
        for (int l = 1; l <= theta.layers(); l++) {
            assertArrayEquals(rawBits(theta.w(l)), rawBits(back.w(l)), "W^" + l);
            assertArrayEquals(rawBits(theta.b(l)), rawBits(back.b(l)), "b^" + l);
        }
    }

    @Test
    void gradientsComeBackBitForBitWithTheirCounts() throws Exception {
        int[] sizes = {6, 4, 3};
        Gradient sum = new Gradient(sizes);
        double[] x = new double[6 * 5];
        double[] y = new double[3 * 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.sin(i);
        }
        for (int j = 0; j < 5; j++) {
            y[j * 3 + j % 3] = 1;
        }
        new Backprop(sizes, Cost.CROSS_ENTROPY, 5).accumulate(Parameters.random(sizes, true, 3), x, y, 0, 5, sum);
        sum.timed(12_345);
        System.arraycopy(AWKWARD, 0, sum.nablaW[2], 0, AWKWARD.length);

        Gradient back = roundTrip(sum, Gradient.class);
        assertEquals(sum.m(), back.m());
        assertEquals(Double.doubleToRawLongBits(sum.cost()), Double.doubleToRawLongBits(back.cost()));
        assertEquals(sum.computeNanos(), back.computeNanos());
        for (int l = 1; l < sizes.length; l++) {
            assertArrayEquals(rawBits(sum.nablaW(l)), rawBits(back.nablaW(l)), "Σ∂C/∂W^" + l);
            assertArrayEquals(rawBits(sum.nablaB(l)), rawBits(back.nablaB(l)), "Σ∂C/∂b^" + l);
        }
    }

    private static <T> T roundTrip(T value, Class<T> type) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return type.cast(in.readObject());
        }
    }

    private static long[] rawBits(double[] values) {
        return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
    }
}
