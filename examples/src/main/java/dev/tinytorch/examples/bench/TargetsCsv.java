package dev.tinytorch.examples.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    private TargetsCsv() {
    }

    /** The lines of the file, header first. */
    public static List<String> lines(List<Targets.Check> checks) {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        for (Targets.Check c : checks) {
            lines.add(String.join(",", ResultsCsv.field(c.target()), ResultsCsv.field(c.requirement()),
                    Double.toString(c.needed()), ResultsCsv.field(c.measured()), ResultsCsv.field(c.reference()),
                    Double.toString(c.ratio()), ResultsCsv.field(c.verdict())));
        }
        return lines;
    }

    /** Writes {@link #lines} to {@code file}, creating its directory. */
    public static void write(List<Targets.Check> checks, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, lines(checks), StandardCharsets.UTF_8);
    }

    /**
     * The checks in {@code lines}, as {@link #lines} wrote them.
     *
     * @param source names the file in error messages
     * @throws IllegalArgumentException if the header differs or a line has not seven fields, naming the line
     */
    public static List<Targets.Check> parse(List<String> lines, String source) {
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IllegalArgumentException(source + ": not a targets file (first line should be '" + HEADER + "')");
        }
        List<Targets.Check> checks = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> f = ResultsCsv.fields(lines.get(i));
            if (f.size() != 7) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": expected 7 fields, found " + f.size()
                        + " in '" + lines.get(i) + "'");
            }
            checks.add(new Targets.Check(f.get(0), f.get(1), Double.parseDouble(f.get(2)), f.get(3), f.get(4),
                    Double.parseDouble(f.get(5)), f.get(6)));
        }
        return checks;
    }

    /** The checks in {@code file}. */
    public static List<Targets.Check> read(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }
}
