package nabla.driver;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * nabla's command line in a JVM of its own, as a user runs it: nabla's log configuration, standard error
 * read whole (Spark's and Hadoop's own lines included, not only what nabla prints). Bounded in time.
 */
public final class Child {
    static final Path HOME = Path.of(System.getProperty("user.dir")).getParent();     // surefire runs in driver/
    /** The directory in {@code work} where a child's Spark makes its temporary directories (SPARK_LOCAL_DIRS). */
    static final String SCRATCH = "spark-scratch";
    /** The JVM option of a child by default: C1 alone, for runs whose time goes into starting. */
    private static final String QUICK_START = "-XX:TieredStopAtLevel=1";

    private final Process process;
    private final Path out;
    private final Path err;

    /** An exit status, standard output, and standard error without the JVM's and the progress lines. */
    public record Result(int status, String out, List<String> errLines, String err) {
        /** One line, naming {@code expected}, no stack trace. */
        boolean oneLine(String expected) {
            return errLines.size() == 1 && errLines.get(0).startsWith("nabla: ") && errLines.get(0).contains(expected)
                    && !err.contains("Exception") && !err.contains("\tat ");
        }
    }

    private Child(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /**
     * Starts {@code nabla args…} with {@code work} as its directory for output files, and for Spark's
     * temporary directories {@code work}/{@link #SCRATCH}; -Xmx512m.
     */
    static Child start(Path work, String name, String... args) throws IOException {
        return startMain(work, name, "nabla.driver.cli.Main", args);
    }

    /** Starts {@code mainClass args…} (on the tests' class path) the same way. */
    static Child startMain(Path work, String name, String mainClass, String... args) throws IOException {
        return startJvm(work, name, List.of(QUICK_START), mainClass, args);
    }

    /**
     * Starts {@code mainClass args…} the same way but with {@code jvmOptions} for {@value #QUICK_START}: for
     * a run that computes much (C1 alone is slow at it), or that needs a system property.
     */
    public static Child startJvm(Path work, String name, List<String> jvmOptions, String mainClass, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("-XX:") || a.startsWith("-Dio.netty")
                        || a.startsWith("--enable-native-access")).toList());
        command.add("-Xmx512m");
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dnabla.home=" + HOME,
                "-Dlog4j2.configurationFile=" + HOME.resolve("conf/log4j2.properties"),
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        Path out = work.resolve(name + ".out");
        Path err = work.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put("SPARK_LOCAL_DIRS", Files.createDirectories(work.resolve(SCRATCH)).toString());
        return new Child(builder.start(), out, err);
    }

    long pid() {
        return process.pid();
    }

    /** Sends {@code signal} (TERM, INT) to the process, as kill(1) does. */
    void signal(String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits (at most 4 minutes) and reads what it printed. */
    public Result result() throws IOException, InterruptedException {
        if (!process.waitFor(4, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("nabla did not finish in 4 minutes: " + Files.readString(err));
        }
        String text = Files.readString(err, StandardCharsets.UTF_8);
        List<String> lines = text.lines().filter(l -> !l.isBlank())
                .filter(l -> !l.startsWith("WARNING: Using incubator modules"))               // the JVM's, for the Vector API
                .filter(l -> !l.matches("epoch \\d+/\\d+ · step .*"))                         // progress, every 5 s
                .toList();
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), lines, text);
    }

    /** Runs {@code nabla args…} to its end. */
    static Result run(Path work, String name, String... args) throws IOException, InterruptedException {
        return start(work, name, args).result();
    }
}
