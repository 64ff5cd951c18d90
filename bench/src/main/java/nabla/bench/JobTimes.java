package nabla.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;

/**
 * Spark's own timings of the bench's jobs, from the listener bus: each task's launch and finish on the
 * driver's clock and the metrics its executor sent back, filed under the job's sample (the local property
 * {@link #SAMPLE}, set by the bench before each step). Milliseconds, as Spark records them.
 */
final class JobTimes extends SparkListener {
    static final String SAMPLE = "nabla.bench.sample";

    /**
     * One task. Scheduler delay as the Spark UI computes it: launch to finish less what the executor and
     * the result fetch account for, so the RPC of the launch and of the result, and queueing on both ends.
     */
    record Task(long launch, long finish, long deserialize, long run, long resultSerialize, long gettingResult) {
        long schedulerDelay() {
            return Math.max(0, finish - launch - deserialize - run - resultSerialize - gettingResult);
        }
    }

    private final Map<Integer, String> stageSample = new ConcurrentHashMap<>();
    private final Map<String, List<Task>> tasks = new ConcurrentHashMap<>();

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted stage) {
        String sample = stage.properties() == null ? null : stage.properties().getProperty(SAMPLE);
        if (sample != null) {
            stageSample.put(stage.stageInfo().stageId(), sample);
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        String sample = stageSample.get(end.stageId());
        TaskMetrics m = end.taskMetrics();
        if (sample == null || m == null) {
            return;
        }
        TaskInfo info = end.taskInfo();
        long getting = info.gettingResult() ? info.finishTime() - info.gettingResultTime() : 0;
        tasks.computeIfAbsent(sample, s -> new ArrayList<>()).add(new Task(info.launchTime(), info.finishTime(),
                m.executorDeserializeTime(), m.executorRunTime(), m.resultSerializationTime(), getting));
    }

    /** The tasks of a sample's job; empty if the listener bus has not delivered them. */
    List<Task> of(String sample) {
        return tasks.getOrDefault(sample, List.of());
    }
}
