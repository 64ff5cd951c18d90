package nabla.driver.options;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import nabla.driver.data.BadInput;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from properties files: conf/nabla.properties (built into the jar), then a file given
 * with --conf, then a {@link Preset} given with --preset; the command line wins over all three. A key is a
 * long option without its dashes ({@code epochs=30}); keys that start with {@code spark.} are Spark
 * settings.
 */
public final class Defaults implements IDefaultValueProvider {
    static final String BUILT_IN = "/nabla.properties";

    private final Properties properties = new Properties();

    /** The built-in defaults, overlaid with {@code file} and then {@code preset} when they are not null. */
    private Defaults(Path file, Preset preset) {
        try (InputStream in = Defaults.class.getResourceAsStream(BUILT_IN)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in " + BUILT_IN, e);
        }
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new BadInput("--conf " + file + " does not exist");
            }
            try (Reader in = Files.newBufferedReader(file)) {
                properties.load(in);
            } catch (IOException | IllegalArgumentException e) {
                throw new BadInput("--conf " + file + ": " + e.getMessage());
            }
        }
        if (preset != null) {
            properties.putAll(preset.options());
        }
    }

    /**
     * The built-in defaults with what --conf and --preset in {@code args} add: the one place they are read,
     * by picocli from the same declarations every command mixes in, before the command's own options are
     * parsed (their defaults depend on these two).
     */
    public static Defaults of(String... args) {
        Sources sources = new Sources();
        CommandLine cli = new CommandLine(sources);
        cli.setUnmatchedArgumentsAllowed(true);
        cli.setUnmatchedOptionsArePositionalParams(true);
        try {
            cli.parseArgs(args);
        } catch (ParameterException e) {
            throw new BadInput(e.getMessage());
        }
        String preset = sources.preset.preset;
        return new Defaults(sources.common.conf, preset == null ? null : Preset.parse(preset));
    }

    /** --conf and --preset alone; the rest of the command line is left for the command. */
    @Command
    private static final class Sources {
        @Mixin
        CommonOptions common = new CommonOptions();

        @Mixin
        PresetOption preset = new PresetOption();

        @Parameters
        java.util.List<String> rest;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (arg instanceof OptionSpec option) {
            return properties.getProperty(option.longestName().replaceFirst("^-+", ""));
        }
        return null;
    }

    /** The spark.* settings. */
    public Map<String, String> spark() {
        Map<String, String> spark = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("spark.")) {
                spark.put(key, properties.getProperty(key));
            }
        }
        return spark;
    }
}
