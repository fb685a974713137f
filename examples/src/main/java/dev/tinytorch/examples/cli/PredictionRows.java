package dev.tinytorch.examples.cli;

import dev.tinytorch.nn.data.CsvFormatException;
import dev.tinytorch.nn.data.CsvLines;
import dev.tinytorch.nn.data.CsvReader;
import dev.tinytorch.nn.data.Excerpt;
import dev.tinytorch.nn.io.Task;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rows {@code tinytorch predict} reads: the model's feature columns of every data line, by name. Unlike
 * {@link CsvReader}, which stops at the first bad value, every line is kept: one that cannot be read (a missing,
 * empty or non-numeric value, a wrong number of fields) becomes a row carrying its error, so that the output has
 * one entry per input line and every bad line is reported, none silently dropped or guessed. Lines are read by
 * {@link CsvLines}, as {@link CsvReader} reads them (a line that is not UTF-8 or too long stops the command there),
 * values follow {@link CsvReader#parseNumber}; columns the model does not use are not parsed.
 */
final class PredictionRows {

    private PredictionRows() {
    }

    /**
     * One data line: its 1-based line number and either its features (in the model's order) or what is wrong.
     *
     * @param line     the line number in the file, the header being line 1 unless blank lines precede it
     * @param features the values, or {@code null} if the line cannot be used
     * @param error    why it cannot be used, naming file, line and column; {@code null} for a good line
     */
    record Row(int line, double[] features, String error) {
    }

    /**
     * Every data line of {@code file}.
     *
     * @throws CommandFailure if the file is empty, has no data line, a duplicate column name or lacks a column
     *                        the model needs
     */
    static List<Row> read(Path file, Task task) throws IOException {
        String source = file.toString();
        List<Row> rows = new ArrayList<>();
        List<String> header = null;
        int[] picked = null;
        try (CsvLines lines = CsvLines.open(file)) {
            for (String line = lines.next(); line != null; line = lines.next()) {
                int lineNumber = lines.lineNumber();
                if (line.isBlank()) {
                    continue;
                }
                if (header == null) {
                    header = header(line, source, lineNumber);
                    ModelInput.checkColumns(source, header, task);
                    picked = task.features().stream().mapToInt(header::indexOf).toArray();
                } else {
                    rows.add(row(line, lineNumber, header, picked, source));
                }
            }
        }
        if (header == null) {
            throw new CommandFailure(source + ": empty file, expected a header row of column names");
        }
        if (rows.isEmpty()) {
            throw new CommandFailure(source + ": no data rows after the header");
        }
        return rows;
    }

    private static List<String> header(String line, String source, int lineNumber) {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String field : line.split(",", -1)) {
            String name = field.trim();
            if (!seen.add(name)) {
                throw new CommandFailure(source + " line " + lineNumber + ": duplicate column name '"
                        + Excerpt.of(name) + "'");
            }
            names.add(name);
        }
        return names;
    }

    private static Row row(String line, int lineNumber, List<String> header, int[] picked, String source) {
        String[] fields = line.split(",", -1);
        if (fields.length != header.size()) {
            return new Row(lineNumber, null, source + " line " + lineNumber + ": " + fields.length
                    + " values but the header has " + header.size() + " columns");
        }
        double[] features = new double[picked.length];
        List<String> problems = new ArrayList<>();
        for (int j = 0; j < picked.length; j++) {
            int c = picked[j];
            try {
                features[j] = CsvReader.parseNumber(fields[c], source + " line " + lineNumber + ", column " + (c + 1)
                        + " (" + Excerpt.of(header.get(c)) + "): ");
            } catch (CsvFormatException e) {
                problems.add(e.getMessage());
            }
        }
        return problems.isEmpty() ? new Row(lineNumber, features, null)
                : new Row(lineNumber, null, String.join("; ", problems));
    }
}
