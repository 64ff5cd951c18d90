package nabla.driver.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import nabla.driver.data.AtomicFile;
import nabla.driver.data.BadInput;
import nabla.driver.train.Metrics;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nabla plot}: the curves of a {@code --metrics} file as one PNG, cost per epoch on the left,
 * accuracy per epoch on the right. Headless: needs no display.
 */
@Command(name = "plot", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        description = "Draw cost and accuracy per epoch from a --metrics file into a PNG.")
final class PlotCommand implements Callable<Integer> {

    @Option(names = "--metrics", paramLabel = "FILE", description = "JSON lines from train --metrics.")
    private Path metrics;

    @Option(names = "--sweep", paramLabel = "sweep.json",
            description = "Instead of --metrics: a sweep's summary (sweep --save-dir), one line per model.")
    private Path sweep;

    @Option(names = "--out", paramLabel = "FILE.png", required = true, description = "Where to write the PNG.")
    private Path out;

    @Option(names = "--width", paramLabel = "px", defaultValue = "1000", description = "Width of the whole picture.")
    private int width;

    @Option(names = "--height", paramLabel = "px", defaultValue = "360", description = "Height of the picture.")
    private int height;

    @Override
    public Integer call() throws IOException {
        if (width < 200 || height < 150) {
            throw new BadInput("--width and --height must be at least 200 × 150 px, got " + width + " × " + height);
        }
        if ((metrics == null) == (sweep == null)) {
            throw new BadInput("plot takes --metrics FILE or --sweep sweep.json (one of them)");
        }
        if (sweep != null) {
            System.out.println("nabla: wrote " + out + " (" + SweepPlot.draw(sweep, out, width, height) + " models)");
            return 0;
        }
        List<Metrics.Epoch> epochs = Metrics.readEpochs(metrics);
        if (epochs.isEmpty()) {
            throw new BadInput("--metrics " + metrics + " has no epoch lines");
        }
        draw(epochs, out, width, height);
        System.out.println("nabla: wrote " + out + " (" + epochs.size() + " epochs)");
        return 0;
    }

    /**
     * Cost (training, validation and test, per example) and accuracy (validation, test, and training if
     * measured) against the epoch;
     * a curve is drawn when every epoch line has it, and the accuracy panel only when it has a curve.
     */
    static void draw(List<Metrics.Epoch> epochs, Path png, int width, int height) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart cost = chart("Cost per example", "cost", width / 2, height, Styler.LegendPosition.InsideNE);
        series(cost, "training, batches' mean over the epoch", epochs, Metrics.Epoch::batchCost);
        if (epochs.stream().allMatch(e -> e.trainingCost() != null)) {
            series(cost, "training, network2.py's total_cost after the epoch", epochs, e -> e.trainingCost());
        }
        if (epochs.stream().allMatch(e -> e.validationCost() != null)) {
            series(cost, "validation (after the epoch)", epochs, e -> e.validationCost());
        }
        if (epochs.stream().allMatch(e -> e.testCost() != null)) {
            series(cost, "test (after the epoch)", epochs, e -> e.testCost());
        }
        XYChart accuracy = chart("Accuracy", "accuracy (%)", width - width / 2, height,
                Styler.LegendPosition.InsideSE);
        if (epochs.stream().allMatch(e -> e.trainAccuracy() != null)) {
            series(accuracy, "training", epochs, e -> 100 * e.trainAccuracy());
        }
        if (epochs.stream().allMatch(e -> e.validationAccuracy() != null)) {
            series(accuracy, "validation", epochs, e -> 100 * e.validationAccuracy());
        }
        if (epochs.stream().allMatch(e -> e.testAccuracy() != null)) {
            series(accuracy, "test", epochs, e -> 100 * e.testAccuracy());
        }
        List<XYChart> charts = accuracy.getSeriesMap().isEmpty() ? List.of(cost) : List.of(cost, accuracy);
        AtomicFile.write(png, stream -> BitmapEncoder.saveBitmap(charts, 1, charts.size(), stream,
                BitmapEncoder.BitmapFormat.PNG));
    }

    private static XYChart chart(String title, String yTitle, int width, int height, Styler.LegendPosition legend) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle("epoch").yAxisTitle(yTitle).theme(Styler.ChartTheme.Matlab).build();
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setLegendPosition(legend).setMarkerSize(5).setAntiAlias(true);
        return chart;
    }

    private static void series(XYChart chart, String name, List<Metrics.Epoch> epochs,
                               ToDoubleFunction<Metrics.Epoch> y) {
        double[] xs = epochs.stream().mapToDouble(Metrics.Epoch::epoch).toArray();
        double[] ys = epochs.stream().mapToDouble(y).toArray();
        chart.addSeries(name, xs, ys);
    }
}
