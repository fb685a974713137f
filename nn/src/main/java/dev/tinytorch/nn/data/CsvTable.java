package dev.tinytorch.nn.data;

import dev.tinytorch.api.MatrixOps;
import java.util.List;

/**
 * The numeric contents of a CSV file as {@link CsvReader} read them: named columns and rows of doubles, kept in
 * Java arrays until one column is chosen as the label and the rest become the inputs of a {@link Dataset}.
 */
public final class CsvTable {

    private final String source;
    private final List<String> columns;
    private final double[][] rows;

    CsvTable(String source, List<String> columns, double[][] rows) {
        this.source = source;
        this.columns = List.copyOf(columns);
        this.rows = rows;
    }

    /** Where the table was read from, as error messages name it. */
    public String source() {
        return source;
    }

    /** The column names, in file order. */
    public List<String> columns() {
        return columns;
    }

    /** Number of data rows (the header not counted). */
    public int rowCount() {
        return rows.length;
    }

    /**
     * The position of the column called {@code name}.
     *
     * @throws CsvFormatException if there is none (the message lists the columns)
     */
    public int columnIndex(String name) {
        int index = columns.indexOf(name);
        if (index < 0) {
            throw new CsvFormatException(source + ": no column named '" + Excerpt.of(name) + "'; the columns are "
                    + Excerpt.list(columns));
        }
        return index;
    }

    /** A copy of the values of column {@code name}, one per row. */
    public double[] column(String name) {
        int c = columnIndex(name);
        double[] out = new double[rows.length];
        for (int r = 0; r < rows.length; r++) {
            out[r] = rows[r][c];
        }
        return out;
    }

    /** The values of {@code labelColumn}, one per row: what {@link #column(String)} returns. */
    public double[] labels(String labelColumn) {
        return column(labelColumn);
    }

    /** A copy of every row without its {@code labelColumn} value: the inputs, one sample per row. */
    public double[][] features(String labelColumn) {
        int skip = columnIndex(labelColumn);
        if (columns.size() < 2) {
            throw new CsvFormatException(source + ": the only column is the label '" + labelColumn
                    + "'; at least one input column is needed");
        }
        double[][] out = new double[rows.length][columns.size() - 1];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, out[r], 0, skip);
            System.arraycopy(rows[r], skip + 1, out[r], skip, columns.size() - skip - 1);
        }
        return out;
    }

    /** A dataset on {@code ops} whose targets are column {@code labelColumn} and whose inputs are the others. */
    public Dataset toDataset(MatrixOps ops, String labelColumn) {
        return Dataset.of(ops, features(labelColumn), labels(labelColumn));
    }

    /** A dataset on {@code ops} whose targets are the last column and whose inputs are the others. */
    public Dataset toDataset(MatrixOps ops) {
        return toDataset(ops, columns.get(columns.size() - 1));
    }

    @Override
    public String toString() {
        return "CsvTable[" + source + ": " + rows.length + " rows x " + columns + "]";
    }
}
