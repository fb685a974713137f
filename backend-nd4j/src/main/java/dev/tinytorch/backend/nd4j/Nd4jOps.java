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
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.api.ops.impl.indexaccum.custom.ArgMax;
import org.nd4j.linalg.api.ops.impl.reduce.floating.Mean;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarAdd;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMax;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMin;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.DivOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.transforms.same.Max;
import org.nd4j.linalg.api.ops.impl.transforms.same.Min;
import org.nd4j.linalg.api.ops.impl.transforms.same.Reciprocal;
import org.nd4j.linalg.api.ops.impl.transforms.same.Square;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link MatrixOps} on ND4J: every operation is one or two of ND4J's native kernels (or, for gemm and axpy, the
 * OpenBLAS that ND4J loads) writing into the caller's output, with no loop over Java arrays.
 *
 * <p>Shapes are checked by {@link dev.tinytorch.api.CheckedMatrixOps} before a call arrives here; what remains is
 * ND4J's own blind spot, empty arrays, which are handled in Java. Where ND4J offers several kernels for one
 * operation, the one with the lowest cost per call is used, since a training step makes many small calls.
 */
final class Nd4jOps implements MatrixOps {

    private static final int ROWS = 0;
    private static final int COLUMNS = 1;

    private final OpExecutioner executioner = Nd4j.getExecutioner();

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

    private static INDArray array(Matrix m) {
        return ((Nd4jMatrix) m).array;
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
            array(m).assign(value);
        }
    }

    @Override
    public void copy(Matrix src, Matrix dst) {
        if (src.size() > 0) {
            array(dst).assign(array(src));
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
            array(m).assign(0.0);
        } else if (factor != 1.0) {
            array(m).muli(factor);
        }
    }

    // ---- element-wise ----------------------------------------------------------------------------------------

    @Override
    public void map(UnaryOp op, Matrix x, Matrix out) {
        if (x.size() > 0) {
            executioner.exec(unary(op, array(x), array(out)));
        }
    }

    private static Op unary(UnaryOp op, INDArray x, INDArray z) {
        return switch (op) {
            case EXP -> new Exp(x, z);
            case LOG -> new Log(x, z);
            case SIGMOID -> new Sigmoid(x, z);
            case TANH -> new Tanh(x, z);
            case RELU -> new RectifiedLinear(x, z, 0.0);
            case STEP -> new Step(x, z, 0.0);
            case SQUARE -> new Square(x, z);
            case SQRT -> new Sqrt(x, z);
            case ABS -> new Abs(x, z);
            case RECIPROCAL -> new Reciprocal(x, z);
        };
    }

    /**
     * Uses ND4J's legacy pairwise kernels where it has them (axpy, max, min): they cost a third or less of the
     * broadcasting custom ops per call, which serve the rest.
     */
    @Override
    public void zip(BinaryOp op, Matrix a, Matrix b, Matrix out) {
        if (a.size() == 0) {
            return;
        }
        INDArray x = array(a);
        INDArray y = array(b);
        INDArray z = array(out);
        switch (op) {
            case ADD -> executioner.exec(new Axpy(x, y, z, 1.0)); // z = 1 * x + y, exactly x + y
            case SUB -> executioner.exec(new Axpy(y, x, z, -1.0)); // z = -1 * y + x, exactly x - y
            case MAX -> executioner.exec(new Max(x, y, z));
            case MIN -> executioner.exec(new Min(x, y, z));
            default -> broadcasting(op, x, y, z);
        }
    }

    @Override
    public void affine(Matrix x, double scale, double shift, Matrix out) {
        if (x.size() == 0) {
            return;
        }
        INDArray z = array(out);
        executioner.exec(new ScalarMultiplication(array(x), null, z, scale));
        executioner.exec(new ScalarAdd(z, null, z, shift));
    }

    @Override
    public void clip(Matrix x, double lo, double hi, Matrix out) {
        if (x.size() == 0) {
            return;
        }
        INDArray z = array(out);
        executioner.exec(new ScalarMax(array(x), null, z, lo));
        executioner.exec(new ScalarMin(z, null, z, hi));
    }

    @Override
    public void axpy(double alpha, Matrix x, Matrix y) {
        if (x.size() > 0) {
            cblas_daxpy(x.size(), alpha, nd(x).data, 1, nd(y).data, 1);
        }
    }

    // ---- broadcasting ----------------------------------------------------------------------------------------

    @Override
    public void broadcastRow(BinaryOp op, Matrix x, Matrix row, Matrix out) {
        if (x.size() > 0) {
            broadcasting(op, array(x), array(row), array(out));
        }
    }

    @Override
    public void broadcastColumn(BinaryOp op, Matrix x, Matrix column, Matrix out) {
        if (x.size() > 0) {
            broadcasting(op, array(x), array(column), array(out));
        }
    }

    /**
     * {@code z = op(x, y)} by ND4J's custom ops, which broadcast a {@code 1 x c} or {@code r x 1} {@code y} as
     * numpy does. The legacy broadcast ops ({@code BroadcastAddOp} along a dimension) cost twice as much per call.
     */
    private static void broadcasting(BinaryOp op, INDArray x, INDArray y, INDArray z) {
        Nd4j.exec(switch (op) {
            case ADD -> new AddOp(x, y, z);
            case SUB -> new SubOp(x, y, z);
            case MUL -> new MulOp(x, y, z);
            case DIV -> new DivOp(x, y, z);
            case MAX -> new org.nd4j.linalg.api.ops.impl.transforms.custom.Max(x, y, z);
            case MIN -> new org.nd4j.linalg.api.ops.impl.transforms.custom.Min(x, y, z);
        });
    }

    // ---- reductions ------------------------------------------------------------------------------------------

    @Override
    public void reduce(Reduction op, Axis axis, Matrix x, Matrix out) {
        if (out.size() == 0) {
            return;
        }
        if (x.size() == 0) {
            array(out).assign(0.0); // only SUM reaches here: MEAN and MAX of nothing are rejected by the checks
            return;
        }
        INDArray xa = array(x);
        INDArray z = array(out);
        int dimension = axis == Axis.OVER_ROWS ? ROWS : COLUMNS;
        executioner.exec(switch (op) {
            case SUM -> new Sum(xa, z, dimension);
            case MEAN -> new Mean(xa, z, dimension);
            case MAX -> new org.nd4j.linalg.api.ops.impl.reduce.same.Max(xa, z, dimension);
        });
    }

    @Override
    public double sum(Matrix x) {
        return x.size() == 0 ? 0.0 : array(x).sumNumber().doubleValue();
    }

    @Override
    public void argmaxRows(Matrix x, int[] out) {
        if (out.length == 0) {
            return;
        }
        INDArray indices = Nd4j.exec(new ArgMax(new INDArray[] {array(x)}, false, new int[] {COLUMNS}))[0];
        System.arraycopy(indices.data().asInt(), 0, out, 0, out.length);
    }

    // ---- gathering -------------------------------------------------------------------------------------------

    @Override
    public void gatherRows(Matrix src, int[] rows, int offset, int count, Matrix out) {
        if (count == 0 || src.cols() == 0) {
            return;
        }
        int[] chosen = offset == 0 && count == rows.length ? rows : Arrays.copyOfRange(rows, offset, offset + count);
        Nd4j.pullRows(array(src), array(out), COLUMNS, chosen);
    }
}
