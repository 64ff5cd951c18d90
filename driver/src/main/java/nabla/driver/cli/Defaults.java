package nabla.driver.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import nabla.driver.data.BadInput;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from properties files: conf/nabla.properties (built into the jar), then a file given
 * with --conf, then a {@link Preset} given with --preset; the command line wins over all three. A key is a long option without its dashes
 * ({@code epochs=30}); keys that start with {@code spark.} are Spark settings.
 */
public final class Defaults implements IDefaultValueProvider {
    static final String BUILT_IN = "/nabla.properties";

    private final Properties properties = new Properties();

    /** The built-in defaults, overlaid with {@code file} and then {@code preset} when they are not null. */
    Defaults(Path file, Preset preset) {
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

    /** The built-in defaults with what --conf and --preset in {@code args} add. */
    public static Defaults of(String[] args) {
        String file = optionValue(args, "--conf");
        String preset = optionValue(args, "--preset");
        return new Defaults(file == null ? null : Path.of(file), preset == null ? null : Preset.parse(preset));
    }

    /** The value of {@code --name VALUE} or {@code --name=VALUE} in {@code args}, or null. */
    static String optionValue(String[] args, String name) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(name) && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith(name + "=")) {
                return args[i].substring(name.length() + 1);
            }
        }
        return null;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (arg instanceof OptionSpec option) {
            return properties.getProperty(option.longestName().replaceFirst("^-+", ""));
        }
        return null;
    }

    /** The spark.* settings. */
    Map<String, String> spark() {
        Map<String, String> spark = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("spark.")) {
                spark.put(key, properties.getProperty(key));
            }
        }
        return spark;
    }
}
