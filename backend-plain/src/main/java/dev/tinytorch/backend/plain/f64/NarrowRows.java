package dev.tinytorch.backend.plain.f64;

import dev.tinytorch.api.BinaryOp;

/**
 * Row broadcasts and column reductions of matrices whose rows are short, such as a layer's bias added to a batch
 * of 64 rows of 20: a loop over rows calls a kernel once per row, and on rows that short the calls cost more than
 * the arithmetic (measured 0.6-1.2 us for 64 x 20). These go over the whole matrix in a few long kernel calls
 * instead, through a scratch buffer of the caller's thread that grows to the largest matrix seen and is then reused.
 */
final class NarrowRows {

    /** Rows shorter than this go through here; from this length on, one kernel call per row costs little. */
    static final int MAX_COLS = 64;

    private final ScalarKernels kernels;
    private final ThreadScratch<double[]> scratch = new ThreadScratch<>(double[]::new);

    NarrowRows(ScalarKernels kernels) {
        this.kernels = kernels;
    }

    /**
     * {@code out[r][c] = op(x[r][c], row[c])}: the row is repeated down a scratch matrix by doubling copies, then
     * combined with x in one element-wise call.
     */
    void broadcastRow(BinaryOp op, double[] x, double[] row, double[] out, int rows, int cols) {
        int size = rows * cols;
        double[] tiled = scratch.get(size);
        System.arraycopy(row, 0, tiled, 0, cols);
        for (int filled = cols; filled < size; filled *= 2) {
            System.arraycopy(tiled, 0, tiled, filled, Math.min(filled, size - filled));
        }
        kernels.zip(op, x, 0, tiled, 0, out, 0, size);
    }

    /**
     * {@code out[c] = combine over r of x[r][c]}, for {@code combine} ADD or MAX, as a pairwise reduction: the
     * bottom half of the remaining rows is combined into the top half until one row is left.
     */
    void reduceRows(BinaryOp combine, double[] x, double[] out, int rows, int cols) {
        double[] work = scratch.get(rows * cols);
        System.arraycopy(x, 0, work, 0, rows * cols);
        for (int left = rows; left > 1; ) {
            int half = left / 2;
            int upper = left - half;
            kernels.zip(combine, work, 0, work, upper * cols, work, 0, half * cols);
            left = upper;
        }
        System.arraycopy(work, 0, out, 0, cols);
    }
}
