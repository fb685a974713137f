package dev.tinytorch.api.contract;

import dev.tinytorch.api.Axis;
import dev.tinytorch.api.Backends;
import dev.tinytorch.api.CheckedMatrixOps;
import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.ConvGeometry;
import dev.tinytorch.api.DType;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.Reduction;
import dev.tinytorch.api.UnaryOp;
import java.util.HashMap;
import java.util.Map;

/**
 * A float32 backend made from a float64 one: "compute in double, store in float". Every element is rounded to
 * float on the way in ({@code fromRowMajor}, {@code setRowMajor}, {@code fill}) and every output of an operation
 * that computes is rounded after it ({@link DType#round}); operations that only move elements (copies, gathers,
 * reshapes, im2col, max pooling) move floats and need none. The arithmetic in between is the float64 backend's, so
 * a sum is accumulated in double and rounded once, and {@link #sum} returns the float64 backend's double.
 *
 * <p>It exists for tests: it lets the contract suite and the network code run in float32 before (and besides) a
 * real float backend, and it is the most accurate float32 backend possible, a reference point for real ones. It
 * is slow (each output is copied out, rounded and copied back) and allocates on every operation. Its matrices wrap
 * the float64 backend's, so a float64 matrix is never mistaken for one of its own.
 */
public final class Float32TestDouble implements MatrixOps {

    private static final Map<String, MatrixOps> STARTED = new HashMap<>();

    private final MatrixOps float64;

    /** A matrix of this backend: a matrix of the float64 backend whose elements are all floats. */
    private record Stored(Float32TestDouble owner, Matrix inner) implements Matrix {
        @Override
        public int rows() {
            return inner.rows();
        }

        @Override
        public int cols() {
            return inner.cols();
        }

        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /** @param float64 the backend that computes, in float64; its matrices are only reached through this one */
    public Float32TestDouble(MatrixOps float64) {
        if (float64.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("Float32TestDouble wraps a float64 backend, not " + float64.dtype());
        }
        this.float64 = float64;
    }

    /**
     * The float32 test double of the float64 backend called {@code name}, checked as {@link Backends} checks every
     * backend it hands out; one per name per process, as {@link Backends} keeps one instance.
     */
    public static synchronized MatrixOps of(String name) {
        return STARTED.computeIfAbsent(name,
                n -> new CheckedMatrixOps(new Float32TestDouble(Backends.get(n, DType.FLOAT64))));
    }

    private static Matrix in(Matrix m) {
        return ((Stored) m).inner;
    }

    private Matrix wrap(Matrix inner) {
        return new Stored(this, inner);
    }

    private static double[] rounded(double[] data) {
        double[] out = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = (float) data[i];
        }
        return out;
    }

    /** Stores {@code m}'s elements as floats: what a float32 backend's output holds. */
    private void store(Matrix m) {
        Matrix inner = in(m);
        float64.setRowMajor(inner, rounded(float64.toRowMajor(inner)));
    }

    @Override
    public String name() {
        return float64.name();
    }

    @Override
    public DType dtype() {
        return DType.FLOAT32;
    }

    @Override
    public boolean owns(Matrix m) {
        return m instanceof Stored s && s.owner == this && float64.owns(s.inner);
    }

    @Override
    public Matrix zeros(int rows, int cols) {
        return wrap(float64.zeros(rows, cols));
    }

    @Override
    public Matrix fromRowMajor(int rows, int cols, double[] data) {
        return wrap(float64.fromRowMajor(rows, cols, rounded(data)));
    }

    @Override
    public void setRowMajor(Matrix m, double[] data) {
        float64.setRowMajor(in(m), rounded(data));
    }

    @Override
    public void getRowMajor(Matrix m, double[] dst) {
        float64.getRowMajor(in(m), dst);
    }

    @Override
    public double get(Matrix m, int row, int col) {
        return float64.get(in(m), row, col);
    }

    @Override
    public void fill(Matrix m, double value) {
        float64.fill(in(m), DType.FLOAT32.round(value));
    }

    @Override
    public void copy(Matrix src, Matrix dst) {
        float64.copy(in(src), in(dst));
    }

    @Override
    public void gemm(boolean transA, boolean transB, double alpha, Matrix a, Matrix b, double beta, Matrix c) {
        float64.gemm(transA, transB, alpha, in(a), in(b), beta, in(c));
        store(c);
    }

    @Override
    public void map(UnaryOp op, Matrix x, Matrix out) {
        float64.map(op, in(x), in(out));
        store(out);
    }

    @Override
    public void zip(BinaryOp op, Matrix a, Matrix b, Matrix out) {
        float64.zip(op, in(a), in(b), in(out));
        store(out);
    }

    @Override
    public void affine(Matrix x, double scale, double shift, Matrix out) {
        float64.affine(in(x), scale, shift, in(out));
        store(out);
    }

    @Override
    public void clip(Matrix x, double lo, double hi, Matrix out) {
        float64.clip(in(x), lo, hi, in(out));
        store(out);
    }

    @Override
    public void axpy(double alpha, Matrix x, Matrix y) {
        float64.axpy(alpha, in(x), in(y));
        store(y);
    }

    @Override
    public void broadcastRow(BinaryOp op, Matrix x, Matrix row, Matrix out) {
        float64.broadcastRow(op, in(x), in(row), in(out));
        store(out);
    }

    @Override
    public void broadcastColumn(BinaryOp op, Matrix x, Matrix column, Matrix out) {
        float64.broadcastColumn(op, in(x), in(column), in(out));
        store(out);
    }

    @Override
    public void reduce(Reduction op, Axis axis, Matrix x, Matrix out) {
        float64.reduce(op, axis, in(x), in(out));
        store(out);
    }

    @Override
    public double sum(Matrix x) {
        return float64.sum(in(x));
    }

    @Override
    public void argmaxRows(Matrix x, int[] out) {
        float64.argmaxRows(in(x), out);
    }

    @Override
    public void gatherRows(Matrix src, int[] rows, int offset, int count, Matrix out) {
        float64.gatherRows(in(src), rows, offset, count, in(out));
    }

    @Override
    public void reshape(Matrix x, Matrix out) {
        float64.reshape(in(x), in(out));
    }

    @Override
    public void copyRows(Matrix src, int srcRow, Matrix dst, int dstRow, int count) {
        float64.copyRows(in(src), srcRow, in(dst), dstRow, count);
    }

    @Override
    public void scatterAddRows(Matrix src, int[] rows, int offset, Matrix out) {
        float64.scatterAddRows(in(src), rows, offset, in(out));
        store(out);
    }

    @Override
    public void lstmCell(Matrix gates, int row, Matrix cPrev, Matrix c, Matrix h) {
        float64.lstmCell(in(gates), row, in(cPrev), in(c), in(h));
        store(gates);
        store(c);
        store(h);
    }

    @Override
    public void lstmCellBackward(Matrix gates, int row, Matrix cPrev, Matrix c, Matrix dh, Matrix dc, Matrix dGates) {
        float64.lstmCellBackward(in(gates), row, in(cPrev), in(c), in(dh), in(dc), in(dGates));
        store(dc);
        store(dGates);
    }

    @Override
    public void gruCell(Matrix gates, int row, Matrix hiddenGates, Matrix hPrev, Matrix h) {
        float64.gruCell(in(gates), row, in(hiddenGates), in(hPrev), in(h));
        store(gates);
        store(h);
    }

    @Override
    public void gruCellBackward(Matrix gates, int row, Matrix hiddenGates, Matrix hPrev, Matrix dh, Matrix dGates,
            Matrix dHiddenGates, Matrix dhPrev) {
        float64.gruCellBackward(in(gates), row, in(hiddenGates), in(hPrev), in(dh), in(dGates), in(dHiddenGates),
                in(dhPrev));
        store(dGates);
        store(dHiddenGates);
        store(dhPrev);
    }

    @Override
    public void im2col(Matrix x, ConvGeometry g, Matrix cols) {
        float64.im2col(in(x), g, in(cols));
    }

    @Override
    public void col2im(Matrix cols, ConvGeometry g, Matrix x) {
        float64.col2im(in(cols), g, in(x));
        store(x);
    }

    @Override
    public void transposeBlocks(Matrix x, int block, Matrix out) {
        float64.transposeBlocks(in(x), block, in(out));
    }

    @Override
    public void maxPool(Matrix x, ConvGeometry g, Matrix out, int[] winners) {
        float64.maxPool(in(x), g, in(out), winners);
    }

    @Override
    public void maxPoolBackward(Matrix gradOut, ConvGeometry g, int[] winners, Matrix gradIn) {
        float64.maxPoolBackward(in(gradOut), g, winners, in(gradIn));
        store(gradIn);
    }

    @Override
    public void avgPool(Matrix x, ConvGeometry g, Matrix out) {
        float64.avgPool(in(x), g, in(out));
        store(out);
    }

    @Override
    public void avgPoolBackward(Matrix gradOut, ConvGeometry g, Matrix gradIn) {
        float64.avgPoolBackward(in(gradOut), g, in(gradIn));
        store(gradIn);
    }
}
