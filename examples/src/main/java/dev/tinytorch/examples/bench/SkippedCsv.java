package dev.tinytorch.examples.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run could not measure, and why, as CSV ({@value #FILE}, {@code column,reason}): how a column measured in a
 * JVM of its own ({@link ColumnJvms}) tells the run that started it that its backend did not start.
 */
public final class SkippedCsv {

    /** The file a run writes beside {@code results.csv} when it skipped something. */
    public static final String FILE = "skipped.csv";
    /** The header line. */
    public static final String HEADER = "column,reason";

    private SkippedCsv() {
    }

    /**
     * Writes {@code skipped} (a backend's name, or a backend's column, to the reason) to {@code file}, line breaks
     * in a reason turned into spaces.
     */
    public static void write(Map<String, String> skipped, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        skipped.forEach((column, reason) -> lines.add(ResultsCsv.field(column) + ","
                + ResultsCsv.field(reason.replaceAll("\\R", " "))));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /**
     * What {@code file} says was skipped, in its order; nothing if there is no such file.
     *
     * @throws IllegalArgumentException if the header differs or a line has not two fields, naming the line
     */
    public static Map<String, String> read(Path file) throws IOException {
        Map<String, String> skipped = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return skipped;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IllegalArgumentException(file + ": not a skipped-columns file (first line should be '" + HEADER
                    + "')");
        }
        for (int i = 1; i < lines.size(); i++) {
            List<String> f = ResultsCsv.fields(lines.get(i));
            if (f.size() != 2) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected 2 fields, found " + f.size()
                        + " in '" + lines.get(i) + "'");
            }
            skipped.put(f.get(0), f.get(1));
        }
        return skipped;
    }
}
