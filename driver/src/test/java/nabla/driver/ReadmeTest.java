package nabla.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nabla.driver.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every snippet of README.md held to the code, so that none can rot.
 * <ul>
 * <li>{@code ```java} blocks are compiled with javax.tools against the tests' class path; a block that
 *     declares no type is compiled as the body of a method. A block whose class has {@code main(String[])}
 *     is the Java API example: it runs in a JVM of its own on local[2] with the arguments
 *     {@code ROWS MODEL}, ROWS the bundled sample's training set as CSV lines {@code label,x_1,…,x_784}
 *     ({@code nabla convert}), and the model it writes must classify the sample's test set far above
 *     chance.
 * <li>{@code ```sh} blocks: each command (a trailing \ continues a line, # starts a comment). nabla's own
 *     arguments — after {@code scripts/nabla}, after {@code scripts/submit … --}, after spark-submit's
 *     application jar — must parse as the command line parses them: a known command, known options,
 *     values of their types, required options given. Then every {@code scripts/nabla} command runs for
 *     real, in README order, in a scratch directory whose {@code data} is the repository's, {@code train}
 *     with {@code --epochs 1}; each must exit 0. A block preceded by the line
 *     {@code <!-- ReadmeTest: parse only (why) -->} is parsed, not run (a cluster, HDFS, the full data set).
 *     {@code mvn} commands are never run (this is the build); {@code scripts/*} must exist and be
 *     executable; any other program fails the test until this class learns it.
 * <li>Every option in the README's option tables is an option of {@code train}.
 * </ul>
 */
class ReadmeTest {
    /** The README's Java, compiled once for the class's tests. */
    @TempDir
    static Path compiled;
    private static List<String> compiledSources;

    @TempDir
    Path dir;

    @Test
    void javaBlocksCompile() throws IOException {
        assertFalse(Readme.blocks("java").isEmpty(), "README.md has no ```java block");
        compiled();
    }

    @Test
    void javaApiExampleTrainsOnTheSample() throws IOException, InterruptedException {
        List<String> mains = new ArrayList<>();
        for (String type : compiled()) {
            if (type.contains("static void main(String[] args)")) {
                Matcher name = Readme.TYPE.matcher(type);
                assertTrue(name.find());
                mains.add(name.group(1));
            }
        }
        assertEquals(1, mains.size(), "README.md should have one Java example with a main method: " + mains);

        Path csv = dir.resolve("csv");
        Cli.Result converted = Cli.run("convert", "--data", sample(), "--format", "csv", "--out", csv.toString());
        assertEquals(0, converted.status(), converted.out() + converted.err());
        Path model = dir.resolve("model.json");
        Cli.Result ran = Cli.forkIn(dir, List.of("-Dspark.master=local[2]", "-Dspark.driver.host=127.0.0.1",
                        "-Dspark.ui.enabled=false"), compiled.toString(), mains.get(0),
                csv.resolve("train.csv").toString(), model.toString());
        assertEquals(0, ran.status(), mains.get(0) + " failed:\n" + ran.out());

        Cli.Result evaluated = Cli.run("evaluate", "--model", model.toString(), "--data", sample());
        assertEquals(0, evaluated.status(), evaluated.out() + evaluated.err());
        Matcher counts = Pattern.compile("^(\\d+) / (\\d+)").matcher(evaluated.out());
        assertTrue(counts.find(), evaluated.out());
        double accuracy = Double.parseDouble(counts.group(1)) / Double.parseDouble(counts.group(2));
        System.out.println("ReadmeTest: the README's Java example trained to test accuracy " + accuracy);
        assertTrue(accuracy >= 0.70, "the README's Java example trained a model of test accuracy " + accuracy
                + " on the bundled sample (chance is 0.1)");
    }

    @Test
    void everyNablaCommandParses() throws IOException {
        List<Readme.Command> commands = Readme.commands();
        assertFalse(commands.isEmpty(), "README.md has no ```sh command");
        int parsed = 0;
        for (Readme.Command command : commands) {
            List<String> args = nablaArguments(command);
            if (args != null) {
                parse(command, args);
                parsed++;
            }
        }
        assertTrue(parsed > 0, "no nabla command found in README.md's sh blocks");
    }

    @Test
    void commandsOnTheSampleRun() throws IOException, InterruptedException {
        Path scratch = Files.createDirectories(dir.resolve("scratch"));
        Path data = Files.createSymbolicLink(scratch.resolve("data"), Readme.HOME.resolve("data"));
        int ran = 0;
        try {
            for (Readme.Command command : Readme.commands()) {
                if (command.parseOnly() || !command.program().equals("scripts/nabla")) {
                    continue;
                }
                String[] args = Readme.oneEpoch(command.words().subList(1, command.words().size()));
                Cli.Result result = Cli.forkIn(scratch, List.of(), "", "nabla.driver.cli.Main", args);
                assertEquals(0, result.status(), command + "\n(run as nabla " + String.join(" ", args) + ")\n"
                        + result.out());
                ran++;
            }
        } finally {
            Files.delete(data);                                        // the link, not the repository's data
        }
        assertTrue(ran > 0, "no README command ran on the sample");
    }

    @Test
    void optionTablesNameOptionsOfTrain() throws IOException {
        CommandSpec train = commandLine().getSubcommands().get("train").getCommandSpec();
        String readme = Files.readString(Readme.HOME.resolve("README.md"));
        Matcher rows = Pattern.compile("(?m)^\\| `(--[a-z][a-z-]*)").matcher(readme);
        int options = 0;
        while (rows.find()) {
            assertNotNull(train.findOption(rows.group(1)), "README's table lists " + rows.group(1)
                    + ", which train does not have");
            options++;
        }
        assertTrue(options >= 20, "found only " + options + " option rows in README.md's tables");
    }

    /**
     * nabla's own arguments in a command, or null for a command that is not nabla's (mvn, scripts/cluster),
     * after checking what can be checked of it. Fails on a program this test does not know.
     */
    private static List<String> nablaArguments(Readme.Command command) {
        List<String> words = command.words();
        String program = command.program();
        if (program.equals("mvn")) {
            return null;                                               // the build running this test
        }
        if (program.startsWith("scripts/")) {
            Path script = Readme.HOME.resolve(program);
            assertTrue(Files.isExecutable(script), command + ": " + program + " is not an executable script");
            if (program.equals("scripts/nabla")) {
                return words.subList(1, words.size());
            }
            int dashes = words.indexOf("--");
            if (program.equals("scripts/submit")) {
                assertTrue(dashes > 0, command + ": scripts/submit needs -- before nabla's arguments");
                return words.subList(dashes + 1, words.size());
            }
            return null;
        }
        if (program.equals("spark-submit")) {
            int main = words.indexOf("--class");
            assertTrue(main > 0, command + ": no --class");
            assertEquals(Main.class.getName(), words.get(main + 1), command.toString());
            int jar = main + 2;
            while (!words.get(jar).endsWith(".jar")) {
                jar++;
            }
            assertEquals("driver/target/nabla.jar", words.get(jar), command.toString());
            return words.subList(jar + 1, words.size());
        }
        fail(command + ": ReadmeTest does not know how to check " + program);
        return null;
    }

    /** Parses as nabla's command line does, without running anything; fails with picocli's message. */
    private static void parse(Readme.Command command, List<String> args) {
        try {
            CommandLine.ParseResult result = commandLine().parseArgs(args.toArray(String[]::new));
            assertTrue(result.hasSubcommand(), command + ": no command");
        } catch (CommandLine.ParameterException e) {
            fail(command + ": " + e.getMessage());
        }
    }

    /** nabla's command tree; commands that take collaborators in their constructor get nulls (nothing runs). */
    private static CommandLine commandLine() {
        return new CommandLine(Main.class, new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                try {
                    return CommandLine.defaultFactory().create(type);
                } catch (Exception e) {
                    java.lang.reflect.Constructor<?> constructor = type.getDeclaredConstructors()[0];
                    constructor.setAccessible(true);
                    return type.cast(constructor.newInstance(new Object[constructor.getParameterCount()]));
                }
            }
        });
    }

    private static String sample() {
        return Readme.HOME.resolve("data/fashion-mnist-sample").toString();
    }

    /** The README's Java blocks compiled into {@link #compiled}, once; each block's source as compiled. */
    private static synchronized List<String> compiled() throws IOException {
        if (compiledSources == null) {
            compiledSources = Readme.compile(Readme.blocks("java"), compiled);
        }
        return compiledSources;
    }

    @Test
    void theCheckerReadsCommandsAsAShellDoesAndCutsTrainToOneEpoch() {
        assertEquals(List.of("train", "--master", "local[2]", "--save", "a b.json"),
                Readme.words("train --master 'local[2]' --save \"a b.json\""));
        assertArrayEquals(new String[] {"train", "--epochs", "1", "--save", "m.json"},
                Readme.oneEpoch(List.of("train", "--epochs", "3", "--save", "m.json")));
        assertArrayEquals(new String[] {"train", "--epochs", "1"}, Readme.oneEpoch(List.of("train")));
        assertArrayEquals(new String[] {"evaluate", "--model", "m.json"},
                Readme.oneEpoch(List.of("evaluate", "--model", "m.json")));
    }

    @Test
    void theCheckerRefusesWhatNablaRefuses() {
        for (List<String> bad : List.of(List.of("train", "--epoch", "3"), List.of("trian"), List.of("evaluate"),
                List.of("train", "--batch", "ten"), List.of("train", "--format", "parquet"),
                List.of("--epochs", "1"))) {
            Readme.Command command = new Readme.Command(bad, 1, false);
            assertThrows(AssertionFailedError.class, () -> parse(command, bad), "accepted " + bad);
        }
        Readme.Command unknown = new Readme.Command(List.of("python3", "network.py"), 1, false);
        assertThrows(AssertionFailedError.class, () -> nablaArguments(unknown));
    }
}
