package dev.tinytorch.backend.nd4j.f64;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_daxpy;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;

import dev.tinytorch.api.Axis;
import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.ConvGeometry;
import dev.tinytorch.api.DType;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.Reduction;
import dev.tinytorch.api.UnaryOp;
import dev.tinytorch.api.kernels.AlwaysDouble;
import dev.tinytorch.backend.nd4j.Nd4jBackend;
import dev.tinytorch.backend.nd4j.f64.NativeKernels.Dimension;
import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastDivOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.api.ops.impl.reduce.floating.Mean;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarAdd;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseSubtraction;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarSet;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.transforms.same.Min;
import org.nd4j.linalg.api.ops.impl.transforms.same.Reciprocal;
import org.nd4j.linalg.api.ops.impl.transforms.same.Square;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Cosh;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sinh;

/**
 * {@link MatrixOps} on ND4J: every operation is one or a few calls of ND4J's native kernels (or, for gemm and axpy,
 * of the OpenBLAS that ND4J loads) writing into the caller's output. Where a libnd4j kernel departs from the SPI's
 * definitions on special values, another kernel or a composition of kernels takes its place (STEP, TANH, clip,
 * the MAX reduction, argmax: see each), with a check in Java where only a NaN needs it; only MAX and MIN of zip and
 * the broadcasts, which no kernel computes as defined, loop in Java ({@link JavaLoops}). Of the image operations,
 * the block transpose and average pooling run on libnd4j's kernels ({@link NativeImageKernels}); im2col, col2im
 * and max pooling stay in Java ({@link ImageLoops} says why).
 *
 * <p>Shapes are checked by {@link dev.tinytorch.api.CheckedMatrixOps} before a call arrives here; what remains is
 * ND4J's own blind spot, empty arrays, which are handled in Java. The kernels are reached through
 * {@link NativeKernels}, not ND4J's op executioner, whose per-call bookkeeping costs ten to a hundred times what
 * the kernels take on the small matrices of a training step. Kernel numbers come from ND4J's op classes, except
 * for pairwise add, subtract, multiply, divide and for argmax, whose only op classes in ND4J are custom ops.
 *
 * <p>This is the float64 source; the build generates the float32 backend from it ({@code ...nd4j.f32}: ND4J
 * {@code FLOAT} arrays, the same native kernels on them, OpenBLAS's {@code sgemm}). There the SUM and MEAN
 * reductions, {@code sum} and {@code axpy} compute in float64 in Java and round once ({@link JavaLoops}), as the
 * contract asks; the API's {@code double} scalars are rounded to float where they enter a kernel.
 */
// (double) scalar: redundant in the float64 source, rounds an API scalar to float32 in its generated copy
@SuppressWarnings("cast")
public final class Nd4jOps implements MatrixOps {

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
    private static final int SINH = new Sinh().opNum();
    private static final int COSH = new Cosh().opNum();
    private static final int SQRT = new Sqrt().opNum();
    private static final int SQUARE = new Square().opNum();
    private static final int ABS = new Abs().opNum();
    private static final int RECIPROCAL = new Reciprocal().opNum();
    private static final int RELU = new RectifiedLinear().opNum();
    private static final int PAIRWISE_MIN = new Min().opNum();
    private static final int STEP = new Step().opNum();
    private static final int SCALAR_ADD = new ScalarAdd().opNum();
    private static final int SCALAR_MULTIPLY = new ScalarMultiplication().opNum();
    private static final int SCALAR_REVERSE_SUBTRACT = new ScalarReverseSubtraction().opNum();
    private static final int SCALAR_SET = new ScalarSet().opNum();
    private static final int BROADCAST_ADD = new BroadcastAddOp().opNum();
    private static final int BROADCAST_SUBTRACT = new BroadcastSubOp().opNum();
    private static final int BROADCAST_MULTIPLY = new BroadcastMulOp().opNum();
    private static final int BROADCAST_DIVIDE = new BroadcastDivOp().opNum();
    private static final int SUM = new Sum().opNum();
    private static final int MEAN = new Mean().opNum();
    private static final int MAX = new org.nd4j.linalg.api.ops.impl.reduce.same.Max().opNum();

    /**
     * Where TANH clamps its input: from here on sinh and cosh are both {@code e^|x| / 2} to the last bit, so their
     * ratio is exactly 1, and neither overflows (that happens near 710). In float32, 20: {@code e^-40} is far below
     * half a float ulp, and float's sinh overflows only near 89.
     */
    private static final double TANH_LIMIT = Nd4jMatrix.NARROW ? 20.0 : 350.0;
    private static final long NEGATIVE_ZERO = Double.doubleToRawLongBits(-0.0);

    private final NativeKernels kernels = new NativeKernels();
    private final JavaLoops javaLoops = new JavaLoops();
    private final ImageLoops imageLoops = new ImageLoops();
    private final NativeImageKernels nativeImages = new NativeImageKernels();
    private final RecurrentLoops recurrentLoops = new RecurrentLoops();
    private final ThreadLocal<Nd4jMatrix[]> scratch = ThreadLocal.withInitial(() -> new Nd4jMatrix[0]);

    @Override
    public String name() {
        return Nd4jBackend.NAME;
    }

    @Override
    public DType dtype() {
        return DType.FLOAT64;
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
    public Matrix fromRowMajor(int rows, int cols, @AlwaysDouble double[] data) {
        Nd4jMatrix m = Nd4jMatrix.zeros(rows, cols);
        setRowMajor(m, data);
        return m;
    }

    @Override
    public void setRowMajor(Matrix m, @AlwaysDouble double[] data) {
        if (data.length > 0) {
            javaLoops.write(data, nd(m));
        }
    }

    @Override
    public void getRowMajor(Matrix m, @AlwaysDouble double[] dst) {
        if (dst.length > 0) {
            javaLoops.read(nd(m), dst);
        }
    }

    @Override
    public @AlwaysDouble double get(Matrix m, int row, int col) {
        return nd(m).data.get((long) row * m.cols() + col);
    }

    // ---- filling and copying ---------------------------------------------------------------------------------

    @Override
    public void fill(Matrix m, @AlwaysDouble double value) {
        if (m.size() > 0) {
            kernels.scalar(SCALAR_SET, nd(m), (double) value, nd(m));
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
    public void gemm(boolean transA, boolean transB, @AlwaysDouble double alpha, Matrix a, Matrix b,
            @AlwaysDouble double beta, Matrix c) {
        if (c.size() == 0) {
            return;
        }
        if (a.size() == 0) {
            scale(c, beta); // k = 0: the product is empty, only beta * C remains
            return;
        }
        int k = transA ? a.rows() : a.cols();
        cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                c.rows(), c.cols(), k, (double) alpha, nd(a).data, a.cols(), nd(b).data, b.cols(), (double) beta,
                nd(c).data, c.cols());
    }

    /**
     * The blocks of rows are read and written where they lie: OpenBLAS is given A's and C's addresses moved to their
     * first row (the matrices' own pointers moved for the call and put back, or a pointer of its own for A when A
     * is B too). An empty block or an empty depth goes through the default's copies.
     */
    @Override
    public void gemm(boolean transA, boolean transB, @AlwaysDouble double alpha, Matrix a, int aRow, int aRows,
            Matrix b, @AlwaysDouble double beta, Matrix c, int cRow, int cRows) {
        if ((long) aRows * a.cols() == 0 || (long) cRows * c.cols() == 0 || b.size() == 0) {
            MatrixOps.super.gemm(transA, transB, alpha, a, aRow, aRows, b, beta, c, cRow, cRows);
            return;
        }
        int k = transA ? aRows : a.cols();
        DoublePointer aData = a == b ? new DoublePointer(nd(a).data) : nd(a).data;
        DoublePointer cData = nd(c).data;
        aData.position((long) aRow * a.cols());
        cData.position((long) cRow * c.cols());
        try {
            cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    cRows, c.cols(), k, (double) alpha, aData, a.cols(), nd(b).data, b.cols(), (double) beta, cData,
                    c.cols());
        } finally {
            aData.position(0);
            cData.position(0);
        }
    }

    /** {@code m *= factor}, where a factor of 0 clears even NaN, as BLAS does for beta = 0. */
    private void scale(Matrix m, @AlwaysDouble double factor) {
        if (factor == 0.0) {
            fill(m, 0.0);
        } else if (factor != 1.0) {
            kernels.scalar(SCALAR_MULTIPLY, nd(m), (double) factor, nd(m));
        }
    }

    // ---- element-wise ----------------------------------------------------------------------------------------

    /**
     * libnd4j's RELU kernel is {@code x < threshold ? threshold : x}, which with a threshold of 0 is
     * {@link UnaryOp#RELU} to the bit. Its Step kernel ({@code x > 0 ? 1 : 0}) turns NaN into 0, so STEP is
     * composed ({@link #step}), as TANH is ({@link #tanh}).
     */
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
            case TANH -> tanh(in, z);
            case SQRT -> kernels.transformFloat(SQRT, in, z);
            case SQUARE -> kernels.transformSame(SQUARE, in, z);
            case ABS -> kernels.transformSame(ABS, in, z);
            case RECIPROCAL -> kernels.transformSame(RECIPROCAL, in, z);
            case RELU -> kernels.scalar(RELU, in, 0.0, z);
            case STEP -> step(in, z);
        }
    }

    /**
     * {@code min(Step(x), RELU(x, 1))} with libnd4j's pairwise min ({@code a < b ? a : b}, so NaN in {@code b}
     * wins): {@code RELU(x, 1)} is at least 1, so the min is libnd4j's Step ({@code x > 0 ? 1 : 0}), except where x
     * is NaN, which Step turns into 0 and RELU keeps. Three fast passes and a scratch matrix (measured on 64 x 256:
     * about three times Step alone; a NaN check by a sum took seven to ten times, libnd4j's compare-and-set about
     * ninety). The RELU is taken first, so {@code z} may be {@code x}.
     */
    private void step(Nd4jMatrix x, Nd4jMatrix z) {
        Nd4jMatrix keepsNaN = scratchLike(x);
        kernels.scalar(RELU, x, 1.0, keepsNaN);
        kernels.scalar(STEP, x, 0.0, z);
        kernels.pairwise(PAIRWISE_MIN, z, keepsNaN, z);
    }

    /**
     * {@code z = max(x, floor)} keeping NaN: libnd4j's RELU kernel with {@code floor} as its threshold, which gives
     * {@code Math.max(x, floor)} except that {@code max(-0.0, +0.0)} stays {@code -0.0}; adding {@code +0.0}
     * (which changes only {@code -0.0}) mends that where the floor is {@code +0.0}.
     */
    private void atLeast(Nd4jMatrix x, double floor, Nd4jMatrix z) {
        kernels.scalar(RELU, x, floor, z);
        if (Double.doubleToRawLongBits(floor) == 0L) {
            kernels.scalar(SCALAR_ADD, z, 0.0, z);
        }
    }

    /** {@code z = min(x, ceiling)} keeping NaN, as {@code -max(-x, -ceiling)}: negating is exact. */
    private void atMost(Nd4jMatrix x, double ceiling, Nd4jMatrix z) {
        kernels.scalar(SCALAR_MULTIPLY, x, -1.0, z);
        atLeast(z, -ceiling, z);
        kernels.scalar(SCALAR_MULTIPLY, z, -1.0, z);
    }

    /**
     * {@code tanh(x) = sinh(c) / cosh(c)}, {@code c} being x clamped to {@code +-TANH_LIMIT} (NaN stays NaN).
     * libnd4j's own tanh is {@code (1 - e^-2x) / (1 + e^-2x)}, which cancels near 0: 0 for 1e-17, a relative error
     * of 1e-8 at 1e-8 (measured). Its sinh and cosh agree with {@link Math}'s to the last bit over the range, so
     * their quotient is within two ulps of tanh, tiny inputs included. Seven passes and a scratch matrix of x's
     * shape, kept per thread and shape.
     */
    private void tanh(Nd4jMatrix x, Nd4jMatrix z) {
        Nd4jMatrix c = scratchLike(x);
        atLeast(x, -TANH_LIMIT, c);
        atMost(c, TANH_LIMIT, c);
        kernels.transformStrict(SINH, c, z);
        kernels.transformStrict(COSH, c, c);
        kernels.pairwise(PAIRWISE_DIVIDE, z, c, z);
    }

    /** This thread's scratch matrix of {@code m}'s shape, allocated on first use. */
    private Nd4jMatrix scratchLike(Matrix m) {
        return scratchLike(m.rows(), m.cols());
    }

    /**
     * This thread's scratch matrix of {@code rows x cols}, allocated on first use and found again by a linear search
     * (without boxing a key): a thread meets few shapes.
     */
    private Nd4jMatrix scratchLike(int rows, int cols) {
        Nd4jMatrix[] known = scratch.get();
        for (Nd4jMatrix m : known) {
            if (m.rows() == rows && m.cols() == cols) {
                return m;
            }
        }
        Nd4jMatrix m = Nd4jMatrix.zeros(rows, cols);
        Nd4jMatrix[] grown = Arrays.copyOf(known, known.length + 1);
        grown[known.length] = m;
        scratch.set(grown);
        return m;
    }

    /** MAX, MIN and RELU_GRAD loop in Java: see {@link JavaLoops} for why no kernel does. */
    @Override
    public void zip(BinaryOp op, Matrix a, Matrix b, Matrix out) {
        if (a.size() == 0) {
            return;
        }
        switch (op) {
            case ADD -> kernels.pairwise(PAIRWISE_ADD, nd(a), nd(b), nd(out));
            case SUB -> kernels.pairwise(PAIRWISE_SUBTRACT, nd(a), nd(b), nd(out));
            case MUL -> kernels.pairwise(PAIRWISE_MULTIPLY, nd(a), nd(b), nd(out));
            case DIV -> kernels.pairwise(PAIRWISE_DIVIDE, nd(a), nd(b), nd(out));
            case MAX, MIN, RELU_GRAD -> javaLoops.zip(op, nd(a), nd(b), nd(out));
        }
    }

    /**
     * One kernel call for the common forms (a multiple, a shift, {@code shift - x}), two otherwise. Each form gives
     * the same doubles as {@code scale * x + shift}, except that a zero shift is not added (so {@code -0.0} stays).
     */
    @Override
    public void affine(Matrix x, @AlwaysDouble double scale, @AlwaysDouble double shift, Matrix out) {
        if (x.size() == 0) {
            return;
        }
        if (shift == 0.0) {
            kernels.scalar(SCALAR_MULTIPLY, nd(x), (double) scale, nd(out));
        } else if (scale == 1.0) {
            kernels.scalar(SCALAR_ADD, nd(x), (double) shift, nd(out));
        } else if (scale == -1.0) {
            kernels.scalar(SCALAR_REVERSE_SUBTRACT, nd(x), (double) shift, nd(out));
        } else {
            kernels.scalar(SCALAR_MULTIPLY, nd(x), (double) scale, nd(out));
            kernels.scalar(SCALAR_ADD, nd(out), (double) shift, nd(out));
        }
    }

    /**
     * {@code min(max(x, lo), hi)} with {@link #atLeast} and {@link #atMost}, which keep NaN (libnd4j's scalar max
     * and min return the bound for NaN) and give {@link Math}'s signed zeros: four to six fast passes.
     */
    @Override
    public void clip(Matrix x, @AlwaysDouble double lo, @AlwaysDouble double hi, Matrix out) {
        if (x.size() > 0) {
            atLeast(nd(x), (double) lo, nd(out));
            atMost(nd(out), (double) hi, nd(out));
        }
    }

    /**
     * OpenBLAS's daxpy, except for {@code alpha == 0}, where BLAS returns without reading x, so a NaN or an infinity
     * in x would not reach y as {@code y + 0 * x} says it must: then {@code 0 * x} is added by two kernels. In
     * float32 it is a Java loop in float64 rounded once ({@link JavaLoops#axpy}): saxpy's float product of 3 and
     * 3e38 overflows.
     */
    @Override
    public void axpy(@AlwaysDouble double alpha, Matrix x, Matrix y) {
        if (x.size() == 0) {
            return;
        }
        if (alpha == 0.0) {
            Nd4jMatrix scaled = scratchLike(x);
            kernels.scalar(SCALAR_MULTIPLY, nd(x), 0.0, scaled);
            kernels.pairwise(PAIRWISE_ADD, nd(y), scaled, nd(y));
        } else if (Nd4jMatrix.NARROW) {
            javaLoops.axpy(alpha, nd(x), nd(y));
        } else {
            cblas_daxpy(x.size(), (double) alpha, nd(x).data, 1, nd(y).data, 1);
        }
    }

    // ---- broadcasting ----------------------------------------------------------------------------------------

    /** The row is one tensor along dimension 1 of {@code x}, applied to each row; see {@link JavaLoops#inJava}. */
    @Override
    public void broadcastRow(BinaryOp op, Matrix x, Matrix row, Matrix out) {
        if (x.size() == 0) {
            return;
        }
        if (JavaLoops.inJava(op)) {
            javaLoops.broadcastRow(op, nd(x), nd(row), nd(out));
        } else {
            kernels.broadcast(broadcast(op), nd(x), nd(row), nd(out), kernels.dimension(1));
        }
    }

    /** The column is one tensor along dimension 0 of {@code x}, applied to each column; see {@code JavaLoops.inJava}. */
    @Override
    public void broadcastColumn(BinaryOp op, Matrix x, Matrix column, Matrix out) {
        if (x.size() == 0) {
            return;
        }
        if (JavaLoops.inJava(op)) {
            javaLoops.broadcastColumn(op, nd(x), nd(column), nd(out));
        } else {
            kernels.broadcast(broadcast(op), nd(x), nd(column), nd(out), kernels.dimension(0));
        }
    }

    private static int broadcast(BinaryOp op) {
        return switch (op) {
            case ADD -> BROADCAST_ADD;
            case SUB -> BROADCAST_SUBTRACT;
            case MUL -> BROADCAST_MULTIPLY;
            case DIV -> BROADCAST_DIVIDE;
            case MAX, MIN, RELU_GRAD -> throw new AssertionError(op + " has no broadcast kernel here");
        };
    }

    // ---- reductions ------------------------------------------------------------------------------------------

    /**
     * libnd4j's reductions in float64. In float32, SUM and MEAN run in Java, accumulated in float64 and rounded once
     * ({@link JavaLoops#sums}), as the contract asks of long sums; MAX stays native (it is exact in any precision).
     */
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
        boolean wide = Nd4jMatrix.NARROW;  // float32: libnd4j would accumulate in float, JavaLoops does in float64
        switch (op) {
            case SUM -> {
                if (wide) {
                    javaLoops.sums(false, axis == Axis.OVER_ROWS, nd(x), nd(out));
                } else {
                    kernels.reduceSame(SUM, nd(x), nd(out), over);
                }
            }
            case MEAN -> {
                if (wide) {
                    javaLoops.sums(true, axis == Axis.OVER_ROWS, nd(x), nd(out));
                } else {
                    kernels.reduceFloat(MEAN, nd(x), nd(out), over);
                }
            }
            case MAX -> {
                kernels.reduceSame(MAX, nd(x), nd(out), over);
                correctMax(nd(x), axis, nd(out), over);
            }
        }
    }

    /**
     * Turns libnd4j's MAX reduction into {@link dev.tinytorch.api.Reduction#MAX}: libnd4j skips NaN and, among
     * zeros, keeps whichever it met first. The lines' sums (one more fast native reduction) show which lines may
     * hold NaN (a sum is NaN or infinite if an element is); those, and lines whose maximum came out as
     * {@code -0.0}, are looked at in Java, which only such lines pay for.
     */
    private void correctMax(Nd4jMatrix x, Axis axis, Nd4jMatrix out, Dimension over) {
        int lines = out.size();
        Nd4jMatrix sums = scratchLike(out);
        kernels.reduceSame(SUM, x, sums, over);
        double[] values = javaLoops.elements(2 * lines);
        out.data.get(values, 0, lines);
        sums.data.get(values, lines, lines);
        boolean row = axis == Axis.OVER_COLUMNS;
        boolean changed = false;
        for (int line = 0; line < lines; line++) {
            if (!Double.isFinite(values[lines + line]) && firstNaN(x, row, line) >= 0) {
                values[line] = Double.NaN;
                changed = true;
            } else if (Double.doubleToRawLongBits(values[line]) == NEGATIVE_ZERO && holdsPositiveZero(x, row, line)) {
                values[line] = 0.0;
                changed = true;
            }
        }
        if (changed) {
            out.data.put(values, 0, lines);
        }
    }

    /** The index of the first NaN in row {@code line} of x ({@code row}) or in its column {@code line}, or -1. */
    private static int firstNaN(Nd4jMatrix x, boolean row, int line) {
        int length = row ? x.cols() : x.rows();
        for (int i = 0; i < length; i++) {
            if (Double.isNaN(x.data.get(row ? (long) line * x.cols() + i : (long) i * x.cols() + line))) {
                return i;
            }
        }
        return -1;
    }

    /** Whether row {@code line} of x ({@code row}) or its column {@code line} holds {@code +0.0}. */
    private static boolean holdsPositiveZero(Nd4jMatrix x, boolean row, int line) {
        int length = row ? x.cols() : x.rows();
        for (int i = 0; i < length; i++) {
            double v = x.data.get(row ? (long) line * x.cols() + i : (long) i * x.cols() + line);
            if (Double.doubleToRawLongBits(v) == 0L) {
                return true;
            }
        }
        return false;
    }

    /** libnd4j's sum in float64; in float32 {@link JavaLoops#sum}, accumulated in float64 as the contract asks. */
    @Override
    public @AlwaysDouble double sum(Matrix x) {
        if (x.size() == 0) {
            return 0.0;
        }
        return Nd4jMatrix.NARROW ? javaLoops.sum(nd(x)) : kernels.reduceSameToScalar(SUM, nd(x));
    }

    /**
     * libnd4j's index-max (the first largest, but it passes over NaN); rows whose sum (one more fast native
     * reduction) is not finite may hold NaN and are searched in Java for their first NaN, which wins, as
     * {@link MatrixOps#argmaxRows} defines.
     */
    @Override
    public void argmaxRows(Matrix x, int[] out) {
        if (out.length == 0) {
            return;
        }
        Nd4jMatrix in = nd(x);
        kernels.indexReduce(INDEX_MAX, in, kernels.dimension(1), out);
        Nd4jMatrix sums = scratchLike(x.rows(), 1);
        kernels.reduceSame(SUM, in, sums, kernels.dimension(1));
        double[] rowSums = javaLoops.elements(out.length);
        sums.data.get(rowSums, 0, out.length);
        for (int r = 0; r < out.length; r++) {
            if (!Double.isFinite(rowSums[r])) {
                int nan = firstNaN(in, true, r);
                if (nan >= 0) {
                    out[r] = nan;
                }
            }
        }
    }

    // ---- gathering -------------------------------------------------------------------------------------------

    @Override
    public void gatherRows(Matrix src, int[] rows, int offset, int count, Matrix out) {
        if (count > 0 && src.cols() > 0) {
            kernels.pullRows(nd(src), rows, offset, count, nd(out));
        }
    }

    /** The same row-major buffer copy as {@link #copy}: both matrices are contiguous and row-major. */
    @Override
    public void reshape(Matrix x, Matrix out) {
        copy(x, out);
    }

    /** In Java: see {@link JavaLoops}. */
    @Override
    public void scatterAddRows(Matrix src, int[] rows, int offset, Matrix out) {
        javaLoops.scatterAddRows(nd(src), rows, offset, nd(out));
    }

    /** A native copy of the row block: see {@link RecurrentLoops}. */
    @Override
    public void copyRows(Matrix src, int srcRow, Matrix dst, int dstRow, int count) {
        recurrentLoops.copyRows(nd(src), srcRow, nd(dst), dstRow, count);
    }

    /** In Java for now: see {@link RecurrentLoops}. */
    @Override
    public void lstmCell(Matrix gates, int row, Matrix cPrev, Matrix c, Matrix h) {
        recurrentLoops.lstmCell(nd(gates), row, nd(cPrev), nd(c), nd(h));
    }

    @Override
    public void lstmCellBackward(Matrix gates, int row, Matrix cPrev, Matrix c, Matrix dh, Matrix dc,
            Matrix dGates) {
        recurrentLoops.lstmCellBackward(nd(gates), row, nd(cPrev), nd(c), nd(dh), nd(dc), nd(dGates));
    }

    @Override
    public void gruCell(Matrix gates, int row, Matrix hiddenGates, Matrix hPrev, Matrix h) {
        recurrentLoops.gruCell(nd(gates), row, nd(hiddenGates), nd(hPrev), nd(h));
    }

    @Override
    public void gruCellBackward(Matrix gates, int row, Matrix hiddenGates, Matrix hPrev, Matrix dh, Matrix dGates,
            Matrix dHiddenGates, Matrix dhPrev) {
        recurrentLoops.gruCellBackward(nd(gates), row, nd(hiddenGates), nd(hPrev), nd(dh), nd(dGates), nd(dHiddenGates),
                nd(dhPrev));
    }

    /** In Java: see {@link ImageLoops} for why. */
    @Override
    public void im2col(Matrix x, ConvGeometry g, Matrix cols) {
        imageLoops.im2col(nd(x), g, nd(cols));
    }

    @Override
    public void col2im(Matrix cols, ConvGeometry g, Matrix x) {
        imageLoops.col2im(nd(cols), g, nd(x));
    }

    @Override
    public void transposeBlocks(Matrix x, int block, Matrix out) {
        nativeImages.transposeBlocks(nd(x), block, nd(out));
    }

    @Override
    public void maxPool(Matrix x, ConvGeometry g, Matrix out, int[] winners) {
        imageLoops.maxPool(nd(x), g, nd(out), winners);
    }

    @Override
    public void maxPoolBackward(Matrix gradOut, ConvGeometry g, int[] winners, Matrix gradIn) {
        imageLoops.maxPoolBackward(nd(gradOut), g, winners, nd(gradIn));
    }

    @Override
    public void avgPool(Matrix x, ConvGeometry g, Matrix out) {
        nativeImages.avgPool(nd(x), g, nd(out));
    }

    @Override
    public void avgPoolBackward(Matrix gradOut, ConvGeometry g, Matrix gradIn) {
        nativeImages.avgPoolBackward(nd(gradOut), g, nd(gradIn));
    }
}
