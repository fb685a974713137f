package dev.tinytorch.backend.plain;

import dev.tinytorch.api.Axis;
import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.ConvGeometry;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.Reduction;
import dev.tinytorch.api.UnaryOp;
import dev.tinytorch.api.kernels.ImageKernels;
import dev.tinytorch.api.kernels.RowKernels;
import java.util.Arrays;

/**
 * {@link MatrixOps} over row-major {@code double[]}: products through {@link Gemm}, element-wise loops through
 * the {@link ScalarKernels} (or {@link VectorKernels}) that {@link KernelLoader} chose, image operations through the
 * loops of {@link ImageKernels} that every backend shares, the larger ones split by images with {@link SplitImages}. Shapes are checked by
 * {@link dev.tinytorch.api.CheckedMatrixOps} before a call arrives here.
 */
final class PlainOps implements MatrixOps {

    private final ScalarKernels kernels;
    private final Gemm gemm;
    private final NarrowRows narrowRows;
    private final ThreadLocal<SplitAxpy> splitAxpy;
    private final ThreadLocal<SplitGather> splitGather;
    private final ThreadLocal<SplitImages> splitImages;

    PlainOps(ScalarKernels kernels) {
        this.kernels = kernels;
        this.gemm = new Gemm(kernels);
        this.narrowRows = new NarrowRows(kernels);
        this.splitAxpy = ThreadLocal.withInitial(() -> new SplitAxpy(kernels, BandThreads.shared()));
        this.splitGather = ThreadLocal.withInitial(() -> new SplitGather(BandThreads.shared()));
        this.splitImages = ThreadLocal.withInitial(() -> new SplitImages(BandThreads.shared()));
    }

    @Override
    public String name() {
        return PlainBackend.NAME;
    }

    @Override
    public String toString() {
        return PlainBackend.NAME + " (" + kernels + ")";
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
        int k = transA ? a.rows() : a.cols();
        gemm.multiply(transA, transB, alpha, d(a), a.cols(), d(b), b.cols(), beta, d(c), c.rows(), c.cols(), k);
    }

    @Override
    public void map(UnaryOp op, Matrix x, Matrix out) {
        kernels.map(op, d(x), 0, d(out), 0, x.size());
    }

    @Override
    public void zip(BinaryOp op, Matrix a, Matrix b, Matrix out) {
        kernels.zip(op, d(a), 0, d(b), 0, d(out), 0, a.size());
    }

    @Override
    public void affine(Matrix x, double scale, double shift, Matrix out) {
        kernels.affine(d(x), 0, scale, shift, d(out), 0, x.size());
    }

    @Override
    public void clip(Matrix x, double lo, double hi, Matrix out) {
        kernels.clip(d(x), 0, lo, hi, d(out), 0, x.size());
    }

    @Override
    public void axpy(double alpha, Matrix x, Matrix y) {
        if (x.size() < SplitAxpy.MIN_LENGTH) {
            kernels.axpy(alpha, d(x), 0, d(y), 0, x.size());
        } else {
            splitAxpy.get().axpy(alpha, d(x), d(y), x.size());
        }
    }

    @Override
    public void broadcastRow(BinaryOp op, Matrix x, Matrix row, Matrix out) {
        double[] xd = d(x);
        double[] rd = d(row);
        double[] od = d(out);
        int rows = x.rows();
        int cols = x.cols();
        if (cols == 1) {
            kernels.zipScalar(op, xd, 0, rd[0], od, 0, rows);
        } else if (cols < NarrowRows.MAX_COLS && rows > 1) {
            narrowRows.broadcastRow(op, xd, rd, od, rows, cols);
        } else {
            for (int r = 0, base = 0; r < rows; r++, base += cols) {
                kernels.zip(op, xd, base, rd, 0, od, base, cols);
            }
        }
    }

    @Override
    public void broadcastColumn(BinaryOp op, Matrix x, Matrix column, Matrix out) {
        double[] xd = d(x);
        double[] cd = d(column);
        double[] od = d(out);
        int cols = x.cols();
        for (int r = 0, base = 0; r < x.rows(); r++, base += cols) {
            kernels.zipScalar(op, xd, base, cd[r], od, base, cols);
        }
    }

    @Override
    public void reduce(Reduction op, Axis axis, Matrix x, Matrix out) {
        double[] xd = d(x);
        double[] od = d(out);
        int rows = x.rows();
        int cols = x.cols();
        if (axis == Axis.OVER_ROWS) {
            reduceRows(op == Reduction.MAX ? BinaryOp.MAX : BinaryOp.ADD, xd, od, rows, cols);
        } else if (cols == 1) {
            System.arraycopy(xd, 0, od, 0, rows);
        } else {
            for (int r = 0; r < rows; r++) {
                od[r] = op == Reduction.MAX ? kernels.max(xd, r * cols, cols) : kernels.sum(xd, r * cols, cols);
            }
        }
        if (op == Reduction.MEAN) {
            double count = axis == Axis.OVER_ROWS ? rows : cols;
            for (int i = 0; i < od.length; i++) {
                od[i] /= count;
            }
        }
    }

    /** {@code out[c] = combine over r of x[r][c]}; {@code combine} is ADD or MAX. */
    private void reduceRows(BinaryOp combine, double[] xd, double[] od, int rows, int cols) {
        if (rows == 0) {
            Arrays.fill(od, combine == BinaryOp.MAX ? Double.NEGATIVE_INFINITY : 0.0);
        } else if (cols == 1) {
            od[0] = combine == BinaryOp.MAX ? kernels.max(xd, 0, rows) : kernels.sum(xd, 0, rows);
        } else if (cols < NarrowRows.MAX_COLS) {
            narrowRows.reduceRows(combine, xd, od, rows, cols);
        } else {
            System.arraycopy(xd, 0, od, 0, cols);
            for (int r = 1; r < rows; r++) {
                kernels.zip(combine, od, 0, xd, r * cols, od, 0, cols);
            }
        }
    }

    @Override
    public double sum(Matrix x) {
        return kernels.sum(d(x), 0, x.size());
    }

    /** The first NaN of each row, or else its first largest element, as {@link MatrixOps#argmaxRows} defines. */
    @Override
    public void argmaxRows(Matrix x, int[] out) {
        double[] xd = d(x);
        int cols = x.cols();
        for (int r = 0; r < x.rows(); r++) {
            int base = r * cols;
            int best = 0;
            double max = xd[base];
            for (int c = 1; c < cols && max == max; c++) {
                double v = xd[base + c];
                if (!(v <= max)) { // larger, or NaN, which ends the search
                    best = c;
                    max = v;
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
        if ((long) count * cols >= SplitGather.MIN_ELEMENTS) {
            splitGather.get().gather(sd, cols, rows, offset, count, od);
        } else {
            SplitGather.copyRows(sd, cols, rows, offset, 0, count, od);
        }
    }

    @Override
    public void reshape(Matrix x, Matrix out) {
        System.arraycopy(d(x), 0, d(out), 0, x.size());
    }

    @Override
    public void scatterAddRows(Matrix src, int[] rows, int offset, Matrix out) {
        RowKernels.scatterAddRows(d(src), src.cols(), rows, offset, src.rows(), d(out));
    }

    @Override
    public void copyRows(Matrix src, int srcRow, Matrix dst, int dstRow, int count) {
        int cols = src.cols();
        System.arraycopy(d(src), srcRow * cols, d(dst), dstRow * cols, count * cols);
    }

    @Override
    public void lstmCell(Matrix gates, Matrix cPrev, Matrix c, Matrix h) {
        kernels.lstmCell(d(gates), d(cPrev), d(c), d(h), c.rows(), c.cols());
    }

    @Override
    public void lstmCellBackward(Matrix gates, Matrix cPrev, Matrix c, Matrix dh, Matrix dc, Matrix dGates) {
        kernels.lstmCellBackward(d(gates), d(cPrev), d(c), d(dh), d(dc), d(dGates),
                c.rows(), c.cols());
    }

    @Override
    public void gruCell(Matrix gates, Matrix hiddenGates, Matrix hPrev, Matrix h) {
        kernels.gruCell(d(gates), d(hiddenGates), d(hPrev), d(h), h.rows(), h.cols());
    }

    @Override
    public void gruCellBackward(Matrix gates, Matrix hiddenGates, Matrix hPrev, Matrix dh, Matrix dGates,
            Matrix dHiddenGates, Matrix dhPrev) {
        kernels.gruCellBackward(d(gates), d(hiddenGates), d(hPrev), d(dh), d(dGates),
                d(dHiddenGates), d(dhPrev), dh.rows(), dh.cols());
    }

    @Override
    public void im2col(Matrix x, ConvGeometry g, Matrix cols) {
        splitImages.get().im2col(d(x), x.rows(), g, d(cols));
    }

    @Override
    public void col2im(Matrix cols, ConvGeometry g, Matrix x) {
        splitImages.get().col2im(d(cols), x.rows(), g, d(x));
    }

    @Override
    public void transposeBlocks(Matrix x, int block, Matrix out) {
        ImageKernels.transposeBlocks(d(x), x.rows(), out.rows(), block, d(out));
    }

    @Override
    public void maxPool(Matrix x, ConvGeometry g, Matrix out, int[] winners) {
        splitImages.get().maxPool(d(x), x.rows(), g, d(out), winners);
    }

    @Override
    public void maxPoolBackward(Matrix gradOut, ConvGeometry g, int[] winners, Matrix gradIn) {
        splitImages.get().maxPoolBackward(d(gradOut), gradIn.rows(), g, winners, d(gradIn));
    }

    @Override
    public void avgPool(Matrix x, ConvGeometry g, Matrix out) {
        ImageKernels.avgPool(d(x), x.rows(), g, d(out));
    }

    @Override
    public void avgPoolBackward(Matrix gradOut, ConvGeometry g, Matrix gradIn) {
        ImageKernels.avgPoolBackward(d(gradOut), gradIn.rows(), g, d(gradIn));
    }
}
