package dev.tinytorch.examples.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The targets of one run as CSV ({@value #FILE}), so that several rounds can be read back and judged by their
 * median ratio ({@link TargetRounds}): {@code target,requirement,needed,measured,reference,ratio,verdict}, a ratio
 * that could not be computed written {@code NaN}.
 */
public final class TargetsCsv {

    /** The file a run writes beside {@code results.csv}. */
    public static final String FILE = "targets.csv";
    /** The header line. */
    public static final String HEADER = "target,requirement,needed,measured,reference,ratio,verdict";

    private static final BenchCsv CSV = new BenchCsv("targets", HEADER);

    private TargetsCsv() {
    }

    /** The lines of the file, header first. */
    public static List<String> lines(List<Targets.Check> checks) {
        return CSV.lines(rows(checks));
    }

    /** Writes {@link #lines} to {@code file} atomically, creating its directory. */
    public static void write(List<Targets.Check> checks, Path file) throws IOException {
        CSV.write(rows(checks), file);
    }

    /**
     * The checks in {@code lines}, as {@link #lines} wrote them.
     *
     * @param source names the file in error messages
     * @throws IllegalArgumentException if the header differs or a line is malformed, naming the line
     */
    public static List<Targets.Check> parse(List<String> lines, String source) {
        return CSV.parse(String.join("\n", lines), source, TargetsCsv::check);
    }

    /**
     * The checks in {@code file}.
     *
     * @throws IllegalArgumentException as {@link #parse}
     */
    public static List<Targets.Check> read(Path file) throws IOException {
        return CSV.read(file, TargetsCsv::check);
    }

    private static List<List<String>> rows(List<Targets.Check> checks) {
        return checks.stream().map(c -> List.of(c.target(), c.requirement(), Double.toString(c.needed()),
                c.measured(), c.reference(), Double.toString(c.ratio()), c.verdict())).toList();
    }

    private static Targets.Check check(List<String> f) {
        return new Targets.Check(f.get(0), f.get(1), Double.parseDouble(f.get(2)), f.get(3), f.get(4),
                Double.parseDouble(f.get(5)), f.get(6));
    }
}
