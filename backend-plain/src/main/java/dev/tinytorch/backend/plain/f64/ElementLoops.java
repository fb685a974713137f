package dev.tinytorch.backend.plain.f64;

import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.UnaryOp;

/**
 * The element-wise vector loops of {@link VectorLoops} that {@link VectorKernels} runs for map, zip, zipScalar,
 * affine and clip, each a {@link Loop} in one table, all called from one call site ({@link #run}) that the JIT does
 * not inline through: its receiver profile sees every loop, so C2 makes it a virtual call, and each loop is compiled
 * on its own, small, whoever calls it.
 *
 * <p>Why: JDK 17's Vector API becomes instructions only where C2 inlines it, and in some JVMs (which ones depends on
 * compile order) a large compilation that inlined a layer's or a loss's loops boxed every vector in them: the
 * float32 seed network's 384 B a step, {@code BinaryCrossEntropy.backward}'s {@code affine} boxed inside
 * {@code Sequential.backward} (docs/performance.md, "The float32 seed network's allocation on the AMD EPYC: one
 * entry a binary operation, tried", and the section after it). The loops and their order are those the kernels ran
 * before, so the bits are the same. {@code axpy} and {@code scale} stay direct calls: the products call them a row
 * at a time.
 */
final class ElementLoops {

    private static final int AFFINE = 0;
    private static final int CLIP = 1;
    private static final int MAP = 2;
    private static final int ZIP = MAP + UnaryOp.values().length;
    private static final int ZIP_SCALAR = ZIP + BinaryOp.values().length;
    /** A loop that leaves every element to the scalar loop. */
    private static final Loop NONE = (a, ai, b, bi, s, t, out, oi, n) -> 0;
    /** Every loop, at the indices above; read from an array so that C2 never sees a constant receiver. */
    private static final Loop[] LOOPS = loops();

    private ElementLoops() {
    }

    /**
     * One vector loop: covers a prefix of whole vectors of {@code n} elements and returns its length. Operands it
     * does not take ({@code b}, {@code s}, {@code t}) are ignored.
     */
    @FunctionalInterface
    interface Loop {
        int run(double[] a, int ai, double[] b, int bi, double s, double t, double[] out, int oi, int n);
    }

    static int map(UnaryOp op, double[] x, int xi, double[] out, int oi, int n) {
        return run(LOOPS[MAP + op.ordinal()], x, xi, null, 0, 0, 0, out, oi, n);
    }

    static int zip(BinaryOp op, double[] a, int ai, double[] b, int bi, double[] out, int oi, int n) {
        return run(LOOPS[ZIP + op.ordinal()], a, ai, b, bi, 0, 0, out, oi, n);
    }

    static int zipScalar(BinaryOp op, double[] a, int ai, double b, double[] out, int oi, int n) {
        return run(LOOPS[ZIP_SCALAR + op.ordinal()], a, ai, null, 0, b, 0, out, oi, n);
    }

    static int affine(double[] x, int xi, double scale, double shift, double[] out, int oi, int n) {
        return run(LOOPS[AFFINE], x, xi, null, 0, scale, shift, out, oi, n);
    }

    static int clip(double[] x, int xi, double lo, double hi, double[] out, int oi, int n) {
        return run(LOOPS[CLIP], x, xi, null, 0, lo, hi, out, oi, n);
    }

    /** The one call site: every loop goes through this bytecode, so its profile is megamorphic. */
    private static int run(Loop loop, double[] a, int ai, double[] b, int bi, double s, double t, double[] out,
            int oi, int n) {
        return loop.run(a, ai, b, bi, s, t, out, oi, n);
    }

    private static Loop[] loops() {
        Loop[] loops = new Loop[ZIP_SCALAR + BinaryOp.values().length];
        loops[AFFINE] = (x, xi, b, bi, scale, shift, out, oi, n) -> VectorLoops.affine(x, xi, scale, shift, out, oi, n);
        loops[CLIP] = (x, xi, b, bi, lo, hi, out, oi, n) -> VectorLoops.clip(x, xi, lo, hi, out, oi, n);
        for (UnaryOp op : UnaryOp.values()) {
            loops[MAP + op.ordinal()] = mapLoop(op);
        }
        for (BinaryOp op : BinaryOp.values()) {
            loops[ZIP + op.ordinal()] = zipLoop(op);
            loops[ZIP_SCALAR + op.ordinal()] = zipScalarLoop(op);
        }
        return loops;
    }

    private static Loop mapLoop(UnaryOp op) {
        switch (op) {
            case EXP:
            case LOG:
            case TANH:
            case SIGMOID:
                return NONE;  // see VectorKernels: the vector forms' bits depend on the JIT
            case RELU:
                return !VectorKernels.MASKS_COMPILED ? NONE
                        : (x, xi, b, bi, s, t, out, oi, n) -> VectorLoops.relu(x, xi, out, oi, n);
            case STEP:
                return !VectorKernels.MASKS_COMPILED ? NONE
                        : (x, xi, b, bi, s, t, out, oi, n) -> x == out ? VectorLoops.stepTellingNaN(x, xi, out, oi, n)
                                : VectorLoops.step(x, xi, out, oi, n);
            case SQUARE:
                return (x, xi, b, bi, s, t, out, oi, n) -> VectorLoops.square(x, xi, out, oi, n);
            case SQRT:
                return (x, xi, b, bi, s, t, out, oi, n) -> VectorLoops.sqrt(x, xi, out, oi, n);
            case ABS:
                return (x, xi, b, bi, s, t, out, oi, n) -> VectorLoops.abs(x, xi, out, oi, n);
            case RECIPROCAL:
                return (x, xi, b, bi, s, t, out, oi, n) -> VectorLoops.reciprocal(x, xi, out, oi, n);
            default:
                throw new AssertionError(op);
        }
    }

    private static Loop zipLoop(BinaryOp op) {
        switch (op) {
            case ADD:
                return (a, ai, b, bi, s, t, out, oi, n) -> VectorLoops.add(a, ai, b, bi, out, oi, n);
            case SUB:
                return (a, ai, b, bi, s, t, out, oi, n) -> VectorLoops.sub(a, ai, b, bi, out, oi, n);
            case MUL:
                return (a, ai, b, bi, s, t, out, oi, n) -> VectorLoops.mul(a, ai, b, bi, out, oi, n);
            case DIV:
                return (a, ai, b, bi, s, t, out, oi, n) -> VectorLoops.div(a, ai, b, bi, out, oi, n);
            case MAX:
                return (a, ai, b, bi, s, t, out, oi, n) -> VectorLoops.max(a, ai, b, bi, out, oi, n);
            case MIN:
                return (a, ai, b, bi, s, t, out, oi, n) -> VectorLoops.min(a, ai, b, bi, out, oi, n);
            case RELU_GRAD:
                return !VectorKernels.MASKS_COMPILED ? NONE
                        : (a, ai, b, bi, s, t, out, oi, n) -> out == a || out == b
                                ? VectorLoops.reluGradTellingNaN(a, ai, b, bi, out, oi, n)
                                : VectorLoops.reluGrad(a, ai, b, bi, out, oi, n);
            default:
                throw new AssertionError(op);
        }
    }

    private static Loop zipScalarLoop(BinaryOp op) {
        switch (op) {
            case ADD:
                return (a, ai, b, bi, s, t, out, oi, n) -> VectorLoops.addScalar(a, ai, s, out, oi, n);
            case SUB:
                return (a, ai, b, bi, s, t, out, oi, n) -> VectorLoops.subScalar(a, ai, s, out, oi, n);
            case MUL:
                return (a, ai, b, bi, s, t, out, oi, n) -> VectorLoops.mulScalar(a, ai, s, out, oi, n);
            case DIV:
                return (a, ai, b, bi, s, t, out, oi, n) -> VectorLoops.divScalar(a, ai, s, out, oi, n);
            case MAX:
                return (a, ai, b, bi, s, t, out, oi, n) -> VectorLoops.maxScalar(a, ai, s, out, oi, n);
            case MIN:
                return (a, ai, b, bi, s, t, out, oi, n) -> VectorLoops.minScalar(a, ai, s, out, oi, n);
            case RELU_GRAD:
                return NONE;  // a column broadcast of ReLU's gradient has no use worth a vector loop
            default:
                throw new AssertionError(op);
        }
    }
}
