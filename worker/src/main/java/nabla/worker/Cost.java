package nabla.worker;

/**
 * The two costs of the book, per example: C = Σ_j c(a_j, y_j) over the n_L output neurons, and BP1,
 * the output error δ^L_j = ∂C/∂z^L_j, written with σ′(z) = a(1 − a).
 */
public enum Cost {
    /** C = ½ ‖a − y‖² (network.py). */
    QUADRATIC("QuadraticCost", "quadratic") {
        @Override
        public double of(double a, double y) {
            double d = a - y;
            return 0.5 * d * d;
        }

        @Override
        public double outputError(double a, double y) {
            return (a - y) * a * (1 - a);                    // δ^L = (a − y) ⊙ σ′(z^L)
        }
    },

    /** C = −Σ [y ln a + (1 − y) ln(1 − a)] (network2.py); its BP1 loses the σ′ factor. */
    CROSS_ENTROPY("CrossEntropyCost", "cross-entropy") {
        @Override
        public double of(double a, double y) {
            // network2.py takes np.nan_to_num of this: 0 · ln 0 counts as 0, ln 0 as the largest double.
            double c = (y == 0 ? 0 : -y * Math.log(a)) + (y == 1 ? 0 : -(1 - y) * Math.log(1 - a));
            return Double.isInfinite(c) ? Double.MAX_VALUE : c;
        }

        @Override
        public double outputError(double a, double y) {
            return a - y;                                     // δ^L = a − y
        }

        /**
         * For a one-hot y every term is −ln t_j, t_j = a_j where y_j = 1 and 1 − a_j where y_j = 0, so the
         * sum is −ln Π_j t_j: one logarithm per example instead of n_L. Falls back to the sum of {@link #of}
         * when y is not 0/1 or when the product comes near underflow (where network2.py's nan_to_num rules).
         */
        @Override
        public double ofColumn(double[] a, int aOffset, double[] y, int yOffset, int n) {
            double product = 1;
            for (int j = 0; j < n; j++) {
                double t = y[yOffset + j];
                double aj = a[aOffset + j];
                if (t == 1) {
                    product *= aj;
                } else if (t == 0) {
                    product *= 1 - aj;
                } else {
                    return super.ofColumn(a, aOffset, y, yOffset, n);
                }
            }
            return product >= 1e-290 ? -Math.log(product) : super.ofColumn(a, aOffset, y, yOffset, n);
        }
    };

    private final String bookName;
    private final String optionName;

    Cost(String bookName, String optionName) {
        this.bookName = bookName;
        this.optionName = optionName;
    }

    /** The cost c(a, y) of one output neuron. */
    public abstract double of(double a, double y);

    /** Σ_j c(a_j, y_j) over one example's n_L outputs: a_j at aOffset + j, y_j at yOffset + j. */
    public double ofColumn(double[] a, int aOffset, double[] y, int yOffset, int n) {
        double c = 0;
        for (int j = 0; j < n; j++) {
            c += of(a[aOffset + j], y[yOffset + j]);
        }
        return c;
    }

    /** BP1 for one output neuron: δ^L = ∂c/∂a · σ′(z^L), given a = σ(z^L) and the target y. */
    public abstract double outputError(double a, double y);

    /** The class name network2.py writes in a model file's "cost" field. */
    public String bookName() {
        return bookName;
    }

    /** The name the command line uses: quadratic or cross-entropy. */
    public String optionName() {
        return optionName;
    }

    /** Reads a cost from its command-line name or its network2.py class name. */
    public static Cost parse(String name) {
        for (Cost c : values()) {
            if (c.optionName.equalsIgnoreCase(name) || c.bookName.equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException(
                "unknown cost '" + name + "'; expected quadratic or cross-entropy");
    }
}
