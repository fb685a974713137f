package dev.tinytorch.backend.ejml.f64;

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
import dev.tinytorch.api.kernels.f64.LongSums;
import dev.tinytorch.api.kernels.f64.RecurrentKernels;
import dev.tinytorch.api.kernels.f64.RowKernels;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * {@link MatrixOps} on EJML's {@link DMatrixRMaj}: most operations are EJML's own kernels ({@link CommonOps_DDRM},
 * and the concurrent kernels for large products), the others {@link ArrayKernels}' loops, and the image operations
 * the loops of {@link ImageKernels} that every backend shares.
 * Shapes are checked by {@link dev.tinytorch.api.CheckedMatrixOps} before a call arrives here.
 *
 * <p>The API's scalars and row-major arrays are float64 whatever the element type ({@code @AlwaysDouble}); they
 * are rounded to the element type where they enter, by casts that are redundant in the float64 source. The SUM and
 * MEAN reductions, {@code sum} and {@code axpy} are {@link ArrayKernels}' float64 loops rather than EJML's, which
 * compute in the element type: in float64 they give the bits of EJML's kernels, in float32 the long sums are
 * accumulated in float64 and rounded once, as the contract requires.
 */
@SuppressWarnings("cast")  // (double) alpha: redundant in the float64 source, rounds to float32 in its generated copy
public final class EjmlOps implements MatrixOps {

    private final String name;
    private final EjmlGemm gemm;

    /**
     * The backend called {@code name}, with EJML's concurrent products where more than one core can run them;
     * {@code EjmlBackend} hands it out.
     */
    public static MatrixOps create(String name) {
        return new EjmlOps(name, new EjmlGemm(Runtime.getRuntime().availableProcessors() > 1));
    }

    private EjmlOps(String name, EjmlGemm gemm) {
        this.name = name;
        this.gemm = gemm;
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
    public boolean owns(Matrix m) {
        return m instanceof EjmlMatrix;
    }

    private static DMatrixRMaj d(Matrix m) {
        return ((EjmlMatrix) m).dense;
    }

    @Override
    public Matrix zeros(int rows, int cols) {
        if ((long) rows * cols > Integer.MAX_VALUE) {
            // DMatrixRMaj would allocate rows * cols with int overflow, silently.
            throw new IllegalArgumentException("zeros: a " + rows + "x" + cols + " matrix has more than "
                    + Integer.MAX_VALUE + " elements");
        }
        return new EjmlMatrix(new DMatrixRMaj(rows, cols));
    }

    @Override
    public Matrix fromRowMajor(int rows, int cols, @AlwaysDouble double[] data) {
        Matrix m = zeros(rows, cols);
        setRowMajor(m, data);
        return m;
    }

    @Override
    public void setRowMajor(Matrix m, @AlwaysDouble double[] data) {
        double[] md = d(m).data;
        for (int i = 0; i < data.length; i++) {
            md[i] = (double) data[i];
        }
    }

    @Override
    public void getRowMajor(Matrix m, @AlwaysDouble double[] dst) {
        double[] md = d(m).data;
        for (int i = 0; i < dst.length; i++) {
            dst[i] = md[i];
        }
    }

    @Override
    public @AlwaysDouble double get(Matrix m, int row, int col) {
        return d(m).unsafe_get(row, col);
    }

    @Override
    public void fill(Matrix m, @AlwaysDouble double value) {
        CommonOps_DDRM.fill(d(m), (double) value);
    }

    @Override
    public void copy(Matrix src, Matrix dst) {
        d(dst).setTo(d(src));
    }

    @Override
    public void gemm(boolean transA, boolean transB, @AlwaysDouble double alpha, Matrix a, Matrix b,
                     @AlwaysDouble double beta, Matrix c) {
        gemm.gemm(transA, transB, (double) alpha, d(a), d(b), (double) beta, d(c));
    }

    @Override
    public void gemm(boolean transA, boolean transB, @AlwaysDouble double alpha, Matrix a, int aRow, int aRows,
                     Matrix b, @AlwaysDouble double beta, Matrix c, int cRow, int cRows) {
        gemm.gemmRows(transA, transB, (double) alpha, d(a), aRow, aRows, d(b), (double) beta, d(c), cRow, cRows);
    }

    @Override
    public void map(UnaryOp op, Matrix x, Matrix out) {
        DMatrixRMaj xd = d(x);
        DMatrixRMaj od = d(out);
        switch (op) {
            case EXP -> CommonOps_DDRM.elementExp(xd, od);
            case LOG -> CommonOps_DDRM.elementLog(xd, od);
            case ABS -> CommonOps_DDRM.abs(xd, od);
            // x * x exactly; elementPower(x, 2) would go through Math.pow.
            case SQUARE -> CommonOps_DDRM.elementMult(xd, xd, od);
            case RECIPROCAL -> CommonOps_DDRM.divide(1.0, xd, od);
            // EJML has no sigmoid, tanh, relu or step; elementPower(x, 0.5) is not sqrt at -0 and -Infinity.
            default -> ArrayKernels.map(op, xd, od);
        }
    }

    @Override
    public void zip(BinaryOp op, Matrix a, Matrix b, Matrix out) {
        DMatrixRMaj ad = d(a);
        DMatrixRMaj bd = d(b);
        DMatrixRMaj od = d(out);
        switch (op) {
            case ADD -> CommonOps_DDRM.add(ad, bd, od);
            case SUB -> CommonOps_DDRM.subtract(ad, bd, od);
            case MUL -> CommonOps_DDRM.elementMult(ad, bd, od);
            case DIV -> CommonOps_DDRM.elementDiv(ad, bd, od);
            default -> ArrayKernels.zip(op, ad, bd, od);
        }
    }

    @Override
    public void affine(Matrix x, @AlwaysDouble double scale, @AlwaysDouble double shift, Matrix out) {
        DMatrixRMaj od = d(out);
        CommonOps_DDRM.scale((double) scale, d(x), od);
        CommonOps_DDRM.add(od, (double) shift);
    }

    @Override
    public void clip(Matrix x, @AlwaysDouble double lo, @AlwaysDouble double hi, Matrix out) {
        ArrayKernels.clip(d(x), (double) lo, (double) hi, d(out));
    }

    @Override
    public void axpy(@AlwaysDouble double alpha, Matrix x, Matrix y) {
        // Not CommonOps_DDRM.addEquals: in float32 a product of 3 and 3e38 overflows and turns an infinite y into NaN.
        LongSums.axpy(alpha, d(x).data, d(y).data, x.rows() * x.cols());
    }

    @Override
    public void broadcastRow(BinaryOp op, Matrix x, Matrix row, Matrix out) {
        // EJML scales or divides the columns of a matrix only in place.
        if (out == x && op == BinaryOp.MUL) {
            CommonOps_DDRM.multCols(d(x), d(row).data);
        } else if (out == x && op == BinaryOp.DIV) {
            CommonOps_DDRM.divideCols(d(x), d(row).data);
        } else {
            ArrayKernels.broadcastRow(op, d(x), d(row), d(out));
        }
    }

    @Override
    public void broadcastColumn(BinaryOp op, Matrix x, Matrix column, Matrix out) {
        // EJML scales or divides the rows of a matrix only in place.
        if (out == x && op == BinaryOp.MUL) {
            CommonOps_DDRM.multRows(d(column).data, d(x));
        } else if (out == x && op == BinaryOp.DIV) {
            CommonOps_DDRM.divideRows(d(column).data, d(x));
        } else {
            ArrayKernels.broadcastColumn(op, d(x), d(column), d(out));
        }
    }

    @Override
    public void reduce(Reduction op, Axis axis, Matrix x, Matrix out) {
        DMatrixRMaj xd = d(x);
        DMatrixRMaj od = d(out);
        boolean overRows = axis == Axis.OVER_ROWS;
        if (op == Reduction.MAX) {
            // EJML's maxCols/maxRows start from -Double.MAX_VALUE and skip NaN, unlike Math.max.
            ArrayKernels.max(overRows, xd, od);
            return;
        }
        // Not EJML's sumCols and sumRows, which accumulate in the element type; a mean is divided in float64.
        @AlwaysDouble double divisor = op != Reduction.MEAN ? 1 : overRows ? x.rows() : x.cols();
        LongSums.sums(overRows, xd.data, x.rows(), x.cols(), divisor, od.data);
    }

    @Override
    public @AlwaysDouble double sum(Matrix x) {
        return LongSums.sum(d(x).data, x.rows() * x.cols());
    }

    @Override
    public void argmaxRows(Matrix x, int[] out) {
        ArrayKernels.argmaxRows(d(x), out);
    }

    @Override
    public void gatherRows(Matrix src, int[] rows, int offset, int count, Matrix out) {
        ArrayKernels.gatherRows(d(src), rows, offset, count, d(out));
    }

    @Override
    public void reshape(Matrix x, Matrix out) {
        System.arraycopy(d(x).data, 0, d(out).data, 0, x.size());
    }

    @Override
    public void scatterAddRows(Matrix src, int[] rows, int offset, Matrix out) {
        RowKernels.scatterAddRows(d(src).data, src.cols(), rows, offset, src.rows(), d(out).data);
    }

    @Override
    public void copyRows(Matrix src, int srcRow, Matrix dst, int dstRow, int count) {
        int cols = src.cols();
        System.arraycopy(d(src).data, srcRow * cols, d(dst).data, dstRow * cols, count * cols);
    }

    @Override
    public void lstmCell(Matrix gates, int row, Matrix cPrev, Matrix c, Matrix h) {
        RecurrentKernels.lstmCell(d(gates).data, row, d(cPrev).data, d(c).data, d(h).data, c.rows(), c.cols());
    }

    @Override
    public void lstmCellBackward(Matrix gates, int row, Matrix cPrev, Matrix c, Matrix dh, Matrix dc,
            Matrix dGates) {
        RecurrentKernels.lstmCellBackward(d(gates).data, row, d(cPrev).data, d(c).data, d(dh).data, d(dc).data,
                d(dGates).data, c.rows(), c.cols());
    }

    @Override
    public void gruCell(Matrix gates, int row, Matrix hiddenGates, Matrix hPrev, Matrix h) {
        RecurrentKernels.gruCell(d(gates).data, row, d(hiddenGates).data, d(hPrev).data, d(h).data, h.rows(),
                h.cols());
    }

    @Override
    public void gruCellBackward(Matrix gates, int row, Matrix hiddenGates, Matrix hPrev, Matrix dh, Matrix dGates,
            Matrix dHiddenGates, Matrix dhPrev) {
        RecurrentKernels.gruCellBackward(d(gates).data, row, d(hiddenGates).data, d(hPrev).data, d(dh).data,
                d(dGates).data, d(dHiddenGates).data, d(dhPrev).data, dh.rows(), dh.cols());
    }

    @Override
    public void im2col(Matrix x, ConvGeometry g, Matrix cols) {
        ImageKernels.im2col(d(x).data, x.rows(), g, d(cols).data);
    }

    @Override
    public void col2im(Matrix cols, ConvGeometry g, Matrix x) {
        ImageKernels.col2im(d(cols).data, x.rows(), g, d(x).data);
    }

    @Override
    public void transposeBlocks(Matrix x, int block, Matrix out) {
        ImageKernels.transposeBlocks(d(x).data, x.rows(), out.rows(), block, d(out).data);
    }

    @Override
    public void maxPool(Matrix x, ConvGeometry g, Matrix out, int[] winners) {
        ImageKernels.maxPool(d(x).data, x.rows(), g, d(out).data, winners);
    }

    @Override
    public void maxPoolBackward(Matrix gradOut, ConvGeometry g, int[] winners, Matrix gradIn) {
        ImageKernels.maxPoolBackward(d(gradOut).data, gradIn.rows(), g, winners, d(gradIn).data);
    }

    @Override
    public void avgPool(Matrix x, ConvGeometry g, Matrix out) {
        ImageKernels.avgPool(d(x).data, x.rows(), g, d(out).data);
    }

    @Override
    public void avgPoolBackward(Matrix gradOut, ConvGeometry g, Matrix gradIn) {
        ImageKernels.avgPoolBackward(d(gradOut).data, gradIn.rows(), g, d(gradIn).data);
    }
}
