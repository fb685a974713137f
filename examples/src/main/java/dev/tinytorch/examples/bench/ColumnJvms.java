package dev.tinytorch.examples.bench;

import dev.tinytorch.api.DType;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures each column of the comparison (a backend in one precision) in a JVM of its own, as JMH forks one per
 * benchmark, and gathers what they measured into one report.
 *
 * <p>In one JVM the columns share compiled code: nn's layers and the api's checks are compiled for the columns that
 * ran before, and plain's float32 measured after its float64 ran GEMM and the MNIST-size network 1.1x to 1.3x slower
 * than in a JVM of its own (docs/performance.md). Each child JVM gets this JVM's flags (so {@code -XX:UseAVX=2} and
 * the like carry over) and class path, and writes its files into a directory of its own under
 * {@code OUT/}{@value #DIR}, which this class reads back.
 */
public final class ColumnJvms {

    /** The directory under the run's output that holds one directory per column. */
    public static final String DIR = "columns";

    private final BenchOptions options;
    private final PrintStream out;

    /** Runs the columns {@code options} name, printing what it starts to {@code out}. */
    public ColumnJvms(BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /**
     * Measures every backend in {@code names} in each precision of the options, one JVM at a time, and returns their
     * results in that order; without the crossover sweep, which needs two backends in one JVM.
     *
     * @throws IOException if a child JVM cannot be started or a column's files cannot be read
     */
    public CompareBackends.Report run(List<String> names) throws IOException, InterruptedException {
        List<Result> results = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (String name : names) {
            for (DType dtype : options.dtypes()) {
                Path dir = options.out().resolve(DIR).resolve(name + "-" + dtype.id());
                out.println("-- " + Result.column(name, dtype) + " in a JVM of its own, its files in " + dir);
                Files.deleteIfExists(dir.resolve(ResultsCsv.FILE));  // an earlier run's, not to be read as this one's
                Files.deleteIfExists(dir.resolve(SkippedCsv.FILE));
                int status = new ProcessBuilder(command(name, dtype, dir)).inheritIO().start().waitFor();
                if (status != 0) {
                    skipped.put(Result.column(name, dtype), "its JVM exited with status " + status
                            + " (its output is above)");
                    continue;
                }
                Map<String, String> column = SkippedCsv.read(dir.resolve(SkippedCsv.FILE));
                skipped.putAll(column);
                results.addAll(ResultsCsv.read(dir.resolve(ResultsCsv.FILE)));
                if (column.containsKey(name)) {
                    break;  // an unknown name fails alike in every precision: said once
                }
            }
        }
        List<String> columns = results.stream().map(Result::column).distinct().toList();
        return new CompareBackends.Report(columns, results, List.of(), skipped);
    }

    /** The command that measures {@code backend} in {@code dtype} into {@code dir}: this JVM's java and flags. */
    List<String> command(String backend, DType dtype, Path dir) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CompareBackends.class.getName()));
        command.addAll(options.column(backend, dtype, dir).arguments());
        return command;
    }
}
