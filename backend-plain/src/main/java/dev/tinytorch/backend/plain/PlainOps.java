package dev.tinytorch.backend.plain;

import dev.tinytorch.api.Axis;
import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.Reduction;
import dev.tinytorch.api.UnaryOp;
import java.util.Arrays;

/**
 * {@link MatrixOps} over row-major {@code double[]} with plain loops. Shapes are checked by
 * {@link dev.tinytorch.api.CheckedMatrixOps} before a call arrives here.
 */
final class PlainOps implements MatrixOps {

    @Override
    public String name() {
        return PlainBackend.NAME;
    }

    @Override
    public boolean owns(Matrix m) {
        return m instanceof PlainMatrix;
    }

    private static double[] d(Matrix m) {
        return ((PlainMatrix) m).data;
    }

    @Override
    public Matrix zeros(int rows, int cols) {
        return new PlainMatrix(rows, cols);
    }

    @Override
    public Matrix fromRowMajor(int rows, int cols, double[] data) {
        return new PlainMatrix(rows, cols, data.clone());
    }

    @Override
    public void setRowMajor(Matrix m, double[] data) {
        System.arraycopy(data, 0, d(m), 0, data.length);
    }

    @Override
    public void getRowMajor(Matrix m, double[] dst) {
        System.arraycopy(d(m), 0, dst, 0, dst.length);
    }

    @Override
    public double get(Matrix m, int row, int col) {
        return d(m)[row * m.cols() + col];
    }

    @Override
    public void fill(Matrix m, double value) {
        Arrays.fill(d(m), value);
    }

    @Override
    public void copy(Matrix src, Matrix dst) {
        System.arraycopy(d(src), 0, d(dst), 0, src.size());
    }

    @Override
    public void gemm(boolean transA, boolean transB, double alpha, Matrix a, Matrix b, double beta, Matrix c) {
        double[] ad = d(a);
        double[] bd = d(b);
        double[] cd = d(c);
        int m = c.rows();
        int n = c.cols();
        int k = transA ? a.rows() : a.cols();
        int lda = a.cols();
        int ldb = b.cols();
        for (int i = 0; i < m; i++) {
            int ci = i * n;
            if (beta == 0.0) {
                Arrays.fill(cd, ci, ci + n, 0.0);
            } else if (beta != 1.0) {
                for (int j = 0; j < n; j++) {
                    cd[ci + j] *= beta;
                }
            }
            for (int p = 0; p < k; p++) {
                double aip = alpha * (transA ? ad[p * lda + i] : ad[i * lda + p]);
                if (transB) {
                    for (int j = 0; j < n; j++) {
                        cd[ci + j] += aip * bd[j * ldb + p];
                    }
                } else {
                    int bp = p * ldb;
                    for (int j = 0; j < n; j++) {
                        cd[ci + j] += aip * bd[bp + j];
                    }
                }
            }
        }
    }

    @Override
    public void map(UnaryOp op, Matrix x, Matrix out) {
        double[] xd = d(x);
        double[] od = d(out);
        for (int i = 0; i < xd.length; i++) {
            od[i] = op.apply(xd[i]);
        }
    }

    @Override
    public void zip(BinaryOp op, Matrix a, Matrix b, Matrix out) {
        double[] ad = d(a);
        double[] bd = d(b);
        double[] od = d(out);
        for (int i = 0; i < ad.length; i++) {
            od[i] = op.apply(ad[i], bd[i]);
        }
    }

    @Override
    public void affine(Matrix x, double scale, double shift, Matrix out) {
        double[] xd = d(x);
        double[] od = d(out);
        for (int i = 0; i < xd.length; i++) {
            od[i] = scale * xd[i] + shift;
        }
    }

    @Override
    public void clip(Matrix x, double lo, double hi, Matrix out) {
        double[] xd = d(x);
        double[] od = d(out);
        for (int i = 0; i < xd.length; i++) {
            od[i] = Math.min(Math.max(xd[i], lo), hi);
        }
    }

    @Override
    public void axpy(double alpha, Matrix x, Matrix y) {
        double[] xd = d(x);
        double[] yd = d(y);
        for (int i = 0; i < xd.length; i++) {
            yd[i] += alpha * xd[i];
        }
    }

    @Override
    public void broadcastRow(BinaryOp op, Matrix x, Matrix row, Matrix out) {
        double[] xd = d(x);
        double[] rd = d(row);
        double[] od = d(out);
        int cols = x.cols();
        for (int r = 0; r < x.rows(); r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                od[base + c] = op.apply(xd[base + c], rd[c]);
            }
        }
    }

    @Override
    public void broadcastColumn(BinaryOp op, Matrix x, Matrix column, Matrix out) {
        double[] xd = d(x);
        double[] cd = d(column);
        double[] od = d(out);
        int cols = x.cols();
        for (int r = 0; r < x.rows(); r++) {
            int base = r * cols;
            double v = cd[r];
            for (int c = 0; c < cols; c++) {
                od[base + c] = op.apply(xd[base + c], v);
            }
        }
    }

    @Override
    public void reduce(Reduction op, Axis axis, Matrix x, Matrix out) {
        double[] xd = d(x);
        double[] od = d(out);
        int rows = x.rows();
        int cols = x.cols();
        double init = op == Reduction.MAX ? Double.NEGATIVE_INFINITY : 0.0;
        Arrays.fill(od, init);
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                int o = axis == Axis.OVER_ROWS ? c : r;
                double v = xd[base + c];
                od[o] = op == Reduction.MAX ? Math.max(od[o], v) : od[o] + v;
            }
        }
        if (op == Reduction.MEAN) {
            double n = axis == Axis.OVER_ROWS ? rows : cols;
            for (int i = 0; i < od.length; i++) {
                od[i] /= n;
            }
        }
    }

    @Override
    public double sum(Matrix x) {
        double s = 0.0;
        for (double v : d(x)) {
            s += v;
        }
        return s;
    }

    @Override
    public void argmaxRows(Matrix x, int[] out) {
        double[] xd = d(x);
        int cols = x.cols();
        for (int r = 0; r < x.rows(); r++) {
            int base = r * cols;
            int best = 0;
            for (int c = 1; c < cols; c++) {
                if (xd[base + c] > xd[base + best]) {
                    best = c;
                }
            }
            out[r] = best;
        }
    }

    @Override
    public void gatherRows(Matrix src, int[] rows, int offset, int count, Matrix out) {
        double[] sd = d(src);
        double[] od = d(out);
        int cols = src.cols();
        for (int i = 0; i < count; i++) {
            System.arraycopy(sd, rows[offset + i] * cols, od, i * cols, cols);
        }
    }
}
