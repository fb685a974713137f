package dev.tinytorch.api;

/** Which direction a reduction collapses, named by what disappears so that no one has to recall numpy's axes. */
public enum Axis {
    /** Collapse the rows (numpy {@code axis=0}): an {@code r x c} input gives a {@code 1 x c} row. */
    OVER_ROWS,
    /** Collapse the columns (numpy {@code axis=1}): an {@code r x c} input gives an {@code r x 1} column. */
    OVER_COLUMNS;

    /** Rows of the result of reducing a {@code rows x cols} matrix along this axis. */
    public int resultRows(int rows) {
        return this == OVER_ROWS ? 1 : rows;
    }

    /** Columns of the result of reducing a {@code rows x cols} matrix along this axis. */
    public int resultCols(int cols) {
        return this == OVER_COLUMNS ? 1 : cols;
    }
}
