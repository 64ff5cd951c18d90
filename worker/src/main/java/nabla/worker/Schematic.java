package nabla.worker;

import java.util.ArrayList;
import java.util.List;

/**
 * Backprop schematically applied to a network: the lines {@link Backprop#accumulate} runs for a block of
 * m examples, in the order it runs them, each with the equation its comment in Backprop carries, the
 * matrices it reads and writes with their shapes, its FLOPs and the bytes it touches.
 *
 * <p>Held to the kernel by a test: the results are the buffers {@link Backprop#bufferShapes} allocates and
 * the gradient's shapes, the products are the BLAS calls the kernel makes, and every equation template is
 * a comment in Backprop.java.
 *
 * <p>Counting: a product op(A) op(B) with op(A) r × s and op(B) s × c is 2rsc FLOPs; an elementwise line
 * counts one FLOP per element and operation (σ counts as one). Bytes are 8 per double read or written,
 * each operand and the result once (what the line must move at least).
 */
public final class Schematic {
    private Schematic() {
    }

    /** A matrix named in book notation (e.g. W², A¹) and its shape. */
    public record Matrix(String name, int rows, int columns) {
        public long size() {
            return (long) rows * columns;
        }

        @Override
        public String toString() {
            return name + " (" + rows + "×" + columns + ")";
        }
    }

    /** A BLAS product C ← op(A) op(B) + βC: op(A) is r × s, op(B) is s × c, C is r × c. */
    public record Product(boolean transA, boolean transB, int r, int c, int s) {
        public long flops() {
            return 2L * r * c * s;
        }
    }

    /**
     * One line of the kernel.
     *
     * @param pass     "forward" or "backward"
     * @param rule     BP1..BP4 for the backward lines, "" for the forward ones
     * @param template the equation as Backprop.java's comment writes it, with l (and L) for the layer
     * @param equation the template for this layer, e.g. Z² = W² A¹ + b² 1ᵀ
     * @param shapes   the equation in shapes, e.g. W² (10×30) · A¹ (30×m) + b² (10×1) → Z² (10×m)
     * @param operands what the line reads
     * @param result   what it writes
     * @param product  the BLAS product it makes, or null for an elementwise line
     */
    public record Line(String pass, String rule, String template, String equation, String shapes,
                       List<Matrix> operands, Matrix result, Product product, long flops) {
        /** 8 bytes per double of every operand and the result. */
        public long bytes() {
            long doubles = result.size();
            for (Matrix operand : operands) {
                doubles += operand.size();
            }
            return 8 * doubles;
        }
    }

    /** The lines {@link Backprop#accumulate} runs for a block of {@code m} examples of network {@code sizes}. */
    public static List<Line> of(int[] sizes, Cost cost, int m) {
        Parameters.checkSizes(sizes);
        if (m < 1) {
            throw new IllegalArgumentException("a block needs at least 1 example, got " + m);
        }
        int[] n = sizes;
        int L = n.length - 1;
        List<Line> lines = new ArrayList<>();
        for (int l = 1; l <= L; l++) {
            Matrix W = new Matrix("W" + sup(l), n[l], n[l - 1]);
            Matrix aPrev = new Matrix("A" + sup(l - 1), n[l - 1], m);
            Matrix b = new Matrix("b" + sup(l), n[l], 1);
            Matrix Z = new Matrix("Z" + sup(l), n[l], m);
            Product p = new Product(false, false, n[l], m, n[l - 1]);
            lines.add(line("forward", "", "Z^l = W^l A^{l−1} + b^l 1ᵀ", l, L, W + " · " + aPrev + " + " + b,
                    List.of(W, aPrev, b), Z, p, p.flops() + Z.size()));
            lines.add(line("forward", "", "A^l = σ(Z^l)", l, L, "σ(" + Z + ")",
                    List.of(Z), new Matrix("A" + sup(l), n[l], m), null, Z.size()));
        }
        Matrix AL = new Matrix("A" + sup(L), n[L], m);
        Matrix Y = new Matrix("Y", n[L], m);
        Matrix deltaL = new Matrix("Δ" + sup(L), n[L], m);
        boolean quadratic = cost == Cost.QUADRATIC;
        lines.add(quadratic
                ? line("backward", "BP1", "Δ^L = (A^L − Y) ⊙ σ′(Z^L)", L, L,
                        "(" + AL + " − " + Y + ") ⊙ A" + sup(L) + "(1 − A" + sup(L) + ")",
                        List.of(AL, Y), deltaL, null, 4 * deltaL.size())
                : line("backward", "BP1", "Δ^L = A^L − Y", L, L, AL + " − " + Y,
                        List.of(AL, Y), deltaL, null, deltaL.size()));
        for (int l = L; l >= 1; l--) {
            Matrix delta = new Matrix("Δ" + sup(l), n[l], m);
            Matrix aPrev = new Matrix("A" + sup(l - 1), n[l - 1], m);
            lines.add(line("backward", "BP3", "∂C/∂b^l = Δ^l 1", l, L, delta + " · 1 (" + m + "×1)",
                    List.of(delta), new Matrix("∂C/∂b" + sup(l), n[l], 1), null, delta.size()));
            Product bp4 = new Product(false, true, n[l], n[l - 1], m);
            lines.add(line("backward", "BP4", "∂C/∂W^l = Δ^l (A^{l−1})ᵀ", l, L,
                    delta + " · " + transposed(aPrev),
                    List.of(delta, aPrev), new Matrix("∂C/∂W" + sup(l), n[l], n[l - 1]), bp4, bp4.flops()));
            if (l > 1) {
                Matrix W = new Matrix("W" + sup(l), n[l], n[l - 1]);
                Matrix deltaPrev = new Matrix("Δ" + sup(l - 1), n[l - 1], m);
                Product bp2 = new Product(true, false, n[l - 1], m, n[l]);
                lines.add(line("backward", "BP2", "Δ^{l−1} = (W^l)ᵀ Δ^l ⊙ σ′(Z^{l−1})", l, L,
                        transposed(W) + " · " + delta + " ⊙ σ′ from " + aPrev,
                        List.of(W, delta, aPrev), deltaPrev, bp2, bp2.flops() + 3 * deltaPrev.size()));
            }
        }
        return List.copyOf(lines);
    }

    /** Σ FLOPs over the lines. */
    public static long flops(List<Line> lines) {
        return lines.stream().mapToLong(Line::flops).sum();
    }

    /** Σ FLOPs of the BLAS products alone (the part that grows with the layer widths). */
    public static long productFlops(List<Line> lines) {
        return lines.stream().filter(line -> line.product() != null).mapToLong(line -> line.product().flops()).sum();
    }

    /** Σ bytes over the lines. */
    public static long bytes(List<Line> lines) {
        return lines.stream().mapToLong(Line::bytes).sum();
    }

    private static Line line(String pass, String rule, String template, int l, int L, String operandShapes,
                             List<Matrix> operands, Matrix result, Product product, long flops) {
        String equation = template.replace("^{l−1}", sup(l - 1)).replace("^{l+1}", sup(l + 1))
                .replace("^l", sup(l)).replace("^L", sup(L));
        return new Line(pass, rule, template, equation, operandShapes + " → " + result, operands, result,
                product, flops);
    }

    /** (M)ᵀ with the transposed shape. */
    private static String transposed(Matrix a) {
        return "(" + a.name() + ")ᵀ (" + a.columns() + "×" + a.rows() + ")";
    }

    /** l as superscript digits: 12 → ¹². */
    static String sup(int l) {
        String digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        StringBuilder s = new StringBuilder();
        for (char c : Integer.toString(l).toCharArray()) {
            s.append(digits.charAt(c - '0'));
        }
        return s.toString();
    }
}
