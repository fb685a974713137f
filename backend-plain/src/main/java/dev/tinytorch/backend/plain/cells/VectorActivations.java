package dev.tinytorch.backend.plain.cells;

import static dev.tinytorch.api.kernels.CellMath.EXP_MAX;
import static dev.tinytorch.api.kernels.CellMath.EXP_MIN;
import static dev.tinytorch.api.kernels.CellMath.FLOAT_EXP_MIN;
import static dev.tinytorch.api.kernels.CellMath.FLOAT_INV_LN2;
import static dev.tinytorch.api.kernels.CellMath.FLOAT_LN2_HI;
import static dev.tinytorch.api.kernels.CellMath.FLOAT_LN2_LO;
import static dev.tinytorch.api.kernels.CellMath.FLOAT_SHIFTER;
import static dev.tinytorch.api.kernels.CellMath.FLOAT_SHIFTER_BITS;
import static dev.tinytorch.api.kernels.CellMath.FLOAT_TANH_P0;
import static dev.tinytorch.api.kernels.CellMath.FLOAT_TANH_P1;
import static dev.tinytorch.api.kernels.CellMath.FLOAT_TANH_P2;
import static dev.tinytorch.api.kernels.CellMath.FLOAT_TANH_P3;
import static dev.tinytorch.api.kernels.CellMath.FLOAT_TANH_P4;
import static dev.tinytorch.api.kernels.CellMath.FLOAT_TANH_SMALL;
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
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link CellMath}'s sigmoid and tanh on whole vectors of an array's elements, for the plain backend's
 * {@code VectorCells} of both precisions (not an API for users): its exp, sigmoid and tanh repeated lane by lane,
 * operation for operation (the same clamps, fused multiply-adds, divisions and bit operations, in the same order;
 * where the scalar code branches, both sides are computed and blended), so that every element gets the bits
 * {@link CellMath} gives it. The float entry points repeat CellMath's float overloads the same way, in float with
 * {@code FloatVector}s of plain's float species (twice the lanes of double) and {@code IntVector} bit tricks, which
 * is what the float32 copy of {@code RecurrentKernels} calls: so float32 cells have the bits of the scalar float32
 * kernels too. Written by hand, not generated: the bit tricks differ between the precisions (a 64-bit exponent
 * field against a 32-bit one) and so do the polynomials. On JDK 17 the scalar Math.tanh the cells used to call took
 * 60 % of an LSTM step.
 *
 * <p>How this class keeps C2 from allocating its vectors: a vector that crosses a call C2 does not inline (as
 * argument or result) is allocated, and C2 stops inlining in a compilation that grows too large
 * ({@code NodeCountInliningCutoff}): an exp returning a vector was "too large" to inline (1.4 MB allocated per 64x64
 * LSTM step, slower than the scalar cells); one loop holding the exp, the sigmoid and tanh, or an exp inlined into
 * the tanh loop, hit the cutoff, and so did broadcasting the constants in the loop. So no vector passes through a
 * method of this class, the constants are vectors broadcast once, and {@link #expOfScaledAbs}, the bulk of the
 * nodes, is compiled on its own: at over 325 bytes of bytecode (HotSpot's {@code FreqInlineSize}) C2 does not inline
 * it into the sigmoid and tanh loops; the float {@link #activate} holds both of a float activation's loops, for the
 * same reason (see there). Allocation tests in both precisions
 * ({@code EveryLayerAllocationTest}, {@code RecurrentAllThreadsAllocationTest}) catch a regression.
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

    /** Plain's float species, as its generated float32 {@code VectorLoops}: the float cells' rows are cut by it. */
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final int FLOAT_LANES = FLOATS.length();
    private static final FloatVector F2 = FloatVector.broadcast(FLOATS, CellMath.floatExpCoefficient(2));
    private static final FloatVector F3 = FloatVector.broadcast(FLOATS, CellMath.floatExpCoefficient(3));
    private static final FloatVector F4 = FloatVector.broadcast(FLOATS, CellMath.floatExpCoefficient(4));
    private static final FloatVector F5 = FloatVector.broadcast(FLOATS, CellMath.floatExpCoefficient(5));
    private static final FloatVector F6 = FloatVector.broadcast(FLOATS, CellMath.floatExpCoefficient(6));
    private static final FloatVector F7 = FloatVector.broadcast(FLOATS, CellMath.floatExpCoefficient(7));
    private static final FloatVector F_ZERO = FloatVector.zero(FLOATS);
    private static final FloatVector F_ONE = FloatVector.broadcast(FLOATS, 1.0f);
    private static final FloatVector F_MINUS_LN2_HI = FloatVector.broadcast(FLOATS, -FLOAT_LN2_HI);
    private static final FloatVector F_MINUS_LN2_LO = FloatVector.broadcast(FLOATS, -FLOAT_LN2_LO);
    private static final FloatVector F_INV_LN2 = FloatVector.broadcast(FLOATS, FLOAT_INV_LN2);
    private static final FloatVector F_SHIFTER = FloatVector.broadcast(FLOATS, FLOAT_SHIFTER);
    private static final FloatVector F_EXP_MIN = FloatVector.broadcast(FLOATS, FLOAT_EXP_MIN);
    private static final FloatVector F_P0 = FloatVector.broadcast(FLOATS, FLOAT_TANH_P0);
    private static final FloatVector F_P1 = FloatVector.broadcast(FLOATS, FLOAT_TANH_P1);
    private static final FloatVector F_P2 = FloatVector.broadcast(FLOATS, FLOAT_TANH_P2);
    private static final FloatVector F_P3 = FloatVector.broadcast(FLOATS, FLOAT_TANH_P3);
    private static final FloatVector F_P4 = FloatVector.broadcast(FLOATS, FLOAT_TANH_P4);
    /**
     * {@code 2^-64}: the float exp scales by {@code 2^(k + 64)}, exact, then by this, rounding once, where CellMath's
     * {@code 2^(k >> 1)} and {@code 2^(k - (k >> 1))} do the same (see {@link #activate}).
     */
    private static final FloatVector F_TWO_TO_MINUS_64 = FloatVector.broadcast(FLOATS, 0x1p-64f);
    /** Ints of the float vectors' shape, for the exponent bits: {@code (k + 64 + 127) << 23} from t's bits. */
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, FLOATS.vectorShape());
    private static final IntVector I_EXPONENT_FROM_T = IntVector.broadcast(INTS, 64 + 127 - FLOAT_SHIFTER_BITS);

    /** Each thread's buffers for the row being activated, grown once to the widest row. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private VectorActivations() {
    }

    /** A buffer grown on demand and then reused: a double row's exponentials. */
    private static final class Scratch {
        private double[] exps = new double[0];

        double[] exps(int size) {
            if (exps.length < size) {
                exps = new double[size];
            }
            return exps;
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
     * {@code out[oi + i] = sigmoid(x[xi + i])} for {@code i < n}, a whole number of float vectors, lane by lane
     * {@link CellMath#sigmoid(float)}; {@code out} may be {@code x}.
     */
    public static void sigmoid(float[] x, int xi, float[] out, int oi, int n) {
        activate(x, xi, false, out, oi, n);
    }

    /**
     * {@code out[oi + i] = tanh(x[xi + i])} for {@code i < n}, a whole number of float vectors, lane by lane
     * {@link CellMath#tanh(float)}; {@code out} may be {@code x}.
     */
    public static void tanh(float[] x, int xi, float[] out, int oi, int n) {
        activate(x, xi, true, out, oi, n);
    }

    /**
     * {@link CellMath#sigmoid(float)} or {@link CellMath#tanh(float)} lane by lane, for {@code i < n}, a whole
     * number of float vectors; {@code out} may be {@code x}. One loop, the same operations for both, their constants
     * chosen once per call, and no vector chosen by a branch. With {@code e = CellMath.exp(-|x|)}, the sigmoid is
     * {@code (x < 0 ? e : 1) / (1 + e)}; with {@code e = CellMath.exp(-2|x|)}, tanh's {@code (1 - e) / (1 + e)},
     * negated for negative x, is {@code (x < 0 ? e - 1 : 1 - e) / (1 + e)}: both {@code (e D + C) / (1 + e)}, D and C
     * blended by the sign of x (a product by 1, 0 or -1 is exact, so the fused form rounds as the scalar sum,
     * difference or negation). Then tanh's small-argument form {@code x (1 + s P(s))} is blended in below
     * {@link CellMath#FLOAT_TANH_SMALL} (below 0 for the sigmoid: never). The sigmoid pays for the polynomial it does
     * not use, so that no second loop exists to be inlined into the float32 cells.
     *
     * <p>The exp's argument here is never positive, which saves operations with the same bits as CellMath: no clamp
     * at {@link CellMath#FLOAT_EXP_MAX} (a no-op, NaN stays NaN), and one exponent field, {@code 2^(k + 64)} (normal
     * for every {@code k} in [-159, 0]), so {@code p 2^(k + 64)} is exact and the product by {@code 2^-64} rounds
     * once, to the value CellMath's two powers of two round to.
     *
     * <p>Why the operations are counted: C2 parses a method's Vector API calls into many nodes, and past
     * {@code NodeCountInliningCutoff} (18,000 nodes while parsing) it delays the rest of the calls (late inlining):
     * their results then have the abstract type {@code FloatVector}, the calls on them go through type profiles that
     * the whole JVM shares, and when one of those has seen a failed class check (its trap history) C2 leaves a
     * virtual call beside the inlined one; the species it reads is then no constant, the store is not intrinsified
     * ("missing constant", "failed to inline (intrinsic)") and every vector is allocated. That is how this loop
     * boxed in one JVM of three with 58 Vector API intrinsics: the cutoff fell near its end. With the savings above
     * it has 41, and C2's compilation log shows no call delayed ({@code -XX:+LogCompilation}: no {@code late_inline}
     * but the {@code VectorSupport} intrinsics, which C2 always inlines late); adding operations here needs that
     * check again (docs/performance.md, "Float32 cells in float"). Compiled on its own (over 325 bytes, see the class
     * comment).
     */
    private static void activate(float[] x, int xi, boolean tanh, float[] out, int oi, int n) {
        FloatVector factor = FloatVector.broadcast(FLOATS, tanh ? -2.0f : -1.0f);
        // D and C where x >= 0 (or NaN); where x < 0, D is 1 for both, C 0 for the sigmoid and -1 for tanh
        FloatVector dPositive = FloatVector.broadcast(FLOATS, tanh ? -1.0f : 0.0f);
        FloatVector cNegative = FloatVector.broadcast(FLOATS, tanh ? -1.0f : 0.0f);
        FloatVector smallBelow = FloatVector.broadcast(FLOATS, tanh ? FLOAT_TANH_SMALL : 0.0f);
        for (int i = 0; i < n; i += FLOAT_LANES) {
            FloatVector v = FloatVector.fromArray(FLOATS, x, xi + i);
            FloatVector z = v.abs();
            FloatVector y = z.mul(factor).max(F_EXP_MIN);
            FloatVector t = y.fma(F_INV_LN2, F_SHIFTER);
            FloatVector k = t.sub(F_SHIFTER);
            FloatVector r = k.fma(F_MINUS_LN2_HI, y);
            r = k.fma(F_MINUS_LN2_LO, r);
            FloatVector p = r.fma(F7, F6);  // Horner's rule, as CellMath.exp(float)
            p = p.fma(r, F5);
            p = p.fma(r, F4);
            p = p.fma(r, F3);
            p = p.fma(r, F2);
            p = p.fma(r, F_ONE);
            p = p.fma(r, F_ONE);
            FloatVector scale = t.reinterpretAsInts().add(I_EXPONENT_FROM_T).lanewise(VectorOperators.LSHL, 23)
                    .reinterpretAsFloats();
            FloatVector e = p.mul(scale).mul(F_TWO_TO_MINUS_64);
            VectorMask<Float> negative = v.compare(VectorOperators.LT, F_ZERO);
            FloatVector numerator = e.fma(dPositive.blend(F_ONE, negative), F_ONE.blend(cNegative, negative));
            FloatVector large = numerator.div(e.add(F_ONE));
            FloatVector s = z.mul(z);
            FloatVector q = s.fma(F_P0, F_P1);  // Horner's rule, fused, as CellMath.tanh(float)
            q = q.fma(s, F_P2);
            q = q.fma(s, F_P3);
            q = q.fma(s, F_P4);
            FloatVector small = v.mul(q.fma(s, F_ONE));
            large.blend(small, z.compare(VectorOperators.LT, smallBelow)).intoArray(out, oi + i);
        }
    }
}
