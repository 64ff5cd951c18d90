package nabla.worker;

import java.io.Serializable;

/**
 * How a network does on a set of examples: how many it classifies right (argmax of a^L equals argmax of
 * y), out of how many, and Σ C over them.
 */
public record Score(long correct, long count, double cost) implements Serializable {

    public static final Score NONE = new Score(0, 0, 0);

    /** The score of both sets together. */
    public Score plus(Score other) {
        return new Score(correct + other.correct, count + other.count, cost + other.cost);
    }

    /** The index of the largest of v[offset .. offset+length−1] (the first, on ties): a^L's class, or y's. */
    public static int argmax(double[] v, int offset, int length) {
        int best = 0;
        for (int j = 1; j < length; j++) {
            if (v[offset + j] > v[offset + best]) {
                best = j;
            }
        }
        return best;
    }

    /** correct / count. */
    public double accuracy() {
        return count == 0 ? 0 : (double) correct / count;
    }
}
