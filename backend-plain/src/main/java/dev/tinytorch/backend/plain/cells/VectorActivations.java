package dev.tinytorch.backend.plain.cells;

import static dev.tinytorch.api.kernels.CellMath.EXP_MAX;
import static dev.tinytorch.api.kernels.CellMath.EXP_MIN;
import static dev.tinytorch.api.kernels.CellMath.INV_LN2;
import static dev.tinytorch.api.kernels.CellMath.LN2_HI;
import static dev.tinytorch.api.kernels.CellMath.LN2_LO;
import static dev.tinytorch.api.kernels.CellMath.SHIFTER;
import static dev.tinytorch.api.kernels.CellMath.SHIFTER_BITS;
import static dev.tinytorch.api.kernels.CellMath.SIGN_BIT;
import static dev.tinytorch.api.kernels.CellMath.TANH_P0;
import static dev.tinytorch.api.kernels.CellMath.TANH_P1;
import static dev.tinytorch.api.kernels.CellMath.TANH_P2;
import static dev.tinytorch.api.kernels.CellMath.TANH_Q0;
import static dev.tinytorch.api.kernels.CellMath.TANH_Q1;
import static dev.tinytorch.api.kernels.CellMath.TANH_Q2;
import static dev.tinytorch.api.kernels.CellMath.TANH_SMALL;

import dev.tinytorch.api.kernels.CellMath;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link CellMath}'s sigmoid and tanh on whole vectors of an array's elements, for the plain backend's
 * {@code VectorCells} of both precisions (not an API for users): its exp, sigmoid and tanh repeated lane by lane,
 * operation for operation (the same clamps, fused multiply-adds, divisions and bit operations, in the same order;
 * where the scalar code branches, both sides are computed and blended), so that every element gets the bits
 * {@link CellMath} gives it. The float entry points widen the floats to doubles (exactly), compute in double and
 * round once to float, which is what the float32 copy of {@code RecurrentKernels} does with {@code (float)
 * CellMath.sigmoid(x)}: so float32 cells have the bits of the scalar float32 kernels too. Written by hand, once:
 * its {@code LongVector} bit tricks are double's and the build's float32 text substitution cannot make float ones,
 * and it need not, since float32 evaluates CellMath in double. On JDK 17 the scalar Math.tanh the cells used to call
 * took 60 % of an LSTM step.
 *
 * <p>How this class keeps C2 from allocating its vectors: a vector that crosses a call C2 does not inline (as
 * argument or result) is allocated, and C2 stops inlining in a compilation that grows too large
 * ({@code NodeCountInliningCutoff}): an exp returning a vector was "too large" to inline (1.4 MB allocated per 64x64
 * LSTM step, slower than the scalar cells); one loop holding the exp, the sigmoid and tanh, or an exp inlined into
 * the tanh loop, hit the cutoff, and so did broadcasting the constants in the loop. So no vector passes through a
 * method of this class, the constants are vectors broadcast once, and {@link #expOfScaledAbs}, the bulk of the
 * nodes, is compiled on its own: at over 325 bytes of bytecode (HotSpot's {@code FreqInlineSize}) C2 does not inline
 * it into the sigmoid and tanh loops. Widening and narrowing floats are scalar loops (see {@link #widen}). Allocation tests in
 * both precisions ({@code EveryLayerAllocationTest}) catch a regression.
 */
public final class VectorActivations {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /*
     * The constants as vectors, broadcast once: broadcasting inside the loops costs C2 enough nodes that it stopped
     * inlining (NodeCountInliningCutoff) before the end of the exp loop, whose vectors were then allocated.
     */
    private static final DoubleVector C2 = DoubleVector.broadcast(SPECIES, CellMath.expCoefficient(2));
    private static final DoubleVector C3 = DoubleVector.broadcast(SPECIES, CellMath.expCoefficient(3));
    private static final DoubleVector C4 = DoubleVector.broadcast(SPECIES, CellMath.expCoefficient(4));
    private static final DoubleVector C5 = DoubleVector.broadcast(SPECIES, CellMath.expCoefficient(5));
    private static final DoubleVector C6 = DoubleVector.broadcast(SPECIES, CellMath.expCoefficient(6));
    private static final DoubleVector C7 = DoubleVector.broadcast(SPECIES, CellMath.expCoefficient(7));
    private static final DoubleVector C8 = DoubleVector.broadcast(SPECIES, CellMath.expCoefficient(8));
    private static final DoubleVector C9 = DoubleVector.broadcast(SPECIES, CellMath.expCoefficient(9));
    private static final DoubleVector C10 = DoubleVector.broadcast(SPECIES, CellMath.expCoefficient(10));
    private static final DoubleVector C11 = DoubleVector.broadcast(SPECIES, CellMath.expCoefficient(11));
    private static final DoubleVector C12 = DoubleVector.broadcast(SPECIES, CellMath.expCoefficient(12));
    private static final DoubleVector C13 = DoubleVector.broadcast(SPECIES, CellMath.expCoefficient(13));
    private static final DoubleVector ONE = DoubleVector.broadcast(SPECIES, 1.0);
    private static final DoubleVector TWO = DoubleVector.broadcast(SPECIES, 2.0);
    private static final DoubleVector MINUS_LN2_HI = DoubleVector.broadcast(SPECIES, -LN2_HI);
    private static final DoubleVector MINUS_LN2_LO = DoubleVector.broadcast(SPECIES, -LN2_LO);
    private static final DoubleVector INV_LN2_V = DoubleVector.broadcast(SPECIES, INV_LN2);
    private static final DoubleVector SHIFTER_V = DoubleVector.broadcast(SPECIES, SHIFTER);
    private static final DoubleVector EXP_MIN_V = DoubleVector.broadcast(SPECIES, EXP_MIN);
    private static final DoubleVector EXP_MAX_V = DoubleVector.broadcast(SPECIES, EXP_MAX);
    private static final DoubleVector P0 = DoubleVector.broadcast(SPECIES, TANH_P0);
    private static final DoubleVector P1 = DoubleVector.broadcast(SPECIES, TANH_P1);
    private static final DoubleVector P2 = DoubleVector.broadcast(SPECIES, TANH_P2);
    private static final DoubleVector Q0 = DoubleVector.broadcast(SPECIES, TANH_Q0);
    private static final DoubleVector Q1 = DoubleVector.broadcast(SPECIES, TANH_Q1);
    private static final DoubleVector Q2 = DoubleVector.broadcast(SPECIES, TANH_Q2);

    /** Each thread's buffers for the row being activated, grown once to the widest row. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private VectorActivations() {
    }

    /** Two buffers grown on demand and then reused: the exponentials, and a float row widened to doubles. */
    private static final class Scratch {
        private double[] exps = new double[0];
        private double[] widened = new double[0];

        double[] exps(int size) {
            if (exps.length < size) {
                exps = new double[size];
            }
            return exps;
        }

        double[] widened(int size) {
            if (widened.length < size) {
                widened = new double[size];
            }
            return widened;
        }
    }



    /**
     * {@code out[oi + i] = sigmoid(x[xi + i])} for {@code i < n}, a whole number of vectors ({@link CellMath#sigmoid});
     * {@code out} may be {@code x}.
     */
    public static void sigmoid(double[] x, int xi, double[] out, int oi, int n) {
        double[] e = SCRATCH.get().exps(n);
        expOfScaledAbs(x, xi, -1.0, e, n);  // -1.0 * |x| is -|x| exactly
        for (int i = 0; i < n; i += LANES) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, x, xi + i);
            DoubleVector ev = DoubleVector.fromArray(SPECIES, e, i);
            ev.blend(1.0, v.compare(VectorOperators.GE, 0.0)).div(ev.add(ONE)).intoArray(out, oi + i);
        }
    }

    /**
     * {@code out[oi + i] = tanh(x[xi + i])} for {@code i < n}, a whole number of vectors ({@link CellMath#tanh});
     * {@code out} may be {@code x}.
     */
    public static void tanh(double[] x, int xi, double[] out, int oi, int n) {
        double[] e = SCRATCH.get().exps(n);
        expOfScaledAbs(x, xi, -2.0, e, n);
        for (int i = 0; i < n; i += LANES) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, x, xi + i);
            DoubleVector ev = DoubleVector.fromArray(SPECIES, e, i);
            DoubleVector z = v.abs();
            DoubleVector s = z.mul(z);
            DoubleVector p = s.mul(P0).add(P1).mul(s).add(P2);
            DoubleVector q = s.add(Q0).mul(s).add(Q1).mul(s).add(Q2);
            DoubleVector small = z.add(z.mul(s).mul(p.div(q)));
            DoubleVector large = ONE.sub(ev.mul(TWO).div(ev.add(ONE)));
            DoubleVector t = large.blend(small, z.compare(VectorOperators.LT, TANH_SMALL));
            t.reinterpretAsLongs().or(v.reinterpretAsLongs().and(SIGN_BIT)).reinterpretAsDoubles()
                    .intoArray(out, oi + i);
        }
    }

    /**
     * {@code e[i] = CellMath.exp(scale * |x[xi + i]|)} for {@code i < n}, a whole number of vectors, lane by lane;
     * compiled on its own (see the class comment).
     */
    private static void expOfScaledAbs(double[] x, int xi, double scale, double[] e, int n) {
        DoubleVector factor = DoubleVector.broadcast(SPECIES, scale);
        for (int i = 0; i < n; i += LANES) {
            DoubleVector y = DoubleVector.fromArray(SPECIES, x, xi + i).abs().mul(factor);
            y = y.max(EXP_MIN_V).min(EXP_MAX_V);
            DoubleVector t = y.mul(INV_LN2_V).add(SHIFTER_V);
            DoubleVector k = t.sub(SHIFTER_V);
            DoubleVector r = k.fma(MINUS_LN2_HI, y);
            r = k.fma(MINUS_LN2_LO, r);
            DoubleVector p = r.fma(C13, C12);  // Horner's rule, as CellMath.exp
            p = p.fma(r, C11);
            p = p.fma(r, C10);
            p = p.fma(r, C9);
            p = p.fma(r, C8);
            p = p.fma(r, C7);
            p = p.fma(r, C6);
            p = p.fma(r, C5);
            p = p.fma(r, C4);
            p = p.fma(r, C3);
            p = p.fma(r, C2);
            p = p.fma(r, ONE);
            p = p.fma(r, ONE);
            LongVector bits = t.reinterpretAsLongs().sub(SHIFTER_BITS);
            LongVector half = bits.lanewise(VectorOperators.ASHR, 1);
            // times 2^half and 2^(bits - half): the exponent fields (n + 1023) << 52
            DoubleVector scale1 = half.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            DoubleVector scale2 = bits.sub(half).add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            p.mul(scale1).mul(scale2).intoArray(e, i);
        }
    }

    /**
     * {@code out[oi + i] = (float) sigmoid(x[xi + i])} for {@code i < n}, a whole number of vectors, in double as the
     * float32 {@code RecurrentKernels} compute it; {@code out} may be {@code x}.
     */
    public static void sigmoid(float[] x, int xi, float[] out, int oi, int n) {
        double[] w = widen(x, xi, n);
        sigmoid(w, 0, w, 0, n);
        narrow(w, out, oi, n);
    }

    /** {@code out[oi + i] = (float) tanh(x[xi + i])}, as {@link #sigmoid(float[], int, float[], int, int)}. */
    public static void tanh(float[] x, int xi, float[] out, int oi, int n) {
        double[] w = widen(x, xi, n);
        tanh(w, 0, w, 0, n);
        narrow(w, out, oi, n);
    }

    /**
     * {@code x[xi .. xi + n - 1]} as doubles, exactly, in this thread's buffer. A scalar loop, as {@link #narrow}:
     * the Vector API's float-double casts ({@code castShape}) were not always intrinsified by JDK 17's C2 (its
     * {@code VectorSupport.convert} "failed to inline" in some compilations), and then every vector was allocated, 9
     * MB per float32 training step of a 64-unit GRU and LSTM; a conversion per element costs little beside the exp.
     */
    private static double[] widen(float[] x, int xi, int n) {
        double[] w = SCRATCH.get().widened(n);
        for (int i = 0; i < n; i++) {
            w[i] = x[xi + i];
        }
        return w;
    }

    /** {@code out[oi + i] = (float) w[i]} for {@code i < n}: Java's cast, rounding to nearest. */
    private static void narrow(double[] w, float[] out, int oi, int n) {
        for (int i = 0; i < n; i++) {
            out[oi + i] = (float) w[i];
        }
    }
}
