package dev.tinytorch.examples.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes results as CSV, one line per figure with its whole summary, for spreadsheets and for comparing runs:
 * {@code backend,dtype,workload,unit,higher_is_better,median,q1,q3,min,max,samples}.
 */
public final class ResultsCsv {

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
}
