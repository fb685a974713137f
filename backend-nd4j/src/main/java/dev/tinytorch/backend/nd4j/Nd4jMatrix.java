package dev.tinytorch.backend.nd4j;

import dev.tinytorch.api.Matrix;
import org.bytedeco.javacpp.DoublePointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A matrix as a rank-2, row-major ('c' order) ND4J array of doubles that owns its whole buffer (never a view).
 *
 * <p>It also keeps the address of that buffer, so that copies in and out, single-element reads and BLAS calls
 * reach the native memory without asking ND4J for a new pointer object each time.
 */
final class Nd4jMatrix implements Matrix {

    final INDArray array;
    /** The first element of {@link #array}'s buffer; {@code null} for an empty matrix, which has no buffer. */
    final DoublePointer data;
    private final int rows;
    private final int cols;

    private Nd4jMatrix(int rows, int cols, INDArray array) {
        this.rows = rows;
        this.cols = cols;
        this.array = array;
        this.data = array.isEmpty() ? null : (DoublePointer) array.data().addressPointer();
    }

    /** A new {@code rows x cols} matrix of zeros. */
    static Nd4jMatrix zeros(int rows, int cols) {
        return new Nd4jMatrix(rows, cols, Nd4j.create(DataType.DOUBLE, new long[] {rows, cols}, 'c'));
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public String toString() {
        return "Nd4jMatrix " + shape();
    }
}
