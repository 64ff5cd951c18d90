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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** README.md as {@link ReadmeTest} reads it: its fenced blocks, the commands of its sh blocks, its Java compiled. */
final class Readme {
    static final Path HOME = Path.of(System.getProperty("user.dir")).getParent();   // surefire runs in driver/
    /** The line above a block's fence that says its commands are parsed, not run. */
    static final String PARSE_ONLY = "<!-- ReadmeTest: parse only";
    /** A top-level type declaration, and its name. */
    static final Pattern TYPE = Pattern.compile(
            "(?m)^(?:public\\s+)?(?:final\\s+)?(?:class|record|interface|enum)\\s+(\\w+)");

    private Readme() {
    }

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

    /** The fenced blocks of README.md in {@code language} (java, sh), in order. */
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

    /** train's arguments with --epochs 1 (replacing a given value); other commands' as they are. */
    static String[] oneEpoch(List<String> args) {
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

    /** Compiles the blocks into {@code classes}; returns each block's source as compiled. Fails on any error. */
    static List<String> compile(List<Block> blocks, Path classes) throws IOException {
        Files.createDirectories(classes);
        List<JavaFileObject> sources = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Block block : blocks) {
            Matcher type = TYPE.matcher(block.text());
            String name = type.find() ? type.group(1) : "ReadmeSnippetAtLine" + block.line();
            String text = type.reset().find() ? block.text() : wrapped(name, block.text());
            texts.add(text);
            URI uri = URI.create("string:///README.md-block-at-line-" + block.line() + "/" + name + ".java");
            sources.add(new SimpleJavaFileObject(uri, JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return text;
                }
            });
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertNotNull(compiler, "no Java compiler in this JVM (a JRE?)");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        boolean ok = compiler.getTask(null, null, diagnostics, List.of(
                "-classpath", System.getProperty("java.class.path"),
                "-d", classes.toString(), "-encoding", "UTF-8", "-proc:none"), null, sources).call();
        assertTrue(ok, "README.md's Java does not compile:\n" + String.join("\n", diagnostics.getDiagnostics().stream()
                .map(d -> (d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber() + ": ")
                        + d.getMessage(Locale.ROOT)).toList()));
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
}
