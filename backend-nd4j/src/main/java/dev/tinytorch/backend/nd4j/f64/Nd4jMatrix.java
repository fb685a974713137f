package dev.tinytorch.backend.nd4j.f64;

import dev.tinytorch.api.Matrix;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.LongPointer;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.cpu.nativecpu.buffer.BaseCpuDataBuffer;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.OpaqueDataBuffer;

/**
 * A matrix as a rank-2, row-major ('c' order) ND4J array of doubles that owns its whole buffer (never a view); in the
 * generated float32 copy of this package, an array of ND4J's {@code FLOAT}.
 *
 * <p>It also keeps the native handles every kernel call needs: the address of the first element (for copies,
 * single-element reads and BLAS), ND4J's buffer handle and its shape descriptor. Looking these up through the
 * array on every call allocates a pointer object each time; a training step makes dozens of calls.
 */
final class Nd4jMatrix implements Matrix {

    /**
     * Whether the elements are narrower than float64: false in the float64 source, true in its generated float32 copy,
     * where long sums and {@code axpy} then compute in float64 in Java (see {@link Nd4jOps#reduce}).
     */
    static final boolean NARROW = Double.SIZE < Long.SIZE;

    /** Keeps the native memory alive: the handles below point into it. */
    final INDArray array;
    /** The first element of {@link #array}'s buffer; {@code null} for an empty matrix, which has no buffer. */
    final DoublePointer data;
    /** ND4J's handle on the buffer, as its native kernels take it; {@code null} for an empty matrix. */
    final OpaqueDataBuffer buffer;
    /** ND4J's native shape descriptor (rank, shape, strides, order) of {@link #array}. */
    final LongPointer shape;
    private final int rows;
    private final int cols;
    private RowTensors rowTensors;  // on first use: most matrices are never gathered from

    private Nd4jMatrix(int rows, int cols, INDArray array) {
        this.rows = rows;
        this.cols = cols;
        this.array = array;
        this.data = array.isEmpty() ? null : (DoublePointer) array.data().addressPointer();
        this.buffer = array.isEmpty() ? null : ((BaseCpuDataBuffer) array.data()).getOpaqueDataBuffer();
        this.shape = (LongPointer) array.shapeInfoDataBuffer().addressPointer();
    }

    /** A new {@code rows x cols} matrix of zeros. */
    static Nd4jMatrix zeros(int rows, int cols) {
        return new Nd4jMatrix(rows, cols, Nd4j.create(DataType.DOUBLE, new long[] {rows, cols}, 'c'));
    }

    /**
     * ND4J's descriptors of this matrix's rows (one shape, one offset per row), which its row-gathering kernel
     * takes. Asking ND4J for them costs about 20 us a time, so they are asked for once; ND4J keeps the native
     * memory for the lifetime of the process. Computing them twice in a race is harmless.
     */
    RowTensors rowTensors() {
        RowTensors r = rowTensors;
        if (r == null) {
            r = new RowTensors(Nd4j.getExecutioner().getTADManager().getTADOnlyShapeInfo(array, 1));
            rowTensors = r;
        }
        return r;
    }

    /** The row descriptors and the Java wrappers that own them. */
    static final class RowTensors {
        private final Pair<DataBuffer, DataBuffer> buffers;
        final LongPointer shape;
        final LongPointer offsets;

        private RowTensors(Pair<DataBuffer, DataBuffer> buffers) {
            this.buffers = buffers;
            this.shape = (LongPointer) buffers.getFirst().addressPointer();
            this.offsets = (LongPointer) buffers.getSecond().addressPointer();
        }
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
