package nabla.worker;

import java.io.Serializable;

/**
 * The update rule, applied on the driver once per step to the summed gradient of the global mini-batch
 * (m the true number of examples summed; the last batch of an epoch may be smaller), n the size of the
 * training set:
 * <pre>
 *   plain SGD (network.py)          w ← w − (η/m) Σ∂C/∂w                 b ← b − (η/m) Σ∂C/∂b
 *   L2, λ &gt; 0 (network2.py)        w ← (1 − ηλ/n) w − (η/m) Σ∂C/∂w      (biases are not decayed)
 *   momentum, μ &gt; 0 (chapter 3)    v ← μ v − (ηλ/n) w − (η/m) Σ∂C/∂w    w ← w + v
 *                                   u ← μ u − (η/m) Σ∂C/∂b                b ← b + u
 * </pre>
 * With momentum the L2 term is part of the gradient the velocity follows, so μ = 0 gives the L2 rule back.
 * Biases get a velocity too: momentum exists to keep going along a long shallow valley of C, and the bias
 * directions are part of that valley as much as the weights (the book writes the rule for weights and says
 * the same holds for every parameter).
 *
 * <p>The updater holds state the next step depends on: the current η (a schedule may lower it) and, with
 * momentum, the velocity. {@link #state()} and {@link #restore} save and restore both, for checkpoints.
 * Driver-only; not thread-safe.
 */
public final class Sgd {
    private final double lambda;
    private final long n;
    private final double mu;
    private double eta;
    /** (v, u): the velocity of the weights and of the biases, in θ's shapes; null before the first step. */
    private Parameters velocity;

    /** Plain SGD: θ ← θ − (η/m) Σ∇C. */
    public Sgd(double eta) {
        this(eta, 0, 1, 0);
    }

    /**
     * @param eta    η, the learning rate; positive
     * @param lambda λ, the L2 regularisation parameter; ≥ 0 (0: none)
     * @param n      the size of the training set, which L2 scales λ by; ≥ 1
     * @param mu     μ, the momentum coefficient, in [0, 1) (0: none)
     */
    public Sgd(double eta, double lambda, long n, double mu) {
        checkEta(eta);
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("λ must be ≥ 0, got " + lambda);
        }
        if (n < 1) {
            throw new IllegalArgumentException("the training set size n must be ≥ 1, got " + n);
        }
        if (!(mu >= 0 && mu < 1)) {
            throw new IllegalArgumentException("μ must be in [0, 1), got " + mu);
        }
        this.eta = eta;
        this.lambda = lambda;
        this.n = n;
        this.mu = mu;
    }

    /** The current η. */
    public double eta() {
        return eta;
    }

    /** Sets η for the steps to come (a schedule's knob); the velocity is kept. */
    public void setEta(double eta) {
        checkEta(eta);
        this.eta = eta;
    }

    public double lambda() {
        return lambda;
    }

    public double mu() {
        return mu;
    }

    /**
     * A new θ; neither argument is modified. With momentum, the velocity advances (in place: the updater
     * owns it). One pass over θ, Σ∇ and v, writing the new θ as it goes.
     */
    public Parameters update(Parameters theta, Gradient sum) {
        if (sum.m() == 0) {
            throw new IllegalArgumentException("a step summed no examples");
        }
        double rate = eta / sum.m();                                   // η/m
        double decay = eta * lambda / n;                               // ηλ/n
        Parameters next = Parameters.zeros(theta.sizes());
        if (mu == 0) {
            for (int l = 1; l <= theta.layers(); l++) {
                double[] w = theta.w(l);
                double[] nextW = next.w(l);
                double[] nablaW = sum.nablaW(l);
                for (int i = 0; i < w.length; i++) {
                    nextW[i] = (1 - decay) * w[i] - rate * nablaW[i];  // W^l ← (1 − ηλ/n) W^l − (η/m) Σ∂C/∂W^l
                }
                double[] b = theta.b(l);
                double[] nextB = next.b(l);
                double[] nablaB = sum.nablaB(l);
                for (int j = 0; j < b.length; j++) {
                    nextB[j] = b[j] - rate * nablaB[j];                // b^l ← b^l − (η/m) Σ∂C/∂b^l
                }
            }
            return next;
        }
        if (velocity == null) {
            velocity = Parameters.zeros(theta.sizes());
        }
        for (int l = 1; l <= theta.layers(); l++) {
            double[] w = theta.w(l);
            double[] nextW = next.w(l);
            double[] vW = velocity.w(l);
            double[] nablaW = sum.nablaW(l);
            for (int i = 0; i < w.length; i++) {
                vW[i] = mu * vW[i] - decay * w[i] - rate * nablaW[i];  // V^l ← μ V^l − (ηλ/n) W^l − (η/m) Σ∂C/∂W^l
                nextW[i] = w[i] + vW[i];                               // W^l ← W^l + V^l
            }
            double[] b = theta.b(l);
            double[] nextB = next.b(l);
            double[] vB = velocity.b(l);
            double[] nablaB = sum.nablaB(l);
            for (int j = 0; j < b.length; j++) {
                vB[j] = mu * vB[j] - rate * nablaB[j];                 // u^l ← μ u^l − (η/m) Σ∂C/∂b^l
                nextB[j] = b[j] + vB[j];                               // b^l ← b^l + u^l
            }
        }
        return next;
    }

    /**
     * What the next step depends on besides θ: the current η and the velocity (null before the first
     * step or without momentum). An immutable value, serializable, for checkpoints.
     */
    public record State(double eta, Parameters velocity) implements Serializable {
    }

    /** η and a copy of the velocity, as they are now (the updater goes on changing its own). */
    public State state() {
        return new State(eta, velocity == null ? null : velocity.copy());
    }

    /** Continues from a saved state: η and the velocity as they were (the state is not modified later). */
    public void restore(State state) {
        setEta(state.eta());
        velocity = state.velocity() == null ? null : state.velocity().copy();
    }

    private static void checkEta(double eta) {
        if (!(eta > 0) || Double.isInfinite(eta)) {
            throw new IllegalArgumentException("η must be a positive number, got " + eta);
        }
    }
}
