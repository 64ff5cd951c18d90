package nabla.worker;

/**
 * The update rule, applied on the driver once per step to the summed gradient of the global mini-batch:
 * θ ← θ − (η/m) Σ_x ∇C_x, m the true number of examples summed (the last batch of an epoch may be smaller).
 */
public final class Sgd {
    private final double eta;

    /** @param eta η, the learning rate; must be positive */
    public Sgd(double eta) {
        if (!(eta > 0) || Double.isInfinite(eta)) {
            throw new IllegalArgumentException("η must be a positive number, got " + eta);
        }
        this.eta = eta;
    }

    public double eta() {
        return eta;
    }

    /** A new θ; neither argument is modified. */
    public Parameters update(Parameters theta, Gradient sum) {
        if (sum.m() == 0) {
            throw new IllegalArgumentException("a step summed no examples");
        }
        double rate = eta / sum.m();                                   // η/m
        Parameters next = theta.copy();
        for (int l = 1; l <= theta.layers(); l++) {
            double[] w = next.w(l);
            double[] nablaW = sum.nablaW(l);
            for (int i = 0; i < w.length; i++) {
                w[i] -= rate * nablaW[i];                              // W^l ← W^l − (η/m) Σ∂C/∂W^l
            }
            double[] b = next.b(l);
            double[] nablaB = sum.nablaB(l);
            for (int j = 0; j < b.length; j++) {
                b[j] -= rate * nablaB[j];                              // b^l ← b^l − (η/m) Σ∂C/∂b^l
            }
        }
        return next;
    }
}
