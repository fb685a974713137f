package dev.tinytorch.backend.nd4j;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_daxpy;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;

import dev.tinytorch.api.Axis;
import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.Reduction;
import dev.tinytorch.api.UnaryOp;
import dev.tinytorch.backend.nd4j.NativeKernels.Dimension;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastDivOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMax;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMin;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.api.ops.impl.reduce.floating.Mean;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarAdd;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMax;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMin;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseSubtraction;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarSet;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.transforms.same.Max;
import org.nd4j.linalg.api.ops.impl.transforms.same.Min;
import org.nd4j.linalg.api.ops.impl.transforms.same.Reciprocal;
import org.nd4j.linalg.api.ops.impl.transforms.same.Square;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;

/**
 * {@link MatrixOps} on ND4J: every operation is one or two calls of ND4J's native kernels (or, for gemm and axpy,
 * of the OpenBLAS that ND4J loads) writing into the caller's output, with no loop over Java arrays.
 *
 * <p>Shapes are checked by {@link dev.tinytorch.api.CheckedMatrixOps} before a call arrives here; what remains is
 * ND4J's own blind spot, empty arrays, which are handled in Java. The kernels are reached through
 * {@link NativeKernels}, not ND4J's op executioner, whose per-call bookkeeping costs ten to a hundred times what
 * the kernels take on the small matrices of a training step. Kernel numbers come from ND4J's op classes, except
 * for pairwise add, subtract, multiply, divide and for argmax, whose only op classes in ND4J are custom ops.
 */
final class Nd4jOps implements MatrixOps {

    // libnd4j 1.0.0-M2.1's numbers for these pairwise transforms and for the index reduction "index max"; the
    // contract suite's zip and argmax tests fail if an ND4J upgrade renumbers them.
    private static final int PAIRWISE_ADD = 0;
    private static final int PAIRWISE_DIVIDE = 2;
    private static final int PAIRWISE_MULTIPLY = 3;
    private static final int PAIRWISE_SUBTRACT = 6;
    private static final int INDEX_MAX = 0;

    private static final int EXP = new Exp().opNum();
    private static final int LOG = new Log().opNum();
    private static final int SIGMOID = new Sigmoid().opNum();
    private static final int TANH = new Tanh().opNum();
    private static final int SQRT = new Sqrt().opNum();
    private static final int SQUARE = new Square().opNum();
    private static final int ABS = new Abs().opNum();
    private static final int RECIPROCAL = new Reciprocal().opNum();
    private static final int RELU = new RectifiedLinear().opNum();
    private static final int STEP = new Step().opNum();
    private static final int SCALAR_ADD = new ScalarAdd().opNum();
    private static final int SCALAR_MULTIPLY = new ScalarMultiplication().opNum();
    private static final int SCALAR_REVERSE_SUBTRACT = new ScalarReverseSubtraction().opNum();
    private static final int SCALAR_MAX = new ScalarMax().opNum();
    private static final int SCALAR_MIN = new ScalarMin().opNum();
    private static final int SCALAR_SET = new ScalarSet().opNum();
    private static final int PAIRWISE_MAX = new Max().opNum();
    private static final int PAIRWISE_MIN = new Min().opNum();
    private static final int BROADCAST_ADD = new BroadcastAddOp().opNum();
    private static final int BROADCAST_SUBTRACT = new BroadcastSubOp().opNum();
    private static final int BROADCAST_MULTIPLY = new BroadcastMulOp().opNum();
    private static final int BROADCAST_DIVIDE = new BroadcastDivOp().opNum();
    private static final int BROADCAST_MAX = new BroadcastMax().opNum();
    private static final int BROADCAST_MIN = new BroadcastMin().opNum();
    private static final int SUM = new Sum().opNum();
    private static final int MEAN = new Mean().opNum();
    private static final int MAX = new org.nd4j.linalg.api.ops.impl.reduce.same.Max().opNum();

    private final NativeKernels kernels = new NativeKernels();

    @Override
    public String name() {
        return Nd4jBackend.NAME;
    }

    @Override
    public boolean owns(Matrix m) {
        return m instanceof Nd4jMatrix;
    }

    private static Nd4jMatrix nd(Matrix m) {
        return (Nd4jMatrix) m;
    }

    // ---- creation and the edges ------------------------------------------------------------------------------

    @Override
    public Matrix zeros(int rows, int cols) {
        return Nd4jMatrix.zeros(rows, cols);
    }

    @Override
    public Matrix fromRowMajor(int rows, int cols, double[] data) {
        Nd4jMatrix m = Nd4jMatrix.zeros(rows, cols);
        setRowMajor(m, data);
        return m;
    }

    @Override
    public void setRowMajor(Matrix m, double[] data) {
        if (data.length > 0) {
            nd(m).data.put(data);
        }
    }

    @Override
    public void getRowMajor(Matrix m, double[] dst) {
        if (dst.length > 0) {
            nd(m).data.get(dst);
        }
    }

    @Override
    public double get(Matrix m, int row, int col) {
        return nd(m).data.get((long) row * m.cols() + col);
    }

    // ---- filling and copying ---------------------------------------------------------------------------------

    @Override
    public void fill(Matrix m, double value) {
        if (m.size() > 0) {
            kernels.scalar(SCALAR_SET, nd(m), value, nd(m));
        }
    }

    @Override
    public void copy(Matrix src, Matrix dst) {
        if (src.size() > 0) {
            Pointer.memcpy(nd(dst).data, nd(src).data, (long) src.size() * Double.BYTES);
        }
    }

    // ---- linear algebra --------------------------------------------------------------------------------------

    /**
     * Calls ND4J's OpenBLAS ({@code cblas_dgemm}, as ND4J's own BLAS wrapper does) on the matrices' buffers. This
     * skips ND4J's {@code Nd4j.gemm}, which builds an {@code Mmul} op and a native context per call: for a 32x30
     * by 30x16 product that was 13-30 us against 2.4 us for the direct call.
     */
    @Override
    public void gemm(boolean transA, boolean transB, double alpha, Matrix a, Matrix b, double beta, Matrix c) {
        if (c.size() == 0) {
            return;
        }
        if (a.size() == 0) {
            scale(c, beta); // k = 0: the product is empty, only beta * C remains
            return;
        }
        int k = transA ? a.rows() : a.cols();
        cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                c.rows(), c.cols(), k, alpha, nd(a).data, a.cols(), nd(b).data, b.cols(), beta, nd(c).data, c.cols());
    }

    /** {@code m *= factor}, where a factor of 0 clears even NaN, as BLAS does for beta = 0. */
    private void scale(Matrix m, double factor) {
        if (factor == 0.0) {
            fill(m, 0.0);
        } else if (factor != 1.0) {
            kernels.scalar(SCALAR_MULTIPLY, nd(m), factor, nd(m));
        }
    }

    // ---- element-wise ----------------------------------------------------------------------------------------

    @Override
    public void map(UnaryOp op, Matrix x, Matrix out) {
        if (x.size() == 0) {
            return;
        }
        Nd4jMatrix in = nd(x);
        Nd4jMatrix z = nd(out);
        switch (op) {
            case EXP -> kernels.transformStrict(EXP, in, z);
            case LOG -> kernels.transformStrict(LOG, in, z);
            case SIGMOID -> kernels.transformStrict(SIGMOID, in, z);
            case TANH -> kernels.transformStrict(TANH, in, z);
            case SQRT -> kernels.transformFloat(SQRT, in, z);
            case SQUARE -> kernels.transformSame(SQUARE, in, z);
            case ABS -> kernels.transformSame(ABS, in, z);
            case RECIPROCAL -> kernels.transformSame(RECIPROCAL, in, z);
            case RELU -> kernels.scalar(RELU, in, 0.0, z);  // max(x, 0)
            case STEP -> kernels.scalar(STEP, in, 0.0, z);  // x > 0 ? 1 : 0
        }
    }

    @Override
    public void zip(BinaryOp op, Matrix a, Matrix b, Matrix out) {
        if (a.size() > 0) {
            kernels.pairwise(switch (op) {
                case ADD -> PAIRWISE_ADD;
                case SUB -> PAIRWISE_SUBTRACT;
                case MUL -> PAIRWISE_MULTIPLY;
                case DIV -> PAIRWISE_DIVIDE;
                case MAX -> PAIRWISE_MAX;
                case MIN -> PAIRWISE_MIN;
            }, nd(a), nd(b), nd(out));
        }
    }

    /**
     * One kernel call for the common forms (a multiple, a shift, {@code shift - x}), two otherwise. Each form gives
     * the same doubles as {@code scale * x + shift}, except that a zero shift is not added (so {@code -0.0} stays).
     */
    @Override
    public void affine(Matrix x, double scale, double shift, Matrix out) {
        if (x.size() == 0) {
            return;
        }
        if (shift == 0.0) {
            kernels.scalar(SCALAR_MULTIPLY, nd(x), scale, nd(out));
        } else if (scale == 1.0) {
            kernels.scalar(SCALAR_ADD, nd(x), shift, nd(out));
        } else if (scale == -1.0) {
            kernels.scalar(SCALAR_REVERSE_SUBTRACT, nd(x), shift, nd(out));
        } else {
            kernels.scalar(SCALAR_MULTIPLY, nd(x), scale, nd(out));
            kernels.scalar(SCALAR_ADD, nd(out), shift, nd(out));
        }
    }

    @Override
    public void clip(Matrix x, double lo, double hi, Matrix out) {
        if (x.size() > 0) {
            kernels.scalar(SCALAR_MAX, nd(x), lo, nd(out));
            kernels.scalar(SCALAR_MIN, nd(out), hi, nd(out));
        }
    }

    @Override
    public void axpy(double alpha, Matrix x, Matrix y) {
        if (x.size() > 0) {
            cblas_daxpy(x.size(), alpha, nd(x).data, 1, nd(y).data, 1);
        }
    }

    // ---- broadcasting ----------------------------------------------------------------------------------------

    /** The row is one tensor along dimension 1 of {@code x}: it is applied to each row. */
    @Override
    public void broadcastRow(BinaryOp op, Matrix x, Matrix row, Matrix out) {
        if (x.size() > 0) {
            kernels.broadcast(broadcast(op), nd(x), nd(row), nd(out), kernels.dimension(1));
        }
    }

    /** The column is one tensor along dimension 0 of {@code x}: it is applied to each column. */
    @Override
    public void broadcastColumn(BinaryOp op, Matrix x, Matrix column, Matrix out) {
        if (x.size() > 0) {
            kernels.broadcast(broadcast(op), nd(x), nd(column), nd(out), kernels.dimension(0));
        }
    }

    private static int broadcast(BinaryOp op) {
        return switch (op) {
            case ADD -> BROADCAST_ADD;
            case SUB -> BROADCAST_SUBTRACT;
            case MUL -> BROADCAST_MULTIPLY;
            case DIV -> BROADCAST_DIVIDE;
            case MAX -> BROADCAST_MAX;
            case MIN -> BROADCAST_MIN;
        };
    }

    // ---- reductions ------------------------------------------------------------------------------------------

    @Override
    public void reduce(Reduction op, Axis axis, Matrix x, Matrix out) {
        if (out.size() == 0) {
            return;
        }
        if (x.size() == 0) {
            fill(out, 0.0); // only SUM reaches here: MEAN and MAX of nothing are rejected by the checks
            return;
        }
        Dimension over = kernels.dimension(axis == Axis.OVER_ROWS ? 0 : 1);
        switch (op) {
            case SUM -> kernels.reduceSame(SUM, nd(x), nd(out), over);
            case MEAN -> kernels.reduceFloat(MEAN, nd(x), nd(out), over);
            case MAX -> kernels.reduceSame(MAX, nd(x), nd(out), over);
        }
    }

    @Override
    public double sum(Matrix x) {
        return x.size() == 0 ? 0.0 : kernels.reduceSameToScalar(SUM, nd(x));
    }

    @Override
    public void argmaxRows(Matrix x, int[] out) {
        if (out.length > 0) {
            kernels.indexReduce(INDEX_MAX, nd(x), kernels.dimension(1), out);
        }
    }

    // ---- gathering -------------------------------------------------------------------------------------------

    @Override
    public void gatherRows(Matrix src, int[] rows, int offset, int count, Matrix out) {
        if (count > 0 && src.cols() > 0) {
            kernels.pullRows(nd(src), rows, offset, count, nd(out));
        }
    }
}
