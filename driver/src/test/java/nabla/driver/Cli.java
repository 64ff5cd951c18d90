package nabla.driver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nabla.driver.cli.Main;

/** Runs the command line in this JVM and captures what it prints. */
final class Cli {
    private Cli() {
    }

    /** An exit status and the text written to standard output and standard error. */
    record Result(int status, String out, String err) {
        /** The lines of standard error, without blank ones. */
        java.util.List<String> errLines() {
            return err.lines().filter(line -> !line.isBlank()).toList();
        }
    }

    /**
     * Runs the command line in a JVM of its own (standard error passes through), for runs that start Spark
     * (a JVM holds one SparkContext, and the tests' shared one may be up).
     */
    static Result fork(String... args) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(java(List.of(), "", "nabla.driver.cli.Main", args))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), out, "");
    }

    /**
     * Runs {@code mainClass} in a JVM of its own, in the working directory {@code dir}, with the tests' class
     * path and {@code classPath} after it; standard error is merged into the result's {@code out}.
     */
    static Result forkIn(Path dir, List<String> jvmOptions, String classPath, String mainClass, String... args)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(java(jvmOptions, classPath, mainClass, args))
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), out, "");
    }

    /** java with Spark's JVM flags, nabla.home and nabla's log configuration: the command scripts/nabla runs. */
    private static List<String> java(List<String> jvmOptions, String classPath, String mainClass, String... args) {
        Path home = Path.of(System.getProperty("user.dir")).getParent();      // surefire runs in driver/
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(System.getProperty("nabla.jvm.flags", "").split(" ")));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dnabla.home=" + home,
                "-Dlog4j2.configurationFile=" + home.resolve("conf/log4j2.properties"),
                "-cp", System.getProperty("java.class.path") + (classPath.isEmpty() ? "" : ":" + classPath),
                mainClass));
        command.addAll(List.of(args));
        command.removeIf(String::isEmpty);
        return command;
    }

    static synchronized Result run(String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.run(args);
            return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }
}
