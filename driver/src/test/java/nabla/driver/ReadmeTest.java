package nabla.driver;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
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
 *
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
    private static final Path HOME = Path.of(System.getProperty("user.dir")).getParent();   // surefire: driver/
    private static final String PARSE_ONLY = "<!-- ReadmeTest: parse only";
    private static final Pattern TYPE = Pattern.compile(
            "(?m)^(?:public\\s+)?(?:final\\s+)?(?:class|record|interface|enum)\\s+(\\w+)");

    /** The README's Java, compiled once for the class's tests. */
    @TempDir
    static Path compiled;
    private static List<String> compiledSources;

    @TempDir
    Path dir;

    /** A fenced block: its language, its text, the README line it starts on, and whether it is marked parse-only. */
    record Block(String language, String text, int line, boolean parseOnly) {
    }

    /** One command of a sh block: its words, with the README line it starts on. */
    record Command(List<String> words, int line, boolean parseOnly) {
        String program() {
            return words.get(0);
        }

        @Override
        public String toString() {
            return "README.md:" + line + ": " + String.join(" ", words);
        }
    }

    static List<Block> blocks(String language) throws IOException {
        List<String> lines = Files.readAllLines(HOME.resolve("README.md"), StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("```") || lines.get(i).length() == 3) {
                continue;
            }
            String lang = lines.get(i).substring(3).trim();
            int start = i;
            StringBuilder text = new StringBuilder();
            while (++i < lines.size() && !lines.get(i).startsWith("```")) {
                text.append(lines.get(i)).append('\n');
            }
            int above = start - 1;
            while (above >= 0 && lines.get(above).isBlank()) {
                above--;
            }
            boolean parseOnly = above >= 0 && lines.get(above).startsWith(PARSE_ONLY);
            if (lang.equals(language)) {
                blocks.add(new Block(lang, text.toString(), start + 2, parseOnly));
            }
        }
        return blocks;
    }

    /** The commands of every sh block, continuation lines joined, comments dropped, words split. */
    static List<Command> commands() throws IOException {
        List<Command> commands = new ArrayList<>();
        for (Block block : blocks("sh")) {
            String[] lines = block.text().split("\n");
            StringBuilder joined = new StringBuilder();
            int first = -1;
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].replaceFirst("(^|\\s)#.*$", "").strip();
                if (first < 0) {
                    first = i;
                }
                boolean continues = line.endsWith("\\");
                joined.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
                if (!continues) {
                    String command = joined.toString().strip();
                    if (!command.isEmpty()) {
                        commands.add(new Command(words(command), block.line() + first, block.parseOnly()));
                    }
                    joined.setLength(0);
                    first = -1;
                }
            }
        }
        return commands;
    }

    /** Splits on white space; single or double quotes group words and are dropped. */
    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        Matcher m = Pattern.compile("'([^']*)'|\"([^\"]*)\"|(\\S+)").matcher(command);
        while (m.find()) {
            words.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
        }
        return words;
    }

    @Test
    void javaBlocksCompile() throws IOException {
        assertFalse(blocks("java").isEmpty(), "README.md has no ```java block");
        compiled();
    }

    @Test
    void javaApiExampleTrainsOnTheSample() throws IOException, InterruptedException {
        List<String> mains = new ArrayList<>();
        for (String type : compiled()) {
            if (type.contains("static void main(String[] args)")) {
                Matcher name = TYPE.matcher(type);
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

        Cli.Result evaluated = Cli.run("evaluate", "--model", model.toString(), "--data", sample(), "--master", "local[2]");
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
        List<Command> commands = commands();
        assertFalse(commands.isEmpty(), "README.md has no ```sh command");
        int parsed = 0;
        for (Command command : commands) {
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
        Path data = Files.createSymbolicLink(scratch.resolve("data"), HOME.resolve("data"));
        int ran = 0;
        try {
            for (Command command : commands()) {
                if (command.parseOnly() || !command.program().equals("scripts/nabla")) {
                    continue;
                }
                String[] args = cheap(command.words().subList(1, command.words().size()));
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
        Matcher rows = Pattern.compile("(?m)^\\| `(--[a-z][a-z-]*)").matcher(Files.readString(HOME.resolve("README.md")));
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
    private static List<String> nablaArguments(Command command) {
        List<String> words = command.words();
        String program = command.program();
        if (program.equals("mvn")) {
            return null;                                               // the build running this test
        }
        if (program.startsWith("scripts/")) {
            Path script = HOME.resolve(program);
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
    private static void parse(Command command, List<String> args) {
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

    /** train's arguments with --epochs 1 (replacing a given value); other commands' as they are. */
    private static String[] cheap(List<String> args) {
        List<String> cheap = new ArrayList<>(args);
        if (!cheap.isEmpty() && cheap.get(0).equals("train")) {
            int epochs = cheap.indexOf("--epochs");
            if (epochs >= 0) {
                cheap.set(epochs + 1, "1");
            } else {
                cheap.addAll(List.of("--epochs", "1"));
            }
        }
        return cheap.toArray(String[]::new);
    }

    private static String sample() {
        return HOME.resolve("data/fashion-mnist-sample").toString();
    }

    /** The README's Java blocks compiled into {@link #compiled}, once; each block's source as compiled. */
    private static synchronized List<String> compiled() throws IOException {
        if (compiledSources == null) {
            compiledSources = compile(blocks("java"), compiled);
        }
        return compiledSources;
    }

    /** Compiles the blocks into {@code classes}; returns each block's source as compiled. Fails on any error. */
    private static List<String> compile(List<Block> blocks, Path classes) throws IOException {
        Files.createDirectories(classes);
        List<JavaFileObject> sources = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Block block : blocks) {
            Matcher type = TYPE.matcher(block.text());
            String name = type.find() ? type.group(1) : "ReadmeSnippetAtLine" + block.line();
            String text = type.reset().find() ? block.text() : wrapped(name, block.text());
            texts.add(text);
            sources.add(new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return text;
                }
            });
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertNotNull(compiler, "no Java compiler in this JVM (a JRE?)");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        boolean ok = compiler.getTask(null, null, diagnostics, List.of("-classpath", System.getProperty("java.class.path"),
                "-d", classes.toString(), "-encoding", "UTF-8", "-proc:none"), null, sources).call();
        assertTrue(ok, "README.md's Java does not compile:\n" + String.join("\n", diagnostics.getDiagnostics().stream()
                .map(d -> d.getSource().getName() + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT)).toList()));
        return texts;
    }

    /** A block without a type as the body of a method of class {@code name}, its imports above it. */
    private static String wrapped(String name, String block) {
        List<String> imports = new ArrayList<>();
        List<String> body = new ArrayList<>();
        for (String line : block.split("\n")) {
            (line.startsWith("import ") ? imports : body).add(line);
        }
        return String.join("\n", imports) + "\nclass " + name + " {\n    void snippet() throws Exception {\n"
                + String.join("\n", body) + "\n    }\n}\n";
    }

    @Test
    void theCheckerReadsCommandsAsAShellDoesAndCutsTrainToOneEpoch() {
        assertEquals(List.of("train", "--master", "local[2]", "--save", "a b.json"),
                words("train --master 'local[2]' --save \"a b.json\""));
        assertArrayEquals(new String[] {"train", "--epochs", "1", "--save", "m.json"},
                cheap(List.of("train", "--epochs", "3", "--save", "m.json")));
        assertArrayEquals(new String[] {"train", "--epochs", "1"}, cheap(List.of("train")));
        assertArrayEquals(new String[] {"evaluate", "--model", "m.json"}, cheap(List.of("evaluate", "--model", "m.json")));
    }

    @Test
    void theCheckerRefusesWhatNablaRefuses() {
        for (List<String> bad : List.of(List.of("train", "--epoch", "3"), List.of("trian"), List.of("evaluate"),
                List.of("train", "--batch", "ten"), List.of("train", "--format", "parquet"), List.of("--epochs", "1"))) {
            Command command = new Command(bad, 1, false);
            assertThrows(AssertionFailedError.class, () -> parse(command, bad), "accepted " + bad);
        }
        Command unknown = new Command(List.of("python3", "network.py"), 1, false);
        assertThrows(AssertionFailedError.class, () -> nablaArguments(unknown));
    }
}
