package nabla.driver.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.OneToOneDependency;
import org.apache.spark.Partition;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.rdd.PartitionCoalescer;
import org.apache.spark.rdd.PartitionGroup;
import org.apache.spark.rdd.RDD;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.BlockManagerId;
import org.apache.spark.storage.RDDBlockId;
import org.apache.spark.storage.StorageLevel;
import scala.Option;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Every partition's partial sum in one job of at most one wave of tasks. When P is above the cluster's
 * task slots, one task per partition would run in ⌈P / slots⌉ waves, and each wave pays a round trip to
 * the driver and a task's launch. Instead, the partitions cached on each executor are grouped into as
 * many tasks as it has cores ({@link ByExecutor}); a task computes its partitions one after another and
 * returns each one's partial sum under the partition's index, so the ordered merge that follows, and its
 * bits, are the same as with a task per partition. A partition with no cached copy (not yet cached, or
 * lost with its executor) is a task of its own, run wherever Spark puts it.
 */
final class OneWave {
    private OneWave() {
    }

    /** {@code sumOf} of every partition of {@code rdd}, by index (null for one with no elements). */
    static <T, G> List<G> partials(RDD<T> rdd, OrderedTree.SumOfPartition<T, G> sumOf) {
        SparkContext sc = rdd.context();
        int partitions = rdd.getNumPartitions();
        List<G> partials = new ArrayList<>(Collections.nCopies(partitions, null));
        if (partitions <= sc.defaultParallelism()) {                   // a task per partition is one wave
            sc.runJob(rdd, sumOf, new Filed<>(partials), ClassTag.apply(Handoff.Carried.class));
            return partials;
        }
        RDD<Tuple2<Integer, G>> sums = rdd.mapPartitionsWithIndex(new Keyed<>(sumOf), true, ClassTag.apply(Tuple2.class));
        RDD<Tuple2<Integer, G>> grouped = sums.coalesce(partitions, false,
                Option.apply(new ByExecutor(sc.defaultParallelism())), null);
        sc.runJob(grouped, new Listed<>(sumOf), new FiledAll<>(partials), ClassTag.apply(Handoff.Carried.class));
        return partials;
    }

    /**
     * Groups a parent's partitions by the executor that caches them, into as many groups per executor as
     * it has task slots (the cluster's slots over the executors that hold partitions), each group
     * preferring that executor; a partition cached nowhere is a group of its own.
     */
    static final class ByExecutor implements PartitionCoalescer, Serializable {
        private final int slots;

        ByExecutor(int slots) {
            this.slots = slots;
        }

        @Override
        public PartitionGroup[] coalesce(int maxPartitions, RDD<?> parent) {
            String[] executors = cachedOn(parent);
            Map<String, List<Partition>> byExecutor = new LinkedHashMap<>();
            List<PartitionGroup> groups = new ArrayList<>();
            for (Partition p : parent.partitions()) {
                String executor = executors[p.index()];
                if (executor == null) {
                    groups.add(group(Option.empty(), List.of(p)));
                } else {
                    byExecutor.computeIfAbsent(executor, e -> new ArrayList<>()).add(p);
                }
            }
            int cores = Math.max(1, slots / Math.max(1, byExecutor.size()));
            byExecutor.forEach((executor, cached) -> {
                int n = Math.min(cores, cached.size());
                for (int g = 0; g < n; g++) {
                    List<Partition> share = new ArrayList<>();
                    for (int i = g; i < cached.size(); i += n) {               // dealt round-robin
                        share.add(cached.get(i));
                    }
                    groups.add(group(Option.apply(executor), share));
                }
            });
            return groups.toArray(PartitionGroup[]::new);
        }

        /**
         * For each partition of {@code rdd}, the executor holding its cached block as the scheduler names a
         * location ("executor_host_id"), or null: one question to the block manager master, now (the
         * scheduler's own answer, SparkContext.getPreferredLocs, is as of the last job's start, before that
         * job cached anything). The cached RDD is {@code rdd} or the first of its one-to-one ancestors that
         * is persisted. BlockManagerMaster is Spark-internal in Scala, public in the bytecode.
         */
        private static String[] cachedOn(RDD<?> rdd) {
            String[] executors = new String[rdd.getNumPartitions()];
            RDD<?> cached = rdd;
            while (cached.getStorageLevel() == StorageLevel.NONE() && cached.dependencies().size() == 1
                    && cached.dependencies().head() instanceof OneToOneDependency<?> one) {
                cached = one.rdd();
            }
            if (cached.getStorageLevel() == StorageLevel.NONE()) {
                return executors;
            }
            BlockId[] blocks = new BlockId[executors.length];
            for (int i = 0; i < blocks.length; i++) {
                blocks[i] = new RDDBlockId(cached.id(), i);
            }
            var locations = SparkEnv.get().blockManager().master().getLocations(blocks);
            for (int i = 0; i < executors.length; i++) {
                var holders = locations.apply(i);
                if (!holders.isEmpty()) {
                    BlockManagerId holder = holders.head();
                    executors[i] = "executor_" + holder.host() + "_" + holder.executorId();
                }
            }
            return executors;
        }

        private static PartitionGroup group(Option<String> location, List<Partition> partitions) {
            PartitionGroup group = new PartitionGroup(location);
            partitions.forEach(p -> group.partitions().addOne(p));
            return group;
        }
    }

    /** A partition's partial sum keyed by its index (none for a partition with no elements). */
    private static final class Keyed<T, G>
            extends AbstractFunction2<Object, scala.collection.Iterator<T>, scala.collection.Iterator<Tuple2<Integer, G>>>
            implements Serializable {
        private final OrderedTree.SumOfPartition<T, G> sumOf;

        Keyed(OrderedTree.SumOfPartition<T, G> sumOf) {
            this.sumOf = sumOf;
        }

        @Override
        public scala.collection.Iterator<Tuple2<Integer, G>> apply(Object index, scala.collection.Iterator<T> elements) {
            G sum = sumOf.of(CollectionConverters.asJava(elements));
            Iterator<Tuple2<Integer, G>> keyed = sum == null ? Collections.emptyIterator()
                    : List.of(new Tuple2<>((Integer) index, sum)).iterator();
            return CollectionConverters.asScala(keyed);
        }
    }

    /** A grouped task's result: its partitions' (index, partial sum) pairs, returned as the sum's handoff writes. */
    private static final class Listed<T, G>
            extends AbstractFunction2<TaskContext, scala.collection.Iterator<Tuple2<Integer, G>>,
                    Handoff.Carried<ArrayList<Tuple2<Integer, G>>>>
            implements Serializable {
        private final OrderedTree.SumOfPartition<T, G> sumOf;

        Listed(OrderedTree.SumOfPartition<T, G> sumOf) {
            this.sumOf = sumOf;
        }

        @Override
        public Handoff.Carried<ArrayList<Tuple2<Integer, G>>> apply(
                TaskContext task, scala.collection.Iterator<Tuple2<Integer, G>> sums) {
            ArrayList<Tuple2<Integer, G>> list = new ArrayList<>();
            CollectionConverters.asJava(sums).forEachRemaining(list::add);
            return sumOf.carry(list);
        }
    }

    /** Files each task's partial sum under its partition's index, on the driver, as the tasks finish. */
    private static final class Filed<G> extends AbstractFunction2<Object, Handoff.Carried<G>, BoxedUnit> {
        private final List<G> partials;

        Filed(List<G> partials) {
            this.partials = partials;
        }

        @Override
        public BoxedUnit apply(Object index, Handoff.Carried<G> partial) {
            partials.set((Integer) index, partial.get());
            return BoxedUnit.UNIT;
        }
    }

    /** The same for a grouped task's several partial sums. */
    private static final class FiledAll<G>
            extends AbstractFunction2<Object, Handoff.Carried<ArrayList<Tuple2<Integer, G>>>, BoxedUnit> {
        private final List<G> partials;

        FiledAll(List<G> partials) {
            this.partials = partials;
        }

        @Override
        public BoxedUnit apply(Object task, Handoff.Carried<ArrayList<Tuple2<Integer, G>>> sums) {
            sums.get().forEach(sum -> partials.set(sum._1(), sum._2()));
            return BoxedUnit.UNIT;
        }
    }
}
