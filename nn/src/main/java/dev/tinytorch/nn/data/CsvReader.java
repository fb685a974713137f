package dev.tinytorch.nn.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a numeric CSV file into a {@link CsvTable}: the small, strict format of the tutorial's data sets, without
 * an external CSV library.
 *
 * <p>The format: UTF-8 (an initial byte-order mark is skipped); lines end in {@code \n} or {@code \r\n}, the last
 * one optionally, and are at most {@link CsvLines#MAX_LINE_BYTES} bytes long (see {@link CsvLines}); the first
 * non-blank line is the header of comma-separated column names; every further non-blank line holds one decimal number
 * per column (such as {@code -1}, {@code 0.5}, {@code .5} or {@code 2e-3}). Spaces around names and values are ignored,
 * blank lines are skipped (and still counted for line numbers). There is no quoting, and {@code NaN}, infinities and
 * empty values are rejected: a missing value is an error to fix in the data, not a number.
 *
 * <p>Anything else fails with a {@link CsvFormatException} naming the source, line and column.
 */
public final class CsvReader {

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private CsvReader() {
    }

    /** Reads the file at {@code path}; error messages name it as given. */
    public static CsvTable read(Path path) throws IOException {
        try (CsvLines lines = CsvLines.open(path)) {
            return read(lines, path.toString());
        }
    }

    /**
     * Reads {@code in} (for example a class-path resource) to its end, without closing it; error messages name it
     * {@code source}.
     */
    public static CsvTable read(InputStream in, String source) throws IOException {
        return read(new CsvLines(in, source), source);
    }

    private static CsvTable read(CsvLines lines, String source) throws IOException {
        List<String> columns = null;
        int headerLine = 0;
        List<double[]> rows = new ArrayList<>();
        for (String line = lines.next(); line != null; line = lines.next()) {
            int lineNumber = lines.lineNumber();
            if (line.isBlank()) {
                continue;
            }
            if (columns == null) {
                columns = header(line, source, lineNumber);
                headerLine = lineNumber;
            } else {
                rows.add(row(line, columns, source, lineNumber));
            }
        }
        if (columns == null) {
            throw new CsvFormatException(source + ": empty file, expected a header row of column names");
        }
        if (rows.isEmpty()) {
            throw new CsvFormatException(source + ": no data rows after the header on line " + headerLine);
        }
        return new CsvTable(source, columns, rows.toArray(new double[0][]));
    }

    private static List<String> header(String line, String source, int lineNumber) {
        String[] names = line.split(",", -1);
        Map<String, Integer> seen = new HashMap<>();
        List<String> columns = new ArrayList<>(names.length);
        for (int c = 0; c < names.length; c++) {
            String name = names[c].trim();
            if (name.isEmpty()) {
                throw new CsvFormatException(source + " line " + lineNumber + ", column " + (c + 1)
                        + ": empty column name in the header");
            }
            Integer previous = seen.putIfAbsent(name, c + 1);
            if (previous != null) {
                throw new CsvFormatException(source + " line " + lineNumber + ", column " + (c + 1) + " ("
                        + Excerpt.of(name) + "): duplicate column name, also column " + previous);
            }
            columns.add(name);
        }
        return columns;
    }

    private static double[] row(String line, List<String> columns, String source, int lineNumber) {
        String[] fields = line.split(",", -1);
        if (fields.length < columns.size()) {
            int missing = fields.length;
            throw new CsvFormatException(source + " line " + lineNumber + ": " + fields.length
                    + " values but the header has " + columns.size() + " columns; column " + (missing + 1) + " ("
                    + Excerpt.of(columns.get(missing)) + ") is missing");
        }
        if (fields.length > columns.size()) {
            throw new CsvFormatException(source + " line " + lineNumber + ": " + fields.length
                    + " values but the header has " + columns.size() + " columns " + Excerpt.list(columns) + "; column "
                    + (columns.size() + 1) + " holds the extra value '" + Excerpt.of(fields[columns.size()].trim())
                    + "'");
        }
        double[] values = new double[fields.length];
        for (int c = 0; c < fields.length; c++) {
            values[c] = parseNumber(fields[c],
                    source + " line " + lineNumber + ", column " + (c + 1) + " (" + Excerpt.of(columns.get(c)) + "): ");
        }
        return values;
    }

    /**
     * One field as this format reads it (surrounding spaces ignored), for readers that handle rows themselves,
     * such as a command reporting every bad row of a file instead of the first.
     *
     * @param where the start of the error message, naming the source, line and column
     * @throws CsvFormatException if the field is empty, not a decimal number, or too large for a double
     */
    public static double parseNumber(String field, String where) {
        String text = field.trim();
        if (text.isEmpty()) {
            throw new CsvFormatException(where + "empty value");
        }
        if (!NUMBER.matcher(text).matches()) {
            throw new CsvFormatException(where + "'" + Excerpt.of(text) + "' is not a number");
        }
        double value = Double.parseDouble(text);
        if (Double.isInfinite(value)) {
            throw new CsvFormatException(where + "'" + Excerpt.of(text) + "' is too large for a double");
        }
        return value;
    }
}
