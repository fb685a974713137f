package dev.tinytorch.examples.bench;

import dev.tinytorch.api.DType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    private ResultsCsv() {
    }

    /** The lines of the file, header first. */
    public static List<String> lines(List<Result> results) {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        for (Result r : results) {
            Stats s = r.stats();
            lines.add(String.join(",", field(r.backend()), r.dtype().id(), field(r.workload()), field(r.unit()),
                    Boolean.toString(r.higherIsBetter()), number(s.median()), number(s.q1()), number(s.q3()),
                    number(s.min()), number(s.max()), Integer.toString(s.samples())));
        }
        return lines;
    }

    /** Writes {@link #lines} to {@code file}, creating its directory. */
    public static void write(List<Result> results, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Files.write(file, lines(results), StandardCharsets.UTF_8);
    }

    /**
     * The results in {@code lines}, as {@link #lines} wrote them.
     *
     * @param source names the file in error messages
     * @throws IllegalArgumentException if the header differs or a line is malformed, naming the line
     */
    public static List<Result> parse(List<String> lines, String source) {
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IllegalArgumentException(source + ": not a results file (first line should be '" + HEADER
                    + "')");
        }
        List<Result> results = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> f = fields(lines.get(i));
            try {
                if (f.size() != 11) {
                    throw new IllegalArgumentException("expected 11 fields, found " + f.size());
                }
                Stats stats = new Stats(Double.parseDouble(f.get(5)), Double.parseDouble(f.get(6)),
                        Double.parseDouble(f.get(7)), Double.parseDouble(f.get(8)), Double.parseDouble(f.get(9)),
                        Integer.parseInt(f.get(10)));
                results.add(new Result(f.get(0), DType.parse(f.get(1)), f.get(2), f.get(3),
                        Boolean.parseBoolean(f.get(4)), stats));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": " + e.getMessage() + " in '"
                        + lines.get(i) + "'", e);
            }
        }
        return results;
    }

    /** The results in {@code file}. */
    public static List<Result> read(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    /** A text field, quoted (RFC 4180) when it holds a comma, a quote or a line break. */
    static String field(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    private static String number(double x) {
        return Double.toString(x);
    }

    /** The fields of one line, quotes (RFC 4180, as {@link #field} writes them) removed. */
    static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
