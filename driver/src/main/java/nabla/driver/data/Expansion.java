package nabla.driver.data;

import java.util.Locale;

/**
 * The book's expanded training data (chapter 6, expand_mnist.py): each image followed by copies of it
 * shifted by whole pixels, in file order; nabla's per-epoch shuffle then mixes them. For an image of
 * side r (r × r pixels, row-major) and a shift of (dy, dx), pixel (row, col) of the copy is pixel
 * (row − dy, col − dx) of the image when that lies inside it, else 0: np.roll(image, d, axis) with the
 * rolled-in row or column zeroed, as expand_mnist.py does. dy = 1 moves the picture down one row, dx = 1
 * right one column.
 *
 * <ul>
 * <li>{@link #SHIFTS}, 5×: the image, then (dy, dx) = (1, 0), (−1, 0), (0, 1), (0, −1): down, up, right,
 *     left, in expand_mnist.py's order. 60,000 images become 300,000.
 * <li>{@link #SHIFTS25}, 25×, for scale tests and not from the book: the image, then every other shift
 *     with |dy| ≤ 2 and |dx| ≤ 2, dy from −2 to 2 and, within each dy, dx from −2 to 2. 60,000 images
 *     become 1,500,000.
 * </ul>
 * Expanded example E·i + s is shift s of image i (s = 0 is the image itself).
 */
public enum Expansion {
    /** The data as it is. */
    NONE(new int[][] {{0, 0}}),
    /** expand_mnist.py: the image and its four one-pixel shifts. */
    SHIFTS(new int[][] {{0, 0}, {1, 0}, {-1, 0}, {0, 1}, {0, -1}}),
    /** The image and its 24 shifts of up to 2 pixels each way (a scale test, not the book's). */
    SHIFTS25(within(2));

    /** (dy, dx) of each copy, the image itself first. */
    private final int[][] shifts;

    Expansion(int[][] shifts) {
        this.shifts = shifts;
    }

    private static int[][] within(int d) {
        int side = 2 * d + 1;
        int[][] shifts = new int[side * side][];
        shifts[0] = new int[] {0, 0};
        int s = 1;
        for (int dy = -d; dy <= d; dy++) {
            for (int dx = -d; dx <= d; dx++) {
                if (dy != 0 || dx != 0) {
                    shifts[s++] = new int[] {dy, dx};
                }
            }
        }
        return shifts;
    }

    /** E, the examples each image becomes. */
    public int factor() {
        return shifts.length;
    }

    /** The name the command line uses: none, shifts or shifts25. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads --expand's value. */
    public static Expansion parse(String name) {
        for (Expansion e : values()) {
            if (e.optionName().equalsIgnoreCase(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown expansion '" + name + "'; expected none, shifts or shifts25");
    }

    /**
     * Writes copy s of the r × r image at {@code image[from ..]} into {@code into[to ..]}: pixel (row, col)
     * = image (row − dy, col − dx), 0 outside the image.
     */
    public void copy(int s, byte[] image, int from, int side, byte[] into, int to) {
        int dy = shifts[s][0];
        int dx = shifts[s][1];
        for (int row = 0; row < side; row++) {
            for (int col = 0; col < side; col++) {
                int r = row - dy;
                int c = col - dx;
                boolean inside = r >= 0 && r < side && c >= 0 && c < side;
                into[to + row * side + col] = inside ? image[from + r * side + c] : 0;
            }
        }
    }

    /** The side r of an image of rows × columns pixels, or bad input unless it is square. */
    public int side(String name, int rows, int columns) {
        if (rows != columns) {
            throw new BadInput(name + ": --expand " + optionName() + " shifts square images; these are " + rows
                    + "×" + columns);
        }
        return rows;
    }
}
