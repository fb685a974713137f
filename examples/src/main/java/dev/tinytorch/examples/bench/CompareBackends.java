package dev.tinytorch.examples.bench;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.DType;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares every backend on the class path in one process, in float64 and in float32 where a backend offers it:
 * GEMM GFLOPS for square and layer shapes, a training step of the seed and of the MNIST-size network, LeNet-5, the
 * LSTM and the GRU, the heap each step allocates, and the size from which ND4J's per-call overhead stops losing to
 * plain Java. Prints the tables and writes them as CSV, text and PNG charts; given the reference script's output,
 * also states the issues' targets as ratios against numpy and PyTorch.
 *
 * <p>Each backend and precision runs in a JVM of its own ({@link ColumnJvms}), so that the code they share
 * ({@code CheckedMatrixOps}, nn's layers) is compiled for it alone; {@code --one-jvm} runs them all in this one, one
 * after another, where the JIT may compile the shared calls less tightly for the last than for the first.
 *
 * <p>Run it with {@code mvn -B -q -pl examples -am package -DskipTests exec:exec -Dbench}, options in
 * {@code -Dbench.args}, e.g. {@code -Dbench.args=--quick}; {@code --help} lists them.
 */
public final class CompareBackends {

    private final Plan plan;
    private final PrintStream out;

    /** A comparison following {@code plan}, printing progress and tables to {@code out}. */
    public CompareBackends(Plan plan, PrintStream out) {
        this.plan = plan;
        this.out = out;
    }

    /**
     * What a run measured.
     *
     * @param columns the backends measured, each with its precision ({@link Result#column()}), in column order
     * @param results every figure, column by column
     * @param sweep   the crossover sweep of nd4j against plain in float64; empty unless both ran
     * @param skipped backends (or a backend's precision, as a column) that could not start, with the reason
     */
    public record Report(List<String> columns, List<Result> results, List<Crossover.Point> sweep,
                         Map<String, String> skipped) {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        System.setProperty("java.awt.headless", "true");
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("CompareBackends: " + e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        ReferenceFigures reference = options.reference().isPresent()
                ? ReferenceFigures.read(options.reference().get()) : null;
        CompareBackends comparison = new CompareBackends(options.plan(), System.out);
        System.out.print(environment(options.length()));
        long start = System.nanoTime();
        List<String> names = options.backends().isEmpty() ? Backends.available() : options.backends();
        Report report = options.oneJvm() ? comparison.run(names, options.dtypes())
                : comparison.withCrossover(new ColumnJvms(options, System.out).run(names));
        String summary = environment(options.length()) + summary(report, reference);
        System.out.printf(Locale.ROOT, "%nmeasured in %.0f s%n", (System.nanoTime() - start) / 1e9);
        System.out.print(summary(report, reference));
        for (Path file : comparison.write(report, summary, reference, options.out())) {
            System.out.println("wrote " + file);
        }
    }

    /**
     * Measures every backend in {@code names} in each precision of {@code dtypes} that it offers and starts in, in
     * this JVM, then the crossover if both plain and nd4j did in float64 (and the plan has crossover sizes).
     */
    public Report run(List<String> names, List<DType> dtypes) {
        AllocationMeter meter = AllocationMeter.create();
        BackendRun run = new BackendRun(plan, meter, out);
        List<String> columns = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        List<Result> results = new ArrayList<>();
        for (String name : names) {
            for (DType dtype : dtypes) {
                MatrixOps ops;
                try {
                    ops = Backends.get(name, dtype);
                } catch (IllegalArgumentException | IllegalStateException e) {
                    // an unknown name fails alike in every precision: said once, under the name alone
                    String key = Backends.available().contains(name) ? Result.column(name, dtype) : name;
                    skipped.put(key, e.getMessage());
                    out.println("skipped " + key + ": " + e.getMessage());
                    if (key.equals(name)) {
                        break;
                    }
                    continue;
                }
                String column = Result.column(ops.name(), ops.dtype());
                out.println("-- " + column);
                columns.add(column);
                results.addAll(run.measure(ops));
            }
        }
        return withCrossover(new Report(List.copyOf(columns), results, List.of(), skipped));
    }

    /**
     * {@code report} with the crossover of nd4j against plain in float64, measured in this JVM, if both of those
     * columns are in it and the plan has crossover sizes; otherwise {@code report} itself.
     */
    public Report withCrossover(Report report) {
        String plain = Result.column("plain", DType.FLOAT64);
        String nd4j = Result.column("nd4j", DType.FLOAT64);
        if (!report.columns().contains(plain) || !report.columns().contains(nd4j)
                || plan.crossoverSizes().length == 0) {
            return report;
        }
        out.println("-- crossover: nd4j against plain, float64");
        List<Crossover.Point> sweep = Crossover.measure(Backends.get("plain", DType.FLOAT64),
                Backends.get("nd4j", DType.FLOAT64), plan.crossoverSizes(), plan.sampler(), out);
        return new Report(report.columns(), report.results(), sweep, report.skipped());
    }

    /** The tables of a report (and the targets, given reference figures), as printed at the end of a run. */
    public static String summary(Report report, ReferenceFigures reference) {
        StringBuilder sb = new StringBuilder();
        sb.append(ResultTable.render(report.results(), report.columns()));
        report.skipped().forEach((name, why) -> sb.append("not measured: ").append(name).append(": ").append(why)
                .append('\n'));
        if (!report.sweep().isEmpty()) {
            sb.append('\n').append(Crossover.render(report.sweep())).append(Crossover.verdict(report.sweep()))
                    .append('\n');
        }
        if (reference != null) {
            sb.append('\n').append(Targets.render(Targets.evaluate(report.results(), report.sweep(), reference)));
        }
        return sb.toString();
    }

    /**
     * Writes {@code results.csv}, {@code skipped.csv} (if a backend did not start), {@code crossover.csv} (if
     * swept), {@code targets.csv} (given reference figures), {@code summary.txt} and the charts into {@code dir};
     * returns the files written.
     *
     * @param reference the reference figures the targets are judged against, or {@code null}
     */
    public List<Path> write(Report report, String summary, ReferenceFigures reference, Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        Path results = dir.resolve(ResultsCsv.FILE);
        ResultsCsv.write(report.results(), results);
        files.add(results);
        if (!report.skipped().isEmpty()) {
            Path skipped = dir.resolve(SkippedCsv.FILE);
            SkippedCsv.write(report.skipped(), skipped);
            files.add(skipped);
        }
        if (!report.sweep().isEmpty()) {
            List<Result> sweep = new ArrayList<>();
            report.sweep().forEach(p -> {
                sweep.add(p.first());
                sweep.add(p.second());
            });
            Path crossover = dir.resolve("crossover.csv");
            ResultsCsv.write(sweep, crossover);
            files.add(crossover);
        }
        if (reference != null) {
            Path targets = dir.resolve(TargetsCsv.FILE);
            TargetsCsv.write(Targets.evaluate(report.results(), report.sweep(), reference), targets);
            files.add(targets);
        }
        Path text = dir.resolve("summary.txt");
        AtomicFiles.write(text, AtomicFiles.Content.text(summary));
        files.add(text);
        files.addAll(BenchCharts.write(report.results(), report.columns(), report.sweep(), dir));
        return files;
    }

    /**
     * When and where the figures were taken: date, JVM, processors, load, the distance between two cores (see
     * {@link CoreDistance}) and the native threading settings.
     */
    static String environment(String length) {
        Runtime rt = Runtime.getRuntime();
        String distance = rt.availableProcessors() > 1
                ? String.format(Locale.ROOT, "%.0f ns", CoreDistance.roundTripNanos()) : "(one processor)";
        return String.format(Locale.ROOT, "tinytorch backend comparison (%s), %s%n"
                        + "JVM %s %s, %d processors, max heap %d MB, %s %s, load average %.2f%n"
                        + "core-to-core round trip %s%n"
                        + "OMP_NUM_THREADS=%s OPENBLAS_CORETYPE=%s%n",
                length, ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                rt.availableProcessors(), rt.maxMemory() >> 20, System.getProperty("os.name"),
                System.getProperty("os.arch"), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                distance, System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)"),
                System.getenv().getOrDefault("OPENBLAS_CORETYPE", "(unset)"));
    }
}
