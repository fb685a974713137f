package dev.tinytorch.examples.cli;

import dev.tinytorch.nn.io.AtomicFiles;
import dev.tinytorch.nn.train.EpochRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/** The PNG {@code tinytorch train} leaves beside the model: training and validation loss, and the validation metric, per epoch. */
final class TrainingChart {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;

    private TrainingChart() {
    }

    /**
     * Draws {@code history} into {@code png}: the losses on the left axis, the validation {@code metric} on the
     * right one. Runs without a display.
     */
    static void write(List<EpochRecord> history, String title, String metric, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        double[] epochs = new double[history.size()];
        double[] loss = new double[epochs.length];
        double[] validationLoss = new double[epochs.length];
        double[] validationMetric = new double[epochs.length];
        for (int i = 0; i < epochs.length; i++) {
            EpochRecord r = history.get(i);
            epochs[i] = r.epoch();
            loss[i] = r.trainLoss();
            validationLoss[i] = r.validationLoss();
            validationMetric[i] = r.validationMetric();
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("epoch").yAxisTitle("loss").build();
        chart.addSeries("loss", epochs, loss);
        chart.addSeries("val_loss", epochs, validationLoss);
        XYSeries metricSeries = chart.addSeries("val_" + metric, epochs, validationMetric);
        metricSeries.setYAxisGroup(1);
        chart.setYAxisGroupTitle(1, metric);
        AtomicFiles.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
