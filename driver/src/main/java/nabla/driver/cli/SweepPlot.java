package nabla.driver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import nabla.driver.data.BadInput;
import nabla.driver.train.Metrics;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** {@code nabla plot --sweep sweep.json}: every model's validation accuracy against the epoch, one line each. */
final class SweepPlot {
    private SweepPlot() {
    }

    /** Draws the curves of a sweep.json into {@code png}; returns the number of models drawn. */
    static int draw(Path sweep, Path png, int width, int height) throws IOException {
        JsonNode models = Metrics.JSON.readTree(sweep.toFile()).path("models");
        if (!models.isArray() || models.isEmpty()) {
            throw new BadInput("--sweep " + sweep + " lists no models (expected a sweep.json from --save-dir)");
        }
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(width).height(height).title("Validation accuracy per model")
                .xAxisTitle("epoch").yAxisTitle("validation accuracy (%)").theme(Styler.ChartTheme.Matlab).build();
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE).setMarkerSize(4).setAntiAlias(true);
        for (JsonNode model : models) {
            JsonNode curve = model.path("validation_accuracy");
            if (curve.isEmpty()) {
                continue;                                      // diverged before its first epoch ended
            }
            double[] xs = new double[curve.size()];
            double[] ys = new double[curve.size()];
            for (int e = 0; e < xs.length; e++) {
                xs[e] = e;
                ys[e] = 100 * curve.get(e).asDouble();
            }
            chart.addSeries("#" + model.path("rank").asInt() + " " + model.path("label").asText(), xs, ys);
        }
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream stream = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, stream, BitmapEncoder.BitmapFormat.PNG);
        }
        return models.size();
    }
}
