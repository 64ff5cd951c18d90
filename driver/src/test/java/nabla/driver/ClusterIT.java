package nabla.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * nabla on a real standalone cluster on loopback (scripts/cluster: a master and 2 workers, each a JVM, the
 * executors JVMs of their own), submitted through scripts/submit, against the same run in local mode:
 * the model files must be the same bytes — undisturbed, with an executor killed -9 mid-run, and with the
 * driver killed -9 mid-run and the run resumed from its checkpoint. Then the cluster is stopped and no
 * process of it may be left. Runs in {@code mvn verify} (it needs the packaged nabla.jar).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    private static final Path HOME = Path.of(System.getProperty("basedir", "driver")).toAbsolutePath().getParent();
    private static final Path WORK = HOME.resolve("driver/target/cluster-it");
    private static final Path CLUSTER = WORK.resolve("cluster");
    private static final Duration RUN_LIMIT = Duration.ofMinutes(5);
    /** An epoch of 100 steps on the bundled sample; every option that decides the bits is given. */
    private static final List<String> TRAIN = List.of("train", "--layers", "784,20,10", "--epochs", "1",
            "--batch", "100", "--eta", "3.0", "--momentum", "0", "--partitions", "4", "--seed", "7", "--shuffle", "true",
            "--checkpoint-every", "10");

    /** Every pid the cluster or the runs had, to check at the end that none is left. */
    private static final Set<Long> seen = new TreeSet<>();

    @BeforeAll
    static void startCluster() throws Exception {
        deleteRecursively(WORK);
        Files.createDirectories(WORK);
        Result started = run(WORK.resolve("cluster-start.log"), "scripts/cluster", "start", "--workers", "2");
        assertEquals(0, started.status(), "scripts/cluster start failed: " + started.output());
        seen.addAll(clusterPids());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        seen.addAll(clusterPids());
        Result stopped = run(WORK.resolve("cluster-stop.log"), "scripts/cluster", "stop");
        assertEquals(0, stopped.status(), "scripts/cluster stop failed: " + stopped.output());
        for (long pid : seen) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                    "process " + pid + " is still alive after scripts/cluster stop");
        }
        // Nothing at all runs from the cluster's folder: its SPARK_HOME is on every daemon's and executor's class path.
        List<String> left = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(CLUSTER.toString())).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .toList();
        assertTrue(left.isEmpty(), "processes left behind: " + left);
        assertEquals(3, run(WORK.resolve("cluster-status.log"), "scripts/cluster", "status").status(),
                "scripts/cluster status should say nothing runs");
    }

    @Test
    @Order(1)
    void clusterRunIsBitIdenticalToLocalRun() throws Exception {
        Result local = run(WORK.resolve("local.log"), cat(List.of("scripts/nabla"), TRAIN,
                List.of("--master", "local[2]", "--checkpoint", WORK.resolve("ck-local").toString(),
                        "--save", WORK.resolve("local.json").toString())));
        assertEquals(0, local.status(), local.output());

        Result cluster = run(WORK.resolve("cluster.log"), submitCommand("cluster", false));
        assertEquals(0, cluster.status(), cluster.output());
        assertTrue(cluster.output().contains("spark://127.0.0.1:"), "not run on the cluster: " + cluster.output());
        assertTrue(cluster.output().matches("(?s).*on the driver; executors: \\w+BLAS \\(.*"),
                "the header names the executors' BLAS: " + cluster.output());
        assertSameBytes(WORK.resolve("local.json"), WORK.resolve("cluster.json"));
    }

    @Test
    @Order(2)
    void executorKilledMidRunChangesNothing() throws Exception {
        Process driver = startMidRun("executor-killed", "checkpoint-000000-000000030");
        List<Long> executors = executorPids();
        assertFalse(executors.isEmpty(), "no executor runs mid-training");
        seen.addAll(executors);
        long victim = executors.get(0);
        ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);            // kill -9
        assertTrue(driver.waitFor(RUN_LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS), "run did not end");
        String output = Files.readString(WORK.resolve("executor-killed.log"));
        assertEquals(0, driver.exitValue(), output);
        assertTrue(output.contains("Lost executor"), "the driver never noticed the lost executor:\n" + output);
        assertSameBytes(WORK.resolve("local.json"), WORK.resolve("executor-killed.json"));
    }

    @Test
    @Order(3)
    void driverKilledMidRunThenResumedChangesNothing() throws Exception {
        Process driver = startMidRun("driver-killed", "checkpoint-000000-000000060");
        seen.addAll(executorPids());
        driver.destroyForcibly();                                                        // kill -9 (submit execs java)
        driver.waitFor();
        assertFalse(Files.exists(WORK.resolve("driver-killed.json")), "the killed run saved a model");

        Result resumed = run(WORK.resolve("resumed.log"), submitCommand("driver-killed", true));
        assertEquals(0, resumed.status(), resumed.output());
        assertTrue(resumed.output().contains("nabla: resumed from"), resumed.output());
        assertSameBytes(WORK.resolve("local.json"), WORK.resolve("driver-killed.json"));
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private record Result(int status, String output) {
    }

    /** The run {@code name} through scripts/submit: checkpoints in ck-NAME, the model to NAME.json. */
    private static List<String> submitCommand(String name, boolean resume) {
        List<String> command = cat(List.of("scripts/submit", "--"), TRAIN, List.of("--checkpoint",
                checkpoints(name).toString(), "--save", WORK.resolve(name + ".json").toString()));
        if (resume) {
            command.add("--resume");
        }
        return command;
    }

    private static Path checkpoints(String name) {
        return WORK.resolve("ck-" + name);
    }

    /** Starts the run {@code name} (recording its pid) and returns once it has saved {@code checkpoint}, mid-run. */
    private static Process startMidRun(String name, String checkpoint) throws Exception {
        Process driver = start(WORK.resolve(name + ".log"), submitCommand(name, false));
        seen.add(driver.pid());
        awaitCheckpoint(checkpoints(name), checkpoint, driver);
        return driver;
    }

    private static Result run(Path log, String... command) throws Exception {
        return run(log, Arrays.asList(command));
    }

    private static Result run(Path log, List<String> command) throws Exception {
        Process process = start(log, command);
        if (!process.waitFor(RUN_LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail(command + " did not end within " + RUN_LIMIT + "; see " + log);
        }
        return new Result(process.exitValue(), Files.readString(log));
    }

    private static Process start(Path log, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(HOME.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("NABLA_CLUSTER_DIR", CLUSTER.toString());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().remove("SPARK_HOME");                 // Spark from the build's jars
        builder.environment().put("NABLA_DRIVER_MEMORY", "1g");
        return builder.start();
    }

    /** Waits until the run has saved the checkpoint {@code name} (so it is mid-training) or fails if it ended. */
    private static void awaitCheckpoint(Path dir, String name, Process driver) throws Exception {
        long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
        while (!Files.exists(dir.resolve(name))) {
            if (!driver.isAlive()) {
                fail("the run ended before checkpoint " + name + " (exit " + driver.exitValue() + ")");
            }
            if (System.nanoTime() > deadline) {
                fail("no checkpoint " + name + " within " + RUN_LIMIT);
            }
            Thread.sleep(50);
        }
    }

    /** The pids of the master, workers and executors, from scripts/cluster status. */
    private static List<Long> clusterPids() throws Exception {
        return statusPids("master", "worker", "executor");
    }

    private static List<Long> executorPids() throws Exception {
        return statusPids("executor");
    }

    private static List<Long> statusPids(String... kinds) throws Exception {
        Result status = run(WORK.resolve("cluster-status.log"), "scripts/cluster", "status");
        List<Long> pids = new ArrayList<>();
        for (String line : status.output().split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words.length >= 2 && Arrays.asList(kinds).contains(words[0]) && words[1].matches("\\d+")) {
                pids.add(Long.parseLong(words[1]));
            }
        }
        return pids;
    }

    private static void assertSameBytes(Path expected, Path actual) throws IOException {
        assertTrue(Files.exists(actual), actual + " was not written");
        assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(actual),
                actual.getFileName() + " differs from " + expected.getFileName());
    }

    @SafeVarargs
    private static List<String> cat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return all;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
