package dev.tinytorch.api.kernels.f64;

/**
 * The row operations of {@link dev.tinytorch.api.MatrixOps} that no backend library offers, as loops over row-major
 * {@code double[]}, written once for every backend that holds (or can copy) its matrices as such arrays: not an API
 * for users. Arrays are assumed well-formed ({@link dev.tinytorch.api.CheckedMatrixOps} checks indices first).
 */
public final class RowKernels {

    private RowKernels() {
    }

    /**
     * Adds row {@code i} of {@code src} ({@code count x cols}) to row {@code rows[offset + i]} of {@code out}, for
     * {@code i = 0 .. count - 1} in that order: one fixed summation order for rows named more than once.
     */
    public static void scatterAddRows(double[] src, int cols, int[] rows, int offset, int count, double[] out) {
        for (int i = 0; i < count; i++) {
            int from = i * cols;
            int to = rows[offset + i] * cols;
            for (int c = 0; c < cols; c++) {
                out[to + c] += src[from + c];
            }
        }
    }
}
