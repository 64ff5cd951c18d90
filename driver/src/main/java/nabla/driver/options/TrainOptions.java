package nabla.driver.options;

import nabla.driver.data.BadInput;
import nabla.driver.data.HadoopFiles;
import nabla.driver.train.Settings;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;

/**
 * The options of {@code nabla train}, group by group, and the {@link Settings} they make. {@code train}
 * mixes them in; the Java API parses them with {@link #settings(String...)}: the same declarations, the
 * same defaults, the same checks.
 */
@Command
public final class TrainOptions {
    @Mixin
    private PresetOption preset;

    @Mixin
    private DataOptions.Training data;

    @Mixin
    private NetworkOptions network;

    @Mixin
    private OptimisationOptions optimisation;

    @Mixin
    private PartitionsOption partitions;

    @Mixin
    private StartOptions start;

    @Mixin
    private OutputOptions output;

    @Mixin
    private CheckpointOptions checkpointing;

    /**
     * The settings, checked group by group; {@code hadoop} tells whether --data DIR holds a test set.
     * Without --data or --train, outside scripts/nabla, they name no training set.
     */
    public Settings settings(Configuration hadoop) {
        Settings.Network net = network.network();
        Settings.Optimisation how = optimisation.optimisation();
        return new Settings(net, data.data(hadoop), how, start.init(), partitions.partitions(), start.seed(),
                output.output(), checkpointing.checkpointing());
    }

    /**
     * The settings {@code nabla train} with these options trains with, defaults included (conf/nabla.properties,
     * --conf, --preset). Bad options throw {@link BadInput}.
     */
    public static Settings settings(String... options) {
        TrainOptions parsed = new TrainOptions();
        Defaults defaults = parse(parsed, options);
        return parsed.settings(HadoopFiles.configuration(defaults.spark()));
    }

    /**
     * Parses {@code options} into {@code command} (a picocli @Command) as the command line would, defaults
     * included; returns the defaults. Bad options throw {@link BadInput}.
     */
    static Defaults parse(Object command, String... options) {
        Defaults defaults = Defaults.of(options);
        CommandLine cli = new CommandLine(command).addMixin("common", new CommonOptions());  // --conf, --verbose
        cli.setDefaultValueProvider(defaults);
        try {
            cli.parseArgs(options);
        } catch (ParameterException e) {
            throw new BadInput(e.getMessage());
        }
        return defaults;
    }
}
