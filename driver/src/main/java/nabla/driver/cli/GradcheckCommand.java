package nabla.driver.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import nabla.driver.data.BadInput;
import nabla.driver.data.HadoopFiles;
import nabla.driver.data.Idx;
import nabla.driver.options.CommonOptions;
import nabla.driver.options.DataOptions;
import nabla.driver.options.NetworkOptions;
import nabla.driver.options.StartOptions;
import nabla.driver.train.Settings;
import nabla.worker.Cost;
import nabla.worker.GradientCheck;
import nabla.worker.Parameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code nabla gradcheck}: backprop against central finite differences, on the user's network and a few
 * real examples, every parameter of it. Exit status 1 when a layer's error exceeds the tolerance.
 */
@Command(name = "gradcheck", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        description = "Check backprop against central finite differences on a network and a few real examples:"
                + " every weight and bias, the worst error per layer. Runs on the driver alone (no Spark).")
final class GradcheckCommand implements Callable<Integer> {
    @ParentCommand
    private Main main;

    @Mixin
    private NetworkOptions network;

    @Option(names = "--data", paramLabel = "DIR",
            description = "MNIST layout; the first examples of its training set are used."
                    + " Default: the Fashion-MNIST sample in the repository.")
    private Path data;

    @Option(names = "--examples", paramLabel = "k", defaultValue = "10", description = "Examples in the block.")
    private int examples;

    @Mixin
    private StartOptions start;

    @Option(names = "--tolerance", paramLabel = "ε", defaultValue = "1e-6",
            description = "Largest error allowed: ‖∇ − ∇̃‖∞ / ‖∇‖∞ per layer.")
    private double tolerance;

    @Mixin
    private CommonOptions common;

    @Override
    public Integer call() {
        Settings.Network net = network.network();
        if (examples < 1) {
            throw new BadInput("--examples must be ≥ 1, got " + examples);
        }
        if (!(tolerance > 0)) {
            throw new BadInput("--tolerance must be > 0, got " + tolerance);
        }
        Block block = Block.read(data != null ? data : DataOptions.sampleDirectory(), net.sizes(), examples);
        Parameters theta = start.init().theta(net, start.seed(), main.hadoop());
        return run(System.out, theta, net.cost(), block, GradientCheck.backprop(net.cost()), tolerance);
    }

    /** The first k training examples of a directory, column-stacked: X = pixels / 255 (n_0 × k), Y one-hot. */
    record Block(String source, double[] x, double[] y, int m) {
        static Block read(Path dir, int[] sizes, int k) {
            int n0 = sizes[0];
            int nL = sizes[sizes.length - 1];
            Idx.Head train = Idx.head(dir.toUri().toString(), k, n0, nL, HadoopFiles.configuration(Map.of()));
            if (k > train.count()) {
                throw new BadInput("--examples " + k + " is more than the " + train.count() + " in " + train.source());
            }
            double[] x = new double[n0 * k];
            byte[] pixels = train.pixels();
            for (int i = 0; i < x.length; i++) {
                x[i] = (pixels[i] & 0xff) / 255.0;
            }
            double[] y = new double[nL * k];
            for (int j = 0; j < k; j++) {
                y[j * nL + (train.labels()[j] & 0xff)] = 1;
            }
            return new Block(train.source(), x, y, k);
        }
    }

    /**
     * Checks {@code gradient} at θ on the block and prints a line per layer; 0 when every layer is within
     * {@code tolerance}, 1 otherwise. The gradient is a parameter so a test can hand it a broken one.
     */
    static int run(PrintStream out, Parameters theta, Cost cost, Block block, GradientCheck.GradientFunction gradient,
                   double tolerance) {
        long start = System.nanoTime();
        List<GradientCheck.Layer> layers = GradientCheck.check(theta, cost, block.x(), block.y(), block.m(), gradient);
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("gradcheck: %s, %s cost, %d examples of %s; all %,d parameters by central differences"
                        + " (h = %s) in %.1f s%n", Arrays.toString(theta.sizes()), cost.optionName(), block.m(),
                block.source(), theta.count(), GradientCheck.H, seconds);
        boolean passed = true;
        for (GradientCheck.Layer layer : layers) {
            boolean ok = layer.worst() <= tolerance;
            passed &= ok;
            out.printf("  layer %d: ∂C/∂W %.1e, ∂C/∂b %.1e  %s%n", layer.l(), layer.weights(), layer.biases(),
                    ok ? "ok" : "FAILS (tolerance " + tolerance + ")");
        }
        out.println(passed ? "gradcheck: passed" : "gradcheck: FAILED");
        return passed ? 0 : Main.FAILURE;
    }
}
