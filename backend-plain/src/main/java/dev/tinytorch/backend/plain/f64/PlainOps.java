package dev.tinytorch.backend.plain.f64;

import dev.tinytorch.api.Axis;
import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.ConvGeometry;
import dev.tinytorch.api.DType;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.Reduction;
import dev.tinytorch.api.UnaryOp;
import dev.tinytorch.api.kernels.AlwaysDouble;
import dev.tinytorch.api.kernels.f64.ImageKernels;
import dev.tinytorch.api.kernels.f64.RowKernels;
import dev.tinytorch.backend.plain.machine.BandThreads;
import java.util.Arrays;

/**
 * {@link MatrixOps} over row-major {@code double[]}: products through {@code Gemm}, element-wise loops through
 * the {@code ScalarKernels} (or {@code VectorKernels}) that {@code KernelLoader} chose, image operations through the
 * loops of {@link ImageKernels} that every backend shares, the larger ones split by images with
 * {@code SplitImages}. Shapes are checked by {@link dev.tinytorch.api.CheckedMatrixOps} before a call arrives here.
 *
 * <p>The API's scalars and row-major arrays are float64 whatever the element type ({@code @AlwaysDouble}); they
 * are rounded to the element type where they enter, by casts that are redundant in the float64 source.
 */
@SuppressWarnings("cast")  // (double) alpha: redundant in the float64 source, rounds to float32 in its generated copy
public final class PlainOps implements MatrixOps {

    private final String name;
    private final ScalarKernels kernels;
    private final Gemm gemm;
    private final NarrowRows narrowRows;
    private final WideSums wideSums = new WideSums();
    private final ThreadLocal<SplitMaps> splitMaps;
    private final ThreadLocal<SplitTransposes> splitTransposes;
    private final ThreadLocal<SplitGather> splitGather;
    private final ThreadLocal<SplitCells> splitCells;
    private final ThreadLocal<SplitImages> splitImages;
    private final ThreadLocal<FusedInputGradient> inputGradients;
    private final ThreadLocal<SplitConvolution> splitConvolution;

    /**
     * The backend called {@code name}, on the kernels {@code KernelLoader} chose for this JVM; {@code PlainBackend}
     * hands it out.
     */
    public static MatrixOps create(String name) {
        return new PlainOps(name, KernelLoader.kernels());
    }

    PlainOps(String name, ScalarKernels kernels) {
        this.name = name;
        this.kernels = kernels;
        this.gemm = new Gemm(kernels);
        this.narrowRows = new NarrowRows(kernels);
        this.splitMaps = ThreadLocal.withInitial(() -> new SplitMaps(kernels, BandThreads.shared()));
        this.splitTransposes = ThreadLocal.withInitial(() -> new SplitTransposes(BandThreads.shared()));
        this.splitCells = ThreadLocal.withInitial(() -> new SplitCells(kernels, BandThreads.shared()));
        this.splitGather = ThreadLocal.withInitial(() -> new SplitGather(BandThreads.shared()));
        this.splitImages = ThreadLocal.withInitial(() -> new SplitImages(kernels, BandThreads.shared()));
        this.inputGradients = ThreadLocal.withInitial(
                () -> new FusedInputGradient(gemm, kernels, BandThreads.shared()));
        this.splitConvolution = ThreadLocal.withInitial(() -> new SplitConvolution(kernels, BandThreads.shared()));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DType dtype() {
        return DType.FLOAT64;
    }

    @Override
    public String toString() {
        return name + " (" + kernels + ")";
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
    public Matrix fromRowMajor(int rows, int cols, @AlwaysDouble double[] data) {
        PlainMatrix m = new PlainMatrix(rows, cols);
        setRowMajor(m, data);
        return m;
    }

    @Override
    public void setRowMajor(Matrix m, @AlwaysDouble double[] data) {
        double[] md = d(m);
        for (int i = 0; i < data.length; i++) {
            md[i] = (double) data[i];
        }
    }

    @Override
    public void getRowMajor(Matrix m, @AlwaysDouble double[] dst) {
        double[] md = d(m);
        for (int i = 0; i < dst.length; i++) {
            dst[i] = md[i];
        }
    }

    @Override
    public @AlwaysDouble double get(Matrix m, int row, int col) {
        return d(m)[row * m.cols() + col];
    }

    @Override
    public void fill(Matrix m, @AlwaysDouble double value) {
        Arrays.fill(d(m), (double) value);
    }

    @Override
    public void copy(Matrix src, Matrix dst) {
        System.arraycopy(d(src), 0, d(dst), 0, src.size());
    }

    @Override
    public void gemm(boolean transA, boolean transB, @AlwaysDouble double alpha, Matrix a, Matrix b,
                     @AlwaysDouble double beta, Matrix c) {
        int k = transA ? a.rows() : a.cols();
        gemm.multiply(transA, transB, (double) alpha, d(a), a.cols(), d(b), b.cols(), (double) beta, d(c), c.rows(),
                c.cols(), k);
    }

    /** The blocks of rows are offsets into the arrays, which {@link Gemm} takes on every path: nothing is copied. */
    @Override
    public void gemm(boolean transA, boolean transB, @AlwaysDouble double alpha, Matrix a, int aRow, int aRows,
                     Matrix b, @AlwaysDouble double beta, Matrix c, int cRow, int cRows) {
        gemm.multiply(transA, transB, (double) alpha, d(a), aRow * a.cols(), a.cols(), d(b), 0, b.cols(),
                (double) beta, d(c), cRow * c.cols(), cRows, c.cols(), transA ? aRows : a.cols());
    }

    @Override
    public void map(UnaryOp op, Matrix x, Matrix out) {
        if (x.size() < SplitMaps.MIN_LENGTH) {
            kernels.map(op, d(x), 0, d(out), 0, x.size());
        } else {
            splitMaps.get().map(op, d(x), d(out), x.size());
        }
    }

    @Override
    public void zip(BinaryOp op, Matrix a, Matrix b, Matrix out) {
        if (a.size() < SplitMaps.MIN_LENGTH) {
            kernels.zip(op, d(a), 0, d(b), 0, d(out), 0, a.size());
        } else {
            splitMaps.get().zip(op, d(a), d(b), d(out), a.size());
        }
    }

    @Override
    public void affine(Matrix x, @AlwaysDouble double scale, @AlwaysDouble double shift, Matrix out) {
        kernels.affine(d(x), 0, (double) scale, (double) shift, d(out), 0, x.size());
    }

    @Override
    public void clip(Matrix x, @AlwaysDouble double lo, @AlwaysDouble double hi, Matrix out) {
        kernels.clip(d(x), 0, (double) lo, (double) hi, d(out), 0, x.size());
    }

    @Override
    public void axpy(@AlwaysDouble double alpha, Matrix x, Matrix y) {
        if (x.size() < SplitMaps.MIN_LENGTH) {
            kernels.axpy((double) alpha, d(x), 0, d(y), 0, x.size());
        } else {
            splitMaps.get().axpy((double) alpha, d(x), d(y), x.size());
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
        // A mean is divided in float64 before its one rounding to the element type.
        @AlwaysDouble double divisor = op != Reduction.MEAN ? 1 : axis == Axis.OVER_ROWS ? rows : cols;
        if (axis == Axis.OVER_COLUMNS && cols == 1) {
            System.arraycopy(xd, 0, od, 0, rows);
        } else if (axis == Axis.OVER_COLUMNS) {
            for (int r = 0; r < rows; r++) {
                int at = r * cols;
                od[r] = op == Reduction.MAX ? kernels.max(xd, at, cols)
                        : (double) (kernels.sum(xd, at, cols) / divisor);
            }
        } else if (ScalarKernels.NARROW && op != Reduction.MAX && rows > 1) {
            wideSums.sumColumns(xd, od, rows, cols, divisor);
        } else {
            reduceRows(op == Reduction.MAX ? BinaryOp.MAX : BinaryOp.ADD, xd, od, rows, cols);
            if (op == Reduction.MEAN) {
                for (int i = 0; i < od.length; i++) {
                    od[i] /= divisor;
                }
            }
        }
    }

    /** {@code out[c] = combine over r of x[r][c]}; {@code combine} is ADD or MAX. */
    private void reduceRows(BinaryOp combine, double[] xd, double[] od, int rows, int cols) {
        if (rows == 0) {
            Arrays.fill(od, combine == BinaryOp.MAX ? Double.NEGATIVE_INFINITY : 0.0);
        } else if (cols == 1) {
            od[0] = combine == BinaryOp.MAX ? kernels.max(xd, 0, rows) : (double) kernels.sum(xd, 0, rows);
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
    public @AlwaysDouble double sum(Matrix x) {
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
    public void lstmCell(Matrix gates, int row, Matrix cPrev, Matrix c, Matrix h) {
        splitCells.get().lstmCell(d(gates), row, d(cPrev), d(c), d(h), c.rows(), c.cols());
    }

    @Override
    public void lstmCellBackward(Matrix gates, int row, Matrix cPrev, Matrix c, Matrix dh, Matrix dc,
            Matrix dGates) {
        splitCells.get().lstmCellBackward(d(gates), row, d(cPrev), d(c), d(dh), d(dc), d(dGates),
                c.rows(), c.cols());
    }

    @Override
    public void gruCell(Matrix gates, int row, Matrix hiddenGates, Matrix hPrev, Matrix h) {
        splitCells.get().gruCell(d(gates), row, d(hiddenGates), d(hPrev), d(h), h.rows(), h.cols());
    }

    @Override
    public void gruCellBackward(Matrix gates, int row, Matrix hiddenGates, Matrix hPrev, Matrix dh, Matrix dGates,
            Matrix dHiddenGates, Matrix dhPrev) {
        splitCells.get().gruCellBackward(d(gates), row, d(hiddenGates), d(hPrev), d(dh), d(dGates),
                d(dHiddenGates), d(dhPrev), dh.rows(), dh.cols());
    }

    @Override
    public void im2col(Matrix x, ConvGeometry g, Matrix cols) {
        splitImages.get().im2col(d(x), x.rows(), g, d(cols));
    }

    /** {@link SplitConvolution} where it handles {@code g} (one input channel, stride 1), leaving {@code cols}. */
    @Override
    public void convolve(Matrix x, ConvGeometry g, Matrix weight, Matrix cols, Matrix out) {
        SplitConvolution direct = splitConvolution.get();
        if (direct.handles(g)) {
            direct.convolve(d(x), x.rows(), g, d(weight), weight.rows(), d(out));
        } else {
            MatrixOps.super.convolve(x, g, weight, cols, out);
        }
    }

    /** {@link SplitConvolution} where it handles {@code g}, from {@code x} rather than {@code cols}. */
    @Override
    public void convolveWeightGradient(Matrix grad, Matrix x, ConvGeometry g, @AlwaysDouble double alpha,
            Matrix cols, Matrix dW) {
        SplitConvolution direct = splitConvolution.get();
        if (direct.handles(g)) {
            direct.weightGradient(d(grad), d(x), x.rows(), g, (double) alpha, grad.rows(), d(dW));
        } else {
            MatrixOps.super.convolveWeightGradient(grad, x, g, alpha, cols, dW);
        }
    }

    @Override
    public void col2im(Matrix cols, ConvGeometry g, Matrix x) {
        splitImages.get().col2im(d(cols), x.rows(), g, d(x));
    }

    /**
     * A band of images at a time, each band's product and col2im in cache, {@code gradCols} untouched, where
     * {@code FusedInputGradient} handles the shapes (those whose product it packs).
     */
    @Override
    public void convolveInputGradient(Matrix weight, Matrix grad, ConvGeometry g, Matrix gradCols, Matrix dx) {
        FusedInputGradient fused = inputGradients.get();
        if (fused.handles(weight.rows(), g, dx.rows())) {
            fused.compute(d(weight), weight.rows(), d(grad), g, dx.rows(), d(dx));
        } else {
            MatrixOps.super.convolveInputGradient(weight, grad, g, gradCols, dx);
        }
    }

    @Override
    public void transposeBlocks(Matrix x, int block, Matrix out) {
        splitTransposes.get().transposeBlocks(d(x), x.rows(), out.rows(), block, d(out));
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
