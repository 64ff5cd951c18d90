package nabla.driver.data;

import java.util.Locale;

/** The file formats nabla reads. Values are divided by a scale s to give x; each format has its default s. */
public enum Format {
    /** MNIST's binary format: a byte per pixel, x = byte / 255 unless --scale says otherwise. */
    IDX(255),
    /** A line per example: the label, then 1-based index:value pairs in increasing index order. */
    LIBSVM(1),
    /** A line per example: the label, then n_0 comma-separated values; an optional header line. */
    CSV(1);

    private final double defaultScale;

    Format(double defaultScale) {
        this.defaultScale = defaultScale;
    }

    /** s when --scale is not given: 255 for IDX bytes, 1 (values as given) for text. */
    public double defaultScale() {
        return defaultScale;
    }

    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** idx, libsvm or csv, in any case. */
    public static Format parse(String name) {
        for (Format f : values()) {
            if (f.optionName().equalsIgnoreCase(name.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + name + "' (expected idx, libsvm or csv)");
    }
}
