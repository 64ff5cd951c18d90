package nabla.driver.options;

import nabla.driver.train.Settings;
import nabla.worker.Cost;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The network a command works on: its layer sizes and its cost. One picocli mixin for train, explain and
 * gradcheck, so the three read these options alike; their defaults come from conf/nabla.properties.
 */
public final class NetworkOptions {
    @Option(names = "--layers", paramLabel = "n0,n1,...", split = ",", description = "Layer sizes.")
    int[] layers;

    @Option(names = "--cost", paramLabel = "quadratic|cross-entropy", converter = CostConverter.class,
            description = "Cost function.")
    Cost cost;

    /** The network, checked. */
    public Settings.Network network() {
        return new Settings.Network(layers, cost);
    }

    /** Accepts quadratic or cross-entropy (or network2.py's class names). */
    static final class CostConverter implements ITypeConverter<Cost> {
        @Override
        public Cost convert(String value) {
            try {
                return Cost.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
