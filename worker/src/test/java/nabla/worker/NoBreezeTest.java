package nabla.worker;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The build excludes Breeze; the kernel runs on MLlib's BLAS without it. */
class NoBreezeTest {

    @Test
    void breezeIsNotOnTheClassPath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("breeze.linalg.Matrix"));
    }

    @Test
    void theKernelRunsWithoutIt() {
        int[] sizes = {784, 30, 10};
        Gradient g = new Gradient(sizes);
        new Backprop(sizes, Cost.QUADRATIC, 8).accumulate(Parameters.random(sizes, false, 1),
                Fixtures.inputs(784, 8, 2), Fixtures.oneHot(10, 8, 3), 0, 8, g);
        assertTrue(g.m() == 8 && g.cost() > 0);
        assertTrue(Blas.implementation().endsWith("BLAS"), Blas.implementation());
    }
}
