package dev.tinytorch.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private static final BenchCsv CSV = new BenchCsv("skipped-columns", HEADER);

    private SkippedCsv() {
    }

    /**
     * Writes {@code skipped} (a backend's name, or a backend's column, to the reason) to {@code file} atomically,
     * line breaks in a reason turned into spaces.
     */
    public static void write(Map<String, String> skipped, Path file) throws IOException {
        CSV.write(skipped.entrySet().stream()
                .map(e -> List.of(e.getKey(), e.getValue().replaceAll("\\R", " "))).toList(), file);
    }

    /**
     * What {@code file} says was skipped, in its order; nothing if there is no such file.
     *
     * @throws IllegalArgumentException if the header differs or a line has not two fields, naming the line
     */
    public static Map<String, String> read(Path file) throws IOException {
        Map<String, String> skipped = new LinkedHashMap<>();
        if (Files.exists(file)) {
            CSV.read(file, f -> Map.entry(f.get(0), f.get(1))).forEach(e -> skipped.put(e.getKey(), e.getValue()));
        }
        return skipped;
    }
}
