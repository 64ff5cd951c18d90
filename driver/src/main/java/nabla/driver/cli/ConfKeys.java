package nabla.driver.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import nabla.driver.data.BadInput;
import org.apache.commons.text.similarity.LevenshteinDistance;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The keys a --conf file may hold: a long option of some nabla command without its dashes ({@code
 * epochs=30}), or a Spark setting ({@code spark.*}). Any other key is a typo that would be ignored
 * silently, so it is bad input naming the key and the closest valid one.
 */
final class ConfKeys {
    private ConfKeys() {
    }

    /** Checks the --conf file named in {@code args}, if any, against every option of {@code cli}'s commands. */
    static void check(CommandLine cli, String[] args) {
        String file = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--conf=")) {
                file = args[i].substring("--conf=".length());
            } else if (args[i].equals("--conf") && i + 1 < args.length) {
                file = args[i + 1];
            }
        }
        if (file == null) {
            return;
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(file))) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInput("--conf " + file + ": " + e.getMessage());
        }
        Set<String> valid = options(cli, new TreeSet<>());
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (!key.startsWith("spark.") && !valid.contains(key)) {
                LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
                String closest = valid.stream().min(Comparator.comparingInt(v -> distance.apply(v, key))).orElse("");
                throw new BadInput("--conf " + file + ": unknown key '" + key + "' (did you mean '" + closest
                        + "'? keys are option names without dashes, or spark.* settings)");
            }
        }
    }

    /** The long option names, without dashes, of {@code cli} and all its subcommands. */
    private static Set<String> options(CommandLine cli, Set<String> into) {
        for (OptionSpec option : cli.getCommandSpec().options()) {
            into.add(option.longestName().replaceFirst("^-+", ""));
        }
        cli.getSubcommands().values().forEach(sub -> options(sub, into));
        return into;
    }
}
