package dev.tinytorch.backend.plain.f64;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The element-wise loops of {@link VectorKernels}, one small method per operation. Each covers a prefix of its
 * range that is a whole number of vectors (the longest one unless its comment says otherwise) and returns its
 * length; the caller finishes the rest with the scalar loop.
 *
 * <p>Why one method per operation: the Vector API becomes vector instructions only where the JIT has inlined it
 * with a constant operator, and the JIT does not inline a call it has not yet seen run. In one method with a
 * switch over every operation, the cases first run after that method was compiled stayed slow (measured: DIV 40x
 * slower than ADD). A small method of its own is compiled for its one operation.
 *
 * <p>No method of this backend takes or returns a vector: every vector lives and dies inside one method. A vector
 * that crosses a call the JIT did not inline is an object on the heap, and the JIT may leave even a one-line helper
 * out of a caller where its call site looked rare when that caller was compiled. A {@code load(x, i)} helper here
 * was once left out of {@code zipScalar}'s code, in some JVMs and not others, and every LeNet-5 step then allocated
 * 96 bytes a vector (6 KB) for good. {@code LayeringTest} checks the rule. Sums of a vector's lanes are therefore
 * written out where they are needed, in lane order: {@code reduceLanes(ADD)} leaves the order to the
 * implementation, and on JDK 25 the JIT's reduction and the interpreter's differ in the last bit, so a sum would
 * depend on whether its code had been compiled yet, and the same seed would not give the same bits.
 */
final class VectorLoops {

    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();

    private VectorLoops() {
    }

    /** {@code x < 0 ? +0.0 : x}, so that NaN and {@code -0.0} stay as they are. */
    static int relu(double[] x, int xi, double[] out, int oi, int n) {
        DoubleVector zero = DoubleVector.zero(SPECIES);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, x, xi + i);
            v.blend(zero, v.compare(VectorOperators.LT, 0.0)).intoArray(out, oi + i);
        }
        return i;
    }

    /**
     * {@code x > 0 ? 1 : x <= 0 ? +0.0 : x}: NaN, which is neither, stays NaN.
     *
     * <p>Telling NaN apart costs a second comparison and blend per vector (measured on 64 x 256: 2.8 us against
     * 2.1). So the fast loop writes {@code x > 0 ? 1 : 0} and sums the inputs on the side, an add that costs nothing
     * measurable (2.1 us); only a range whose sum is not finite, because it holds NaN or an infinity (or overflows),
     * is gone over again by {@link #stepTellingNaN}. {@code out} must not be {@code x}: an update in place, whose
     * input is gone by then, goes to {@link #stepTellingNaN} directly.
     *
     * <p>It covers whole pairs of vectors only: an odd last vector is left to the caller's scalar loop, because a
     * vector operation in a branch after the loop made JDK 17 box a vector there (80 bytes a call, the only
     * allocation left in a LeNet-5 training step).
     */
    static int step(double[] x, int xi, double[] out, int oi, int n) {
        DoubleVector zero = DoubleVector.zero(SPECIES);
        DoubleVector one = DoubleVector.broadcast(SPECIES, 1.0);
        DoubleVector sum0 = zero;
        DoubleVector sum1 = zero;
        int i = 0;
        for (int bound = n - 2 * LANES; i <= bound; i += 2 * LANES) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, x, xi + i);
            DoubleVector w = DoubleVector.fromArray(SPECIES, x, xi + i + LANES);
            zero.blend(one, v.compare(VectorOperators.GT, zero)).intoArray(out, oi + i);
            zero.blend(one, w.compare(VectorOperators.GT, zero)).intoArray(out, oi + i + LANES);
            sum0 = sum0.add(v);  // two sums, so that each add waits for the one two vectors back
            sum1 = sum1.add(w);
        }
        if (!Double.isFinite(sum0.add(sum1).reduceLanes(VectorOperators.ADD))) {
            return stepTellingNaN(x, xi, out, oi, n);
        }
        return i;
    }

    /** {@link #step} with a second comparison per vector, which leaves NaN as it is; {@code out} may be {@code x}. */
    static int stepTellingNaN(double[] x, int xi, double[] out, int oi, int n) {
        DoubleVector zero = DoubleVector.zero(SPECIES);
        DoubleVector one = DoubleVector.broadcast(SPECIES, 1.0);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, x, xi + i);
            v.blend(one, v.compare(VectorOperators.GT, zero)).blend(zero, v.compare(VectorOperators.LE, zero))
                    .intoArray(out, oi + i);
        }
        return i;
    }

    /** {@code x * x}. */
    static int square(double[] x, int xi, double[] out, int oi, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, x, xi + i);
            v.mul(v).intoArray(out, oi + i);
        }
        return i;
    }

    /** Square root. */
    static int sqrt(double[] x, int xi, double[] out, int oi, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, x, xi + i);
            v.sqrt().intoArray(out, oi + i);
        }
        return i;
    }

    /** Absolute value. */
    static int abs(double[] x, int xi, double[] out, int oi, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, x, xi + i);
            v.abs().intoArray(out, oi + i);
        }
        return i;
    }

    /** {@code 1 / x}. */
    static int reciprocal(double[] x, int xi, double[] out, int oi, int n) {
        DoubleVector one = DoubleVector.broadcast(SPECIES, 1.0);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, x, xi + i);
            one.div(v).intoArray(out, oi + i);
        }
        return i;
    }

    /** {@code out = a + b}. */
    static int add(double[] a, int ai, double[] b, int bi, double[] out, int oi, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, a, ai + i);
            v.add(DoubleVector.fromArray(SPECIES, b, bi + i)).intoArray(out, oi + i);
        }
        return i;
    }

    /** {@code out = a - b}. */
    static int sub(double[] a, int ai, double[] b, int bi, double[] out, int oi, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, a, ai + i);
            v.sub(DoubleVector.fromArray(SPECIES, b, bi + i)).intoArray(out, oi + i);
        }
        return i;
    }

    /** {@code out = a * b}. */
    static int mul(double[] a, int ai, double[] b, int bi, double[] out, int oi, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, a, ai + i);
            v.mul(DoubleVector.fromArray(SPECIES, b, bi + i)).intoArray(out, oi + i);
        }
        return i;
    }

    /** {@code out = a / b}. */
    static int div(double[] a, int ai, double[] b, int bi, double[] out, int oi, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, a, ai + i);
            v.div(DoubleVector.fromArray(SPECIES, b, bi + i)).intoArray(out, oi + i);
        }
        return i;
    }

    /** {@code out = max(a, b)}. */
    static int max(double[] a, int ai, double[] b, int bi, double[] out, int oi, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, a, ai + i);
            v.max(DoubleVector.fromArray(SPECIES, b, bi + i)).intoArray(out, oi + i);
        }
        return i;
    }

    /** {@code out = min(a, b)}. */
    static int min(double[] a, int ai, double[] b, int bi, double[] out, int oi, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, a, ai + i);
            v.min(DoubleVector.fromArray(SPECIES, b, bi + i)).intoArray(out, oi + i);
        }
        return i;
    }

    /**
     * {@code out = x > 0 ? g : +0.0}, NaN where {@code x} or {@code g} is NaN ({@code BinaryOp.RELU_GRAD}), in one
     * pass over the three matrices.
     *
     * <p>As {@link #step}: the fast loop makes one comparison and blend a vector and sums both inputs on the side;
     * only a range whose sums are not finite (a NaN or an infinity, or an overflow) is gone over again by
     * {@link #reluGradTellingNaN}. With the NaN tests in every vector the loop was no faster than STEP then MUL
     * (64 x 4704 floats, out of cache: 103 to 115 us against 101 to 117); with the sums, 76 to 88 us. {@code out}
     * must be neither input: an update in place, whose input is gone by then, goes to
     * {@link #reluGradTellingNaN} directly. Fewer elements than a vector are left to the scalar loop whole, so that
     * no reduction runs on a loop that never ran (see {@code VectorKernels.max}).
     */
    static int reluGrad(double[] x, int xi, double[] g, int gi, double[] out, int oi, int n) {
        if (n < LANES) {
            return 0;
        }
        DoubleVector zero = DoubleVector.zero(SPECIES);
        DoubleVector sumX = zero;
        DoubleVector sumG = zero;
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, x, xi + i);
            DoubleVector d = DoubleVector.fromArray(SPECIES, g, gi + i);
            zero.blend(d, v.compare(VectorOperators.GT, zero)).intoArray(out, oi + i);
            sumX = sumX.add(v);
            sumG = sumG.add(d);
        }
        if (!Double.isFinite(sumX.add(sumG).reduceLanes(VectorOperators.ADD))) {
            return reluGradTellingNaN(x, xi, g, gi, out, oi, n);
        }
        return i;
    }

    /** {@link #reluGrad} with NaN told apart in every vector; {@code out} may be {@code x} or {@code g}. */
    static int reluGradTellingNaN(double[] x, int xi, double[] g, int gi, double[] out, int oi, int n) {
        DoubleVector zero = DoubleVector.zero(SPECIES);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, x, xi + i);
            DoubleVector d = DoubleVector.fromArray(SPECIES, g, gi + i);
            zero.blend(d, v.compare(VectorOperators.GT, zero)).blend(v, v.compare(VectorOperators.NE, v))
                    .blend(d, d.compare(VectorOperators.NE, d)).intoArray(out, oi + i);
        }
        return i;
    }

    /** {@code out = a + b} with a scalar {@code b}. */
    static int addScalar(double[] a, int ai, double b, double[] out, int oi, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector.fromArray(SPECIES, a, ai + i).add(b).intoArray(out, oi + i);
        }
        return i;
    }

    /** {@code out = a - b} with a scalar {@code b}. */
    static int subScalar(double[] a, int ai, double b, double[] out, int oi, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector.fromArray(SPECIES, a, ai + i).sub(b).intoArray(out, oi + i);
        }
        return i;
    }

    /** {@code out = a * b} with a scalar {@code b}. */
    static int mulScalar(double[] a, int ai, double b, double[] out, int oi, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector.fromArray(SPECIES, a, ai + i).mul(b).intoArray(out, oi + i);
        }
        return i;
    }

    /** {@code out = a / b} with a scalar {@code b}. */
    static int divScalar(double[] a, int ai, double b, double[] out, int oi, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector.fromArray(SPECIES, a, ai + i).div(b).intoArray(out, oi + i);
        }
        return i;
    }

    /** {@code out = max(a, b)} with a scalar {@code b}. */
    static int maxScalar(double[] a, int ai, double b, double[] out, int oi, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector.fromArray(SPECIES, a, ai + i).max(b).intoArray(out, oi + i);
        }
        return i;
    }

    /** {@code out = min(a, b)} with a scalar {@code b}. */
    static int minScalar(double[] a, int ai, double b, double[] out, int oi, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector.fromArray(SPECIES, a, ai + i).min(b).intoArray(out, oi + i);
        }
        return i;
    }

    /** {@code out = scale * x + shift}, rounded as the scalar loop rounds it (no fused multiply-add). */
    static int affine(double[] x, int xi, double scale, double shift, double[] out, int oi, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector.fromArray(SPECIES, x, xi + i).mul(scale).add(shift).intoArray(out, oi + i);
        }
        return i;
    }

    /** {@code out = min(max(x, lo), hi)}. */
    static int clip(double[] x, int xi, double lo, double hi, double[] out, int oi, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector.fromArray(SPECIES, x, xi + i).max(lo).min(hi).intoArray(out, oi + i);
        }
        return i;
    }

    /** {@code y += alpha * x}, a product and a sum, as {@code ScalarKernels.axpy} rounds them in float64. */
    static int axpy(double alpha, double[] x, int xi, double[] y, int yi, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, y, yi + i);
            v.add(DoubleVector.fromArray(SPECIES, x, xi + i).mul(alpha)).intoArray(y, yi + i);
        }
        return i;
    }

    /** {@code y += alpha * x} by fused multiply-adds, as {@code ScalarKernels.axpy} computes it in float32. */
    static int fusedAxpy(double alpha, double[] x, int xi, double[] y, int yi, int n) {
        DoubleVector a = DoubleVector.broadcast(SPECIES, alpha);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, x, xi + i);
            v.fma(a, DoubleVector.fromArray(SPECIES, y, yi + i)).intoArray(y, yi + i);
        }
        return i;
    }

    /** {@code x *= factor}. */
    static int scale(double[] x, int xi, double factor, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector.fromArray(SPECIES, x, xi + i).mul(factor).intoArray(x, xi + i);
        }
        return i;
    }
}
