package nabla.worker;

import java.util.ArrayList;
import java.util.List;

/**
 * Central finite differences against a gradient: for every weight and bias θ_i of a network,
 * ∂C/∂θ_i ≈ (C(θ + h e_i) − C(θ − h e_i)) / 2h, with C = Σ_x C_x over a block of m examples, compared
 * with what the gradient function returns for the same block.
 *
 * <p>The error of a layer is ‖g − g̃‖_∞ / max(‖g‖_∞, ‖g̃‖_∞) over its weights (and, apart, its biases):
 * the worst entry's error relative to the layer's largest derivative. (Relative to each entry alone would
 * flag derivatives near 0, e.g. of saturated sigmoids, where the difference quotient is all rounding.)
 */
public final class GradientCheck {
    /** The step h of the difference quotient: its error is O(h²) against rounding of O(ε C / h). */
    public static final double H = 1e-5;

    private GradientCheck() {
    }

    /** What is checked: Σ∇C over columns 0..m−1 of x (n_0 × m) and y (n_L × m). */
    @FunctionalInterface
    public interface GradientFunction {
        Gradient of(Parameters theta, double[] x, double[] y, int m);
    }

    /** The kernel's gradient: {@link Backprop#accumulate} over the whole block. */
    public static GradientFunction backprop(Cost cost) {
        return (theta, x, y, m) -> {
            Gradient sum = new Gradient(theta.sizes());
            new Backprop(theta.sizes(), cost, m).accumulate(theta, x, y, 0, m, sum);
            return sum;
        };
    }

    /**
     * One layer's result.
     *
     * @param weights the error of ∂C/∂W^l
     * @param biases  the error of ∂C/∂b^l
     */
    public record Layer(int l, double weights, double biases) {
        public double worst() {
            return Math.max(weights, biases);
        }
    }

    /** The error of every layer l = 1..L, checking all of θ's parameters; θ is not modified. */
    public static List<Layer> check(Parameters theta, Cost cost, double[] x, double[] y, int m,
                                    GradientFunction gradient) {
        Gradient analytic = gradient.of(theta, x, y, m);
        Parameters probe = theta.copy();                        // its arrays are nudged one entry at a time
        Backprop forward = new Backprop(theta.sizes(), cost, m);
        List<Layer> layers = new ArrayList<>();
        for (int l = 1; l <= theta.layers(); l++) {
            double weights = error(analytic.nablaW(l), numeric(probe.w(l), probe, forward, x, y, m));
            double biases = error(analytic.nablaB(l), numeric(probe.b(l), probe, forward, x, y, m));
            layers.add(new Layer(l, weights, biases));
        }
        return layers;
    }

    /** (C(θ + h e_i) − C(θ − h e_i)) / 2h for every entry i of {@code param}, one of probe's arrays. */
    private static double[] numeric(double[] param, Parameters probe, Backprop forward, double[] x, double[] y,
                                    int m) {
        double[] d = new double[param.length];
        for (int i = 0; i < param.length; i++) {
            double saved = param[i];
            param[i] = saved + H;
            double plus = forward.cost(probe, x, y, 0, m);
            param[i] = saved - H;
            double minus = forward.cost(probe, x, y, 0, m);
            param[i] = saved;
            d[i] = (plus - minus) / (2 * H);
        }
        return d;
    }

    /** ‖a − b‖_∞ / max(‖a‖_∞, ‖b‖_∞); 0 when both are 0. */
    static double error(double[] a, double[] b) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.max(Math.abs(a[i]), Math.abs(b[i])));
        }
        return scale == 0 ? 0 : diff / scale;
    }
}
