package dev.tinytorch.nn;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;

/**
 * One matrix a layer or loss writes into on every call, allocated again only when the batch shape or the backend
 * changes: what keeps a training step free of allocation once the shapes are known.
 *
 * <p>The contents handed out are whatever the previous call left; callers overwrite them.
 */
public final class MatrixBuffer {

    private MatrixOps owner;
    private Matrix matrix;

    /** A {@code rows x cols} matrix of {@code ops}: the previous one if it still fits, else fresh zeros. */
    public Matrix get(MatrixOps ops, int rows, int cols) {
        if (matrix == null || owner != ops || matrix.rows() != rows || matrix.cols() != cols) {
            matrix = ops.zeros(rows, cols);
            owner = ops;
        }
        return matrix;
    }
}
