package nabla.driver.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import nabla.worker.Parameters;

/**
 * Everything the rest of a run depends on, taken between two steps: a run resumed from it ends with the
 * same bits as one that never stopped.
 *
 * <p>Not in it, because it follows from what is: the order of each epoch's examples (a function of the
 * seed and the epoch, see {@link nabla.worker.MiniBatches}; there is no generator state to save), the
 * initial θ (used once), the data and its shards (read and dealt again; the run records the training
 * set's size).
 *
 * @param run      the settings that decide the bits, as option → value (layers, cost, η, batch, the P
 *                 actually used, seed, shuffle, the training set's size, …); resuming with other values
 *                 is refused
 * @param position the next step, and the running cost sums of its epoch
 * @param theta    θ after every step before {@code position}
 * @param updater  the updater's state: what it carries from one step to the next besides θ (the current
 *                 η when a schedule lowers it, momentum's velocity, a schedule's patience), saved
 *                 and restored as a whole; for plain SGD, θ ← θ − (η/m) Σ∇, only η.
 */
public record Checkpoint(Map<String, String> run, Position position, Parameters theta,
                         Serializable updater) implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * File layout: this line, the format version (int), n (int), n bytes of the Java serialization of
     * the checkpoint, then the CRC-32 of those n bytes (long). Anything else reads as damaged.
     */
    private static final byte[] MAGIC = "nabla checkpoint\n".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    /** What a checkpoint may hold: nabla's classes, the JDK's collections and boxes, arrays of them. */
    private static final ObjectInputFilter ALLOWED =
            ObjectInputFilter.Config.createFilter("nabla.**;java.lang.*;java.util.*;!*");

    public Checkpoint {
        run = new TreeMap<>(run);
    }

    /** Writes the checkpoint to {@code out} (not closed). */
    void writeTo(OutputStream out) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream objects = new ObjectOutputStream(bytes)) {
            objects.writeObject(this);
        }
        byte[] payload = bytes.toByteArray();
        DataOutputStream data = new DataOutputStream(out);
        data.write(MAGIC);
        data.writeInt(VERSION);
        data.writeInt(payload.length);
        data.write(payload);
        data.writeLong(crc(payload));
        data.flush();
    }

    /** Reads a checkpoint written by {@link #writeTo}; a {@link Damaged} if it is not whole. */
    static Checkpoint readFrom(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] magic = new byte[MAGIC.length];
        try {
            data.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new Damaged("not a nabla checkpoint");
            }
            int version = data.readInt();
            if (version != VERSION) {
                throw new Damaged("format version " + version + "; this nabla reads version " + VERSION);
            }
            int length = data.readInt();
            if (length < 0) {
                throw new Damaged("negative length " + length);
            }
            byte[] payload = data.readNBytes(length);
            if (payload.length != length) {
                throw new Damaged("truncated: " + payload.length + " of " + length + " bytes");
            }
            if (data.readLong() != crc(payload)) {
                throw new Damaged("checksum mismatch");
            }
            try (ObjectInputStream objects = new ObjectInputStream(new ByteArrayInputStream(payload))) {
                objects.setObjectInputFilter(ALLOWED);
                return (Checkpoint) objects.readObject();
            }
        } catch (java.io.EOFException e) {
            throw new Damaged("truncated");
        } catch (ClassNotFoundException | InvalidClassException | ClassCastException e) {
            throw new Damaged("written by another version of nabla (" + e.getMessage() + ")");
        }
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    /** A checkpoint file that is not whole (cut short, overwritten, another format): never read back. */
    static final class Damaged extends IOException {
        Damaged(String message) {
            super(message);
        }
    }
}
