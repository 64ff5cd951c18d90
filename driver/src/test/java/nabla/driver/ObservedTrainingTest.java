package nabla.driver;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeoutException;
import nabla.driver.cli.Main;
import nabla.driver.train.Metrics;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real training run on the bundled sample, watched three ways: the --metrics file (one JSON line per
 * epoch), stdout (the epoch lines alone), and the Spark jobs (a group per epoch, a description per step).
 */
class ObservedTrainingTest {
    /**
     * Job group and description of every job the run starts. Registered on the tests' shared context,
     * which nabla's commands find and reuse when run in-process (a JVM holds one context).
     */
    static final List<String[]> JOBS = Collections.synchronizedList(new ArrayList<>());

    public static final class JobLog extends SparkListener {
        @Override
        public void onJobStart(SparkListenerJobStart job) {
            JOBS.add(new String[] {job.properties().getProperty("spark.jobGroup.id"),
                    job.properties().getProperty("spark.job.description")});
        }
    }

    @Test
    void metricsStdoutAndSparkJobsReadLikeTheTraining(@TempDir Path dir) throws IOException, TimeoutException {
        Path conf = Files.writeString(dir.resolve("test.properties"), String.join("\n",
                "spark.master=local[2]", "spark.ui.enabled=false", ""));
        SparkContext sc = LocalSpark.context().sc();
        JobLog jobLog = new JobLog();
        sc.addSparkListener(jobLog);
        Path metrics = dir.resolve("metrics.jsonl");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = Main.run("train", "--conf", conf.toString(), "--data", "../data/fashion-mnist-sample",
                    "--epochs", "2", "--batch", "2500", "--eta", "3", "--partitions", "2", "--metrics",
                    metrics.toString(), "--train-accuracy");
        } finally {
            System.setOut(saved);
            sc.listenerBus().waitUntilEmpty();
            sc.removeSparkListener(jobLog);
        }
        assertEquals(0, status);

        List<String> lines = Files.readAllLines(metrics);
        assertEquals(2, lines.size(), "one line per epoch: " + lines);
        for (int j = 0; j < 2; j++) {
            JsonNode line = Metrics.JSON.readTree(lines.get(j));
            assertEquals("epoch", line.get("type").asText());
            assertEquals(j, line.get("epoch").asInt());
            assertEquals(4 * (j + 1), line.get("step").asLong(), "10,000 examples in batches of 2,500");
            assertEquals(10_000, line.get("examples").asLong());
            assertTrue(line.get("batch_cost").asDouble() > 0);
            assertTrue(line.get("training_cost").asDouble() > 0);
            double train = line.get("train_accuracy").asDouble();
            assertTrue(train >= 0 && train <= 1, lines.get(j));
            double seconds = line.get("seconds").asDouble();
            double compute = line.get("compute_seconds").asDouble();
            assertTrue(compute > 0 && compute < seconds, "compute is part of the epoch: " + lines.get(j));
            assertEquals(seconds - compute, line.get("overhead_seconds").asDouble(), 1e-9);
            assertEquals(10_000 / seconds, line.get("examples_per_second").asDouble(), 1e-6);
        }
        assertEquals(2, Metrics.readEpochs(metrics).size());

        List<String> out = stdout.toString(StandardCharsets.UTF_8).lines().toList();
        for (int j = 0; j < 2; j++) {                          // "Epoch j: c / 2000, ..." agrees with the file
            String epochLine = out.get(1 + j);
            assertTrue(epochLine.startsWith("Epoch " + j + ": "), "stdout: " + out);
            int correct = Integer.parseInt(epochLine.substring(epochLine.indexOf(": ") + 2, epochLine.indexOf(" /")));
            assertEquals(correct / 2000.0, Metrics.JSON.readTree(lines.get(j)).get("test_accuracy").asDouble(), 1e-12);
        }
        assertFalse(out.stream().anyMatch(l -> l.contains("examples/s")), "progress goes to stderr: " + out);

        List<String> steps = new ArrayList<>();
        synchronized (JOBS) {
            for (String[] job : JOBS) {
                if (job[1] != null && job[1].contains("· step ")) {
                    assertEquals(job[1].substring(0, job[1].indexOf(" ·")), job[0], "group of " + job[1]);
                    steps.add(job[1]);
                }
            }
        }
        List<String> expected = new ArrayList<>();
        for (int j = 0; j < 2; j++) {
            for (int k = 1; k <= 4; k++) {
                expected.add("epoch " + j + " · step " + k + "/4 · batch 2500");
            }
        }
        assertEquals(expected, steps);
    }
}
