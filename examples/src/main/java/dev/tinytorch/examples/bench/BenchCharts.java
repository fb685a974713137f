package dev.tinytorch.examples.bench;

import dev.tinytorch.nn.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * The comparison as PNG charts (XChart's bitmap encoder), each written atomically: GEMM GFLOPS per shape and
 * backend, the training figures per backend, and the per-call times of the crossover sweep. Each bar or point is a
 * median.
 */
public final class BenchCharts {

    private static final int WIDE = 1200;
    private static final int TALL = 700;
    /** Size of each of the three side-by-side training charts. */
    private static final int PANEL = 500;

    private BenchCharts() {
    }

    /**
     * Writes {@code gemm.png} if there are GEMM figures, {@code training.png} (a panel per unit that has figures) if
     * there are training figures, and {@code crossover.png} if there is a sweep, into {@code dir}: a run limited to
     * some workloads draws what it measured (XChart cannot draw a chart without data).
     *
     * @return the files written
     */
    public static List<Path> write(List<Result> results, List<String> columns, List<Crossover.Point> sweep, Path dir)
            throws IOException {
        List<Path> written = new ArrayList<>();
        Predicate<Result> gemm = r -> r.workload().startsWith("gemm ");
        if (results.stream().anyMatch(gemm)) {
            written.add(save(bars("GEMM, median GFLOPS (2mnk/s); log scale", "GFLOPS", results, columns, gemm, true,
                    WIDE, TALL), dir.resolve("gemm.png")));
        }
        List<CategoryChart> training = new ArrayList<>();
        for (String unit : List.of("us/step", "samples/s", BackendRun.HEAP_UNIT)) {
            Predicate<Result> inUnit = r -> r.unit().equals(unit);
            if (results.stream().anyMatch(inUnit)) {
                training.add(bars("training step, " + unit, unit, results, columns, inUnit, false, PANEL, PANEL));
            }
        }
        if (!training.isEmpty()) {
            Path trainingFile = dir.resolve("training.png");
            AtomicFiles.write(trainingFile,
                    out -> BitmapEncoder.saveBitmap(training, 1, training.size(), out, BitmapFormat.PNG));
            written.add(trainingFile);
        }
        if (!sweep.isEmpty()) {
            written.add(save(crossover(sweep), dir.resolve("crossover.png")));
        }
        return written;
    }

    /** Bars of the median of each selected row, one series per column (backend and precision). */
    static CategoryChart bars(String title, String unit, List<Result> results, List<String> columns,
                              Predicate<Result> selected, boolean logarithmic, int width, int height) {
        Map<String, Map<String, Result>> rows = new LinkedHashMap<>(ResultTable.byRow(results));
        rows.values().removeIf(row -> row.values().stream().noneMatch(selected));
        List<String> labels = new ArrayList<>();
        rows.forEach((row, byBackend) -> labels.add(byBackend.values().iterator().next().workload()
                .replaceFirst("^gemm ", "")));
        CategoryChart chart = new CategoryChartBuilder().width(width).height(height).title(title)
                .yAxisTitle(unit).build();
        chart.getStyler().setXAxisLabelRotation(labels.size() > 1 ? 45 : 0);
        chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
        double smallest = Double.POSITIVE_INFINITY;
        for (String column : columns) {
            List<Double> medians = new ArrayList<>();
            for (Map<String, Result> row : rows.values()) {
                Result r = row.get(column);
                // XChart leaves a null bar out; a zero cannot be drawn on a log axis, so it is left out there
                boolean drawn = r != null && (!logarithmic || r.stats().median() > 0);
                medians.add(drawn ? r.stats().median() : null);
                smallest = drawn ? Math.min(smallest, r.stats().median()) : smallest;
            }
            chart.addSeries(column, labels, medians);
        }
        if (logarithmic && smallest < Double.POSITIVE_INFINITY) {
            // bars start at zero, which a log axis cannot show: start it at the power of ten below the shortest bar
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(smallest))));
        }
        return chart;
    }

    /** Median microseconds per call against n, both axes logarithmic, one line per backend. */
    static XYChart crossover(List<Crossover.Point> sweep) {
        XYChart chart = new XYChartBuilder().width(WIDE).height(TALL)
                .title("n x n GEMM, median time per call").xAxisTitle("n").yAxisTitle(Crossover.UNIT).build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
        List<Double> n = new ArrayList<>();
        List<Double> first = new ArrayList<>();
        List<Double> second = new ArrayList<>();
        for (Crossover.Point p : sweep) {
            n.add((double) p.n());
            first.add(p.first().stats().median());
            second.add(p.second().stats().median());
        }
        chart.addSeries(sweep.get(0).first().backend(), n, first);
        chart.addSeries(sweep.get(0).second().backend(), n, second);
        return chart;
    }

    private static Path save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) throws IOException {
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapFormat.PNG));
        return file;
    }
}
