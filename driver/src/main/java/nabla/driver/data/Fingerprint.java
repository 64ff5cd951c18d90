package nabla.driver.data;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import nabla.worker.Shard;

/**
 * What a training set was, as a checkpoint records it, so that {@code --resume} can refuse other data: its
 * sources and format (recorded, to name them), its scale s, its count N, and a checksum of every
 * partition's shard (X and Y as stacked, computed by the executors in the job that deals and caches them;
 * only the P checksums reach the driver).
 *
 * <p>What decides the bits is compared: N, s and the checksums. The same examples at another path, or
 * converted to another format, stack into the same shards and resume.
 *
 * @param sources   where the examples came from (paths, or the name a Java caller gave)
 * @param format    idx, libsvm, csv, or rdd
 * @param scale     s, in x = value / s
 * @param count     N
 * @param checksums per partition p, {@link #checksum} of its shard
 */
public record Fingerprint(String sources, String format, double scale, long count, long[] checksums) {
    private static final String PREFIX = "data.";

    public Fingerprint {
        checksums = checksums.clone();
    }

    /** A 64-bit hash of a shard's X and Y, bit for bit (not a cryptographic one: it tells data apart, no more). */
    public static long checksum(Shard shard) {
        long h = 0x9E3779B97F4A7C15L * (shard.partition() + 1) + shard.count();
        h = mix(h, shard.x());
        return mix(h, shard.y());
    }

    private static long mix(long h, double[] values) {
        for (double v : values) {
            h = Long.rotateLeft(h ^ (Double.doubleToRawLongBits(v) * 0xC2B2AE3D27D4EB4FL), 31) * 0x9E3779B97F4A7C15L;
        }
        return h;
    }

    /** As entries of a checkpoint's run ({@code data.count}, …). */
    public Map<String, String> entries() {
        Map<String, String> entries = new TreeMap<>();
        entries.put(PREFIX + "sources", sources);
        entries.put(PREFIX + "format", format);
        entries.put(PREFIX + "scale", Double.toString(scale));
        entries.put(PREFIX + "count", Long.toString(count));
        entries.put(PREFIX + "checksums", Arrays.toString(Arrays.stream(checksums).mapToObj(Long::toHexString)
                .toArray()));
        return entries;
    }

    /** Whether a run's entry belongs to the data's fingerprint. */
    public static boolean isEntry(String key) {
        return key.startsWith(PREFIX);
    }

    /**
     * What differs between the data a checkpoint was trained on ({@code then}) and this run's ({@code now}),
     * as run entries, in one phrase; null when they stack into the same shards.
     */
    public static String difference(Map<String, String> then, Map<String, String> now) {
        String was = then.get(PREFIX + "format") + " " + then.get(PREFIX + "sources");
        String is = now.get(PREFIX + "format") + " " + now.get(PREFIX + "sources");
        String what;
        if (!same(then, now, "scale")) {
            what = "--scale " + then.get(PREFIX + "scale") + " then, " + now.get(PREFIX + "scale") + " now";
        } else if (!same(then, now, "count")) {
            what = then.get(PREFIX + "count") + " examples then, " + now.get(PREFIX + "count") + " now";
        } else if (!same(then, now, "checksums")) {
            what = "the same " + now.get(PREFIX + "count") + " examples in number but other content ("
                    + differingPartitions(then.get(PREFIX + "checksums"), now.get(PREFIX + "checksums")) + ")";
        } else {
            return null;
        }
        return "trained on other data: " + what + " (then " + was + "; now " + is + ")";
    }

    private static boolean same(Map<String, String> then, Map<String, String> now, String key) {
        return java.util.Objects.equals(then.get(PREFIX + key), now.get(PREFIX + key));
    }

    /** "partitions 0, 3 differ" from two lists of checksums. */
    private static String differingPartitions(String then, String now) {
        String[] a = then == null ? new String[0] : then.replaceAll("[\\[\\] ]", "").split(",");
        String[] b = now.replaceAll("[\\[\\] ]", "").split(",");
        StringBuilder differ = new StringBuilder();
        for (int p = 0; p < Math.max(a.length, b.length); p++) {
            if (p >= a.length || p >= b.length || !a[p].equals(b[p])) {
                differ.append(differ.isEmpty() ? "" : ", ").append(p);
            }
        }
        return "the shards of partitions " + differ + " differ";
    }
}
