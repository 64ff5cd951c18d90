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

    /**
     * One line for the logs: the implementation, and for the native one the library it loaded and its
     * threads, e.g. "JNIBLAS (/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3, OPENBLAS_NUM_THREADS=1)".
     * Debian's libblas.so.3 may be the reference BLAS (~3 GFLOP/s, not OpenBLAS' ~50 per core): the path
     * tells which. The Java implementations run in the calling thread.
     */
    public static String describe() {
        String name = implementation();
        if (!name.equals("JNIBLAS")) {
            return name + " (Java, 1 thread per task)";
        }
        return name + " (" + nativeLibrary() + ", " + nativeThreads() + ")";
    }

    /** The BLAS shared object mapped into this process (Linux), or "libblas.so.3" when it cannot tell. */
    private static String nativeLibrary() {
        double[] one = {1};
        BLAS.dgemm("N", "N", 1, 1, 1, 1.0, one, 1, one, 1, 0.0, new double[1], 1);   // loads it
        try (java.util.stream.Stream<String> maps = java.nio.file.Files.lines(java.nio.file.Path.of("/proc/self/maps"))) {
            return maps.map(line -> line.substring(line.lastIndexOf(' ') + 1))
                    .filter(path -> path.contains("blas") && !path.contains("netlib"))
                    .findFirst().orElse("libblas.so.3");
        } catch (java.io.IOException | RuntimeException e) {
            return "libblas.so.3";
        }
    }

    /** What OpenBLAS (or an OpenMP BLAS) is told about threads; by default it starts one per core. */
    private static String nativeThreads() {
        for (String variable : new String[] {"OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return variable + "=" + value;
            }
        }
        return "threads: BLAS default, usually one per core (" + Runtime.getRuntime().availableProcessors() + ")";
    }
}
