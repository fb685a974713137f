package dev.tinytorch.examples.bench;

import dev.tinytorch.api.DType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Results as CSV, one line per figure with its whole summary, for spreadsheets, for comparing runs and for gathering
 * the columns measured in JVMs of their own ({@link ColumnJvms}):
 * {@code backend,dtype,workload,unit,higher_is_better,median,q1,q3,min,max,samples}.
 */
public final class ResultsCsv {

    /** The file a run writes. */
    public static final String FILE = "results.csv";
    /** The header line. */
    public static final String HEADER = "backend,dtype,workload,unit,higher_is_better,median,q1,q3,min,max,samples";

    private static final BenchCsv CSV = new BenchCsv("results", HEADER);

    private ResultsCsv() {
    }

    /** The lines of the file, header first. */
    public static List<String> lines(List<Result> results) {
        return CSV.lines(rows(results));
    }

    /** Writes {@link #lines} to {@code file} atomically, creating its directory. */
    public static void write(List<Result> results, Path file) throws IOException {
        CSV.write(rows(results), file);
    }

    /**
     * The results in {@code lines}, as {@link #lines} wrote them.
     *
     * @param source names the file in error messages
     * @throws IllegalArgumentException if the header differs or a line is malformed, naming the line
     */
    public static List<Result> parse(List<String> lines, String source) {
        return CSV.parse(String.join("\n", lines), source, ResultsCsv::result);
    }

    /**
     * The results in {@code file}.
     *
     * @throws IllegalArgumentException as {@link #parse}
     */
    public static List<Result> read(Path file) throws IOException {
        return CSV.read(file, ResultsCsv::result);
    }

    private static List<List<String>> rows(List<Result> results) {
        return results.stream().map(r -> {
            Stats s = r.stats();
            return List.of(r.backend(), r.dtype().id(), r.workload(), r.unit(), Boolean.toString(r.higherIsBetter()),
                    Double.toString(s.median()), Double.toString(s.q1()), Double.toString(s.q3()),
                    Double.toString(s.min()), Double.toString(s.max()), Integer.toString(s.samples()));
        }).toList();
    }

    private static Result result(List<String> f) {
        Stats stats = new Stats(Double.parseDouble(f.get(5)), Double.parseDouble(f.get(6)),
                Double.parseDouble(f.get(7)), Double.parseDouble(f.get(8)), Double.parseDouble(f.get(9)),
                Integer.parseInt(f.get(10)));
        return new Result(f.get(0), DType.parse(f.get(1)), f.get(2), f.get(3), Boolean.parseBoolean(f.get(4)), stats);
    }
}
