package dev.tinytorch.api.contract;

import dev.tinytorch.api.Axis;
import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.ConvGeometry;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.Reduction;
import dev.tinytorch.api.UnaryOp;
import dev.tinytorch.api.kernels.f64.ImageKernels;
import dev.tinytorch.api.kernels.f64.RecurrentKernels;
import dev.tinytorch.api.kernels.f64.RowKernels;
import java.util.Arrays;

/**
 * A float64 backend of plain loops over row-major arrays, one thread, no blocking: the float64 backend the api
 * module's own tests have, so that {@link Float32TestDouble} can be run through the contract suite without a real
 * backend module, and the suite itself is seen to pass on the obvious implementation. Registered as
 * {@value #NAME} by {@link ReferenceBackend} in the api module's tests only.
 */
public final class ReferenceOps implements MatrixOps {

    /** The name this backend is registered under in the api module's tests. */
    public static final String NAME = "reference";

    /** A matrix of this backend: its row-major elements. */
    private record Dense(int rows, int cols, double[] data) implements Matrix {
        @Override
        public String toString() {
            return shape();
        }
    }

    private static double[] data(Matrix m) {
        return ((Dense) m).data;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean owns(Matrix m) {
        return m instanceof Dense;
    }

    @Override
    public Matrix zeros(int rows, int cols) {
        return new Dense(rows, cols, new double[rows * cols]);
    }

    @Override
    public Matrix fromRowMajor(int rows, int cols, double[] data) {
        return new Dense(rows, cols, data.clone());
    }

    @Override
    public void setRowMajor(Matrix m, double[] data) {
        System.arraycopy(data, 0, data(m), 0, m.size());
    }

    @Override
    public void getRowMajor(Matrix m, double[] dst) {
        System.arraycopy(data(m), 0, dst, 0, m.size());
    }

    @Override
    public double get(Matrix m, int row, int col) {
        return data(m)[row * m.cols() + col];
    }

    @Override
    public void fill(Matrix m, double value) {
        Arrays.fill(data(m), value);
    }

    @Override
    public void copy(Matrix src, Matrix dst) {
        System.arraycopy(data(src), 0, data(dst), 0, src.size());
    }

    @Override
    public void gemm(boolean transA, boolean transB, double alpha, Matrix a, Matrix b, double beta, Matrix c) {
        double[] x = data(a);
        double[] y = data(b);
        double[] z = data(c);
        int m = c.rows();
        int n = c.cols();
        int k = transA ? a.rows() : a.cols();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0.0;
                for (int p = 0; p < k; p++) {
                    s += (transA ? x[p * a.cols() + i] : x[i * a.cols() + p])
                            * (transB ? y[j * b.cols() + p] : y[p * b.cols() + j]);
                }
                z[i * n + j] = beta == 0.0 ? alpha * s : alpha * s + beta * z[i * n + j];
            }
        }
    }

    @Override
    public void map(UnaryOp op, Matrix x, Matrix out) {
        double[] in = data(x);
        double[] o = data(out);
        for (int i = 0; i < in.length; i++) {
            o[i] = op.apply(in[i]);
        }
    }

    @Override
    public void zip(BinaryOp op, Matrix a, Matrix b, Matrix out) {
        double[] x = data(a);
        double[] y = data(b);
        double[] o = data(out);
        for (int i = 0; i < x.length; i++) {
            o[i] = op.apply(x[i], y[i]);
        }
    }

    @Override
    public void affine(Matrix x, double scale, double shift, Matrix out) {
        double[] in = data(x);
        double[] o = data(out);
        for (int i = 0; i < in.length; i++) {
            o[i] = scale * in[i] + shift;
        }
    }

    @Override
    public void clip(Matrix x, double lo, double hi, Matrix out) {
        double[] in = data(x);
        double[] o = data(out);
        for (int i = 0; i < in.length; i++) {
            o[i] = Math.min(Math.max(in[i], lo), hi);
        }
    }

    @Override
    public void axpy(double alpha, Matrix x, Matrix y) {
        double[] in = data(x);
        double[] o = data(y);
        for (int i = 0; i < in.length; i++) {
            o[i] = o[i] + alpha * in[i];
        }
    }

    @Override
    public void broadcastRow(BinaryOp op, Matrix x, Matrix row, Matrix out) {
        double[] in = data(x);
        double[] r = data(row).clone();
        double[] o = data(out);
        for (int i = 0; i < in.length; i++) {
            o[i] = op.apply(in[i], r[i % x.cols()]);
        }
    }

    @Override
    public void broadcastColumn(BinaryOp op, Matrix x, Matrix column, Matrix out) {
        double[] in = data(x);
        double[] c = data(column).clone();
        double[] o = data(out);
        for (int i = 0; i < in.length; i++) {
            o[i] = op.apply(in[i], c[i / x.cols()]);
        }
    }

    @Override
    public void reduce(Reduction op, Axis axis, Matrix x, Matrix out) {
        double[][] result = Reference.reduce(op, axis, toArray(x), x.rows(), x.cols());
        setRowMajor(out, Arrays.stream(result).flatMapToDouble(Arrays::stream).toArray());
    }

    @Override
    public double sum(Matrix x) {
        double s = 0.0;
        for (double v : data(x)) {
            s += v;
        }
        return s;
    }

    @Override
    public void argmaxRows(Matrix x, int[] out) {
        int[] result = Reference.argmaxRows(toArray(x));
        System.arraycopy(result, 0, out, 0, result.length);
    }

    @Override
    public void gatherRows(Matrix src, int[] rows, int offset, int count, Matrix out) {
        int cols = src.cols();
        for (int i = 0; i < count; i++) {
            System.arraycopy(data(src), rows[offset + i] * cols, data(out), i * cols, cols);
        }
    }

    @Override
    public void reshape(Matrix x, Matrix out) {
        copy(x, out);
    }

    @Override
    public void copyRows(Matrix src, int srcRow, Matrix dst, int dstRow, int count) {
        int cols = src.cols();
        System.arraycopy(data(src), srcRow * cols, data(dst), dstRow * cols, count * cols);
    }

    @Override
    public void scatterAddRows(Matrix src, int[] rows, int offset, Matrix out) {
        RowKernels.scatterAddRows(data(src), src.cols(), rows, offset, src.rows(), data(out));
    }

    @Override
    public void lstmCell(Matrix gates, int row, Matrix cPrev, Matrix c, Matrix h) {
        RecurrentKernels.lstmCell(data(gates), row, data(cPrev), data(c), data(h), c.rows(), c.cols());
    }

    @Override
    public void lstmCellBackward(Matrix gates, int row, Matrix cPrev, Matrix c, Matrix dh, Matrix dc, Matrix dGates) {
        RecurrentKernels.lstmCellBackward(data(gates), row, data(cPrev), data(c), data(dh), data(dc), data(dGates),
                c.rows(), c.cols());
    }

    @Override
    public void gruCell(Matrix gates, int row, Matrix hiddenGates, Matrix hPrev, Matrix h) {
        RecurrentKernels.gruCell(data(gates), row, data(hiddenGates), data(hPrev), data(h), h.rows(), h.cols());
    }

    @Override
    public void gruCellBackward(Matrix gates, int row, Matrix hiddenGates, Matrix hPrev, Matrix dh, Matrix dGates,
            Matrix dHiddenGates, Matrix dhPrev) {
        RecurrentKernels.gruCellBackward(data(gates), row, data(hiddenGates), data(hPrev), data(dh), data(dGates),
                data(dHiddenGates), data(dhPrev), dh.rows(), dh.cols());
    }

    @Override
    public void im2col(Matrix x, ConvGeometry g, Matrix cols) {
        ImageKernels.im2col(data(x), x.rows(), g, data(cols));
    }

    @Override
    public void col2im(Matrix cols, ConvGeometry g, Matrix x) {
        ImageKernels.col2im(data(cols), x.rows(), g, data(x));
    }

    @Override
    public void transposeBlocks(Matrix x, int block, Matrix out) {
        ImageKernels.transposeBlocks(data(x), x.rows(), block == 0 ? 0 : x.cols() / block, block, data(out));
    }

    @Override
    public void maxPool(Matrix x, ConvGeometry g, Matrix out, int[] winners) {
        ImageKernels.maxPool(data(x), x.rows(), g, data(out), winners);
    }

    @Override
    public void maxPoolBackward(Matrix gradOut, ConvGeometry g, int[] winners, Matrix gradIn) {
        ImageKernels.maxPoolBackward(data(gradOut), gradOut.rows(), g, winners, data(gradIn));
    }

    @Override
    public void avgPool(Matrix x, ConvGeometry g, Matrix out) {
        ImageKernels.avgPool(data(x), x.rows(), g, data(out));
    }

    @Override
    public void avgPoolBackward(Matrix gradOut, ConvGeometry g, Matrix gradIn) {
        ImageKernels.avgPoolBackward(data(gradOut), gradOut.rows(), g, data(gradIn));
    }
}
