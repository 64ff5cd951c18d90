package nabla.worker;

import dev.ludovic.netlib.blas.BLAS;

/**
 * The BLAS under MLlib's linear algebra (dev.ludovic.netlib): native (JNIBLAS, e.g. OpenBLAS) when
 * libblas.so.3 loads, else the Java Vector API, else plain Java. Matrices are column-major double[].
 */
public final class Blas {
    private static final BLAS BLAS = dev.ludovic.netlib.blas.BLAS.getInstance();

    /** Sees every product's shape when set; null except in the test that holds {@link Schematic} to the kernel. */
    static java.util.function.Consumer<Schematic.Product> watcher;

    private Blas() {
    }

    /**
     * C ← α op(A) op(B) + β C, with op(X) = X or Xᵀ as {@code transA}/{@code transB} say; op(A) is r × s,
     * op(B) is s × c, C is r × c. Each matrix is given by its array, the offset of its first element and
     * its leading dimension (rows as stored). Writes C only.
     */
    static void gemm(boolean transA, boolean transB, int r, int c, int s,
                     double alpha, double[] a, int aOffset, int lda,
                     double[] b, int bOffset, int ldb,
                     double beta, double[] cm, int cOffset, int ldc) {
        if (watcher != null) {
            watcher.accept(new Schematic.Product(transA, transB, r, c, s));
        }
        BLAS.dgemm(transA ? "T" : "N", transB ? "T" : "N", r, c, s,
                alpha, a, aOffset, lda, b, bOffset, ldb, beta, cm, cOffset, ldc);
    }

    /** The implementation in use, e.g. "JNIBLAS", "VectorBLAS" or "Java8BLAS". */
    public static String implementation() {
        return BLAS.getClass().getSimpleName();
    }
}
