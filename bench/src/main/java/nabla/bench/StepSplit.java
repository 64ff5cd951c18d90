package nabla.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Where a cluster step's time goes: per kind, means over its samples of the driver's time before the first
 * task launches, each task's share as its executor reported it, and the driver's time after the last
 * task's result. Spark records task times in whole milliseconds, so these are means (a median of whole
 * milliseconds says little); wall time is the median, as in the other tables.
 */
final class StepSplit {
    private StepSplit() {
    }

    static void print(PrintStream out, List<ClusterBench.Sampled> kinds, JobTimes times) {
        out.println("| where the time goes, ms (means; tasks: per task) | P | wall | driver: θ in, schedule,"
                + " launch | task: deserialize (fetch task binary) | task: run − compute (fetch θ, iterate)"
                + " | task: compute | task: serialize result | scheduler delay (RPC both ways, queues)"
                + " | getting result | last result → step end (merge, update) |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (ClusterBench.Sampled k : kinds) {
            List<long[]> spans = k.spans();
            List<List<JobTimes.Task>> jobs = spans.stream().map(s -> times.of(ClusterBench.tag(s))).toList();
            double compute = mean(k.kind().compute(), Double::doubleValue);
            double run = meanOfTasks(jobs, JobTimes.Task::run);
            double before = 0;
            double after = 0;
            for (int s = 0; s < spans.size(); s++) {
                List<JobTimes.Task> tasks = jobs.get(s);
                if (!tasks.isEmpty()) {
                    before += tasks.stream().mapToLong(JobTimes.Task::launch).min().getAsLong() - spans.get(s)[0];
                    after += spans.get(s)[1] - tasks.stream().mapToLong(JobTimes.Task::finish).max().getAsLong();
                }
            }
            long counted = jobs.stream().filter(j -> !j.isEmpty()).count();
            out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
                    k.kind().what(), k.partitions(), StepBench.median(k.kind().wall()),
                    before / Math.max(counted, 1),
                    meanOfTasks(jobs, JobTimes.Task::deserialize), run - compute, compute,
                    meanOfTasks(jobs, JobTimes.Task::resultSerialize), meanOfTasks(jobs, JobTimes.Task::schedulerDelay),
                    meanOfTasks(jobs, JobTimes.Task::gettingResult), after / Math.max(counted, 1));
        }
    }

    private static double meanOfTasks(List<List<JobTimes.Task>> jobs, ToDoubleFunction<JobTimes.Task> of) {
        return mean(jobs.stream().flatMap(List::stream).toList(), of);
    }

    private static <T> double mean(List<T> values, ToDoubleFunction<T> of) {
        return values.stream().mapToDouble(of).average().orElse(Double.NaN);
    }
}
