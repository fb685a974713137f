package dev.tinytorch.nn.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * one optionally; the first non-blank line is the header of comma-separated column names; every further non-blank
 * line holds one decimal number per column (such as {@code -1}, {@code 0.5}, {@code .5} or {@code 2e-3}). Spaces
 * around names and values are ignored, blank lines are skipped (and still counted for line numbers). There is no
 * quoting, and {@code NaN}, infinities and empty values are rejected: a missing value is an error to fix in the
 * data, not a number.
 *
 * <p>Anything else fails with a {@link CsvFormatException} naming the source, line and column.
 */
public final class CsvReader {

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private CsvReader() {
    }

    /** Reads the file at {@code path}; error messages name it as given. */
    public static CsvTable read(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, path.toString());
        }
    }

    /**
     * Reads {@code in} (for example a class-path resource) to its end, without closing it; error messages name it
     * {@code source}.
     */
    public static CsvTable read(InputStream in, String source) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        List<String> columns = null;
        int headerLine = 0;
        List<double[]> rows = new ArrayList<>();
        int lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK) {
                line = line.substring(1);
            }
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
                throw new CsvFormatException(source + " line " + lineNumber + ", column " + (c + 1) + " (" + name
                        + "): duplicate column name, also column " + previous);
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
                    + columns.get(missing) + ") is missing");
        }
        if (fields.length > columns.size()) {
            throw new CsvFormatException(source + " line " + lineNumber + ": " + fields.length
                    + " values but the header has " + columns.size() + " columns " + columns + "; column "
                    + (columns.size() + 1) + " holds the extra value '" + fields[columns.size()].trim() + "'");
        }
        double[] values = new double[fields.length];
        for (int c = 0; c < fields.length; c++) {
            values[c] = parseNumber(fields[c],
                    source + " line " + lineNumber + ", column " + (c + 1) + " (" + columns.get(c) + "): ");
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
            throw new CsvFormatException(where + "'" + text + "' is not a number");
        }
        double value = Double.parseDouble(text);
        if (Double.isInfinite(value)) {
            throw new CsvFormatException(where + "'" + text + "' is too large for a double");
        }
        return value;
    }
}
