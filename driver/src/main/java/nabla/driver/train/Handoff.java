package nabla.driver.train;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;

/**
 * What one job sends its tasks and gets back from them, passed by reference when the tasks run in the
 * driver's JVM (a local master). Spark serializes a task's function and its result even in local mode,
 * where both ends share one heap: for [784,1024,1024,10] that is θ (15 MB) written into the task binary
 * and read back by every task, and a partial gradient as large written and read back per task, about a
 * third of a step (docs/scale.md). In local mode a {@link Carried} value is written as a ticket and read
 * back as the very object its writer held; on a cluster it is written whole. Nothing is copied or
 * converted either way, so the bits are the same.
 *
 * <p>A handoff lasts one job: what it holds is dropped when it closes, whether or not a task read it.
 */
final class Handoff implements Serializable, AutoCloseable {
    private static final long serialVersionUID = 1L;
    /** The objects of every open handoff of this JVM, by ticket. */
    private static final Map<Long, Map<Long, Object>> OPEN = new ConcurrentHashMap<>();
    private static final AtomicLong NUMBERS = new AtomicLong();
    /** The ticket of null (a partition with no elements has no partial sum). */
    private static final long NONE = 0;

    private final long id;
    private final boolean byReference;

    private Handoff(long id, boolean byReference) {
        this.id = id;
        this.byReference = byReference;
    }

    /** A handoff for one job on {@code sc}: by reference if and only if its master is local. */
    static Handoff open(SparkContext sc) {
        return open(sc.isLocal());
    }

    /** A handoff for one job: by reference, or writing every value whole. */
    static Handoff open(boolean byReference) {
        Handoff handoff = new Handoff(NUMBERS.incrementAndGet(), byReference);
        if (byReference) {
            OPEN.put(handoff.id, new ConcurrentHashMap<>());
        }
        return handoff;
    }

    /** {@code value}, to be written as this handoff writes. */
    <T> Carried<T> carry(T value) {
        return new Carried<>(this, value);
    }

    /** How many objects this JVM's open handoffs hold (for tests: none once their jobs are done). */
    static int held() {
        return OPEN.values().stream().mapToInt(Map::size).sum();
    }

    @Override
    public void close() {
        OPEN.remove(id);
    }

    private Map<Long, Object> objects() {
        Map<Long, Object> objects = OPEN.get(id);
        if (objects == null) {                                 // only a task that outlived its job gets here
            throw new IllegalStateException("handoff " + id + " is closed: its job has ended");
        }
        return objects;
    }

    /** A value written as its handoff writes: a ticket to the object itself, or the value whole. */
    static final class Carried<T> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Handoff handoff;
        private transient T value;

        private Carried(Handoff handoff, T value) {
            this.handoff = handoff;
            this.value = value;
        }

        T get() {
            return value;
        }

        private void writeObject(ObjectOutputStream out) throws IOException {
            out.defaultWriteObject();
            if (handoff.byReference) {
                long ticket = value == null ? NONE : NUMBERS.incrementAndGet();
                if (value != null) {
                    handoff.objects().put(ticket, value);
                }
                out.writeLong(ticket);
            } else {
                out.writeObject(value);
            }
        }

        @SuppressWarnings("unchecked")
        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            if (handoff.byReference) {
                long ticket = in.readLong();
                value = ticket == NONE ? null : (T) handoff.objects().get(ticket);
            } else {
                value = (T) in.readObject();
            }
        }
    }
}
