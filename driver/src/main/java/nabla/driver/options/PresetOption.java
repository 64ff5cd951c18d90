package nabla.driver.options;

import picocli.CommandLine.Option;

/** --preset: the book's settings as defaults; read before the options are parsed, by {@link Defaults#of}. */
final class PresetOption {
    @Option(names = "--preset", paramLabel = "network.py|network2.py",
            description = "The book's settings: network.py (quadratic, N(0,1), batch 10, η 3.0) or network2.py"
                    + " (cross-entropy, scaled init, λ 5.0, batch 10, η 0.5). Options given explicitly win.")
    String preset;
}
