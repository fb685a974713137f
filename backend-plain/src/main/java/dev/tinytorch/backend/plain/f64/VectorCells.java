package dev.tinytorch.backend.plain.f64;

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
import dev.tinytorch.api.kernels.f64.RecurrentKernels;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The recurrent cells of {@link RecurrentKernels} with the Vector API: {@link CellMath}'s exp, sigmoid and tanh
 * repeated lane by lane, operation for operation (the same clamps, fused multiply-adds, divisions and bit
 * operations, in the same order; where the scalar code branches, both sides are computed and blended), and the
 * cells' formulas likewise, so that every element gets the bits {@link RecurrentKernels} gives it (the contract
 * suite compares them). Each row's last columns, fewer than a vector, are finished by {@link RecurrentKernels}'
 * {@code ...Columns} forms. On JDK 17 the scalar Math.tanh these cells used to call took 60 % of an LSTM step.
 */
final class VectorCells {

    private static final VectorSpecies<Double> SPECIES = VectorLoops.SPECIES;
    private static final int LANES = VectorLoops.LANES;
    /*
     * The constants as vectors, broadcast once: broadcasting inside the loops costs C2 enough nodes that it stopped
     * inlining (NodeCountInliningCutoff) before the end of the exp loop, whose vectors were then allocated.
     */
    private static final DoubleVector C2 = constant(CellMath.expCoefficient(2));
    private static final DoubleVector C3 = constant(CellMath.expCoefficient(3));
    private static final DoubleVector C4 = constant(CellMath.expCoefficient(4));
    private static final DoubleVector C5 = constant(CellMath.expCoefficient(5));
    private static final DoubleVector C6 = constant(CellMath.expCoefficient(6));
    private static final DoubleVector C7 = constant(CellMath.expCoefficient(7));
    private static final DoubleVector C8 = constant(CellMath.expCoefficient(8));
    private static final DoubleVector C9 = constant(CellMath.expCoefficient(9));
    private static final DoubleVector C10 = constant(CellMath.expCoefficient(10));
    private static final DoubleVector C11 = constant(CellMath.expCoefficient(11));
    private static final DoubleVector C12 = constant(CellMath.expCoefficient(12));
    private static final DoubleVector C13 = constant(CellMath.expCoefficient(13));
    private static final DoubleVector ONE = constant(1.0);
    private static final DoubleVector TWO = constant(2.0);
    private static final DoubleVector MINUS_LN2_HI = constant(-LN2_HI);
    private static final DoubleVector MINUS_LN2_LO = constant(-LN2_LO);
    private static final DoubleVector INV_LN2_V = constant(INV_LN2);
    private static final DoubleVector SHIFTER_V = constant(SHIFTER);
    private static final DoubleVector EXP_MIN_V = constant(EXP_MIN);
    private static final DoubleVector EXP_MAX_V = constant(EXP_MAX);
    private static final DoubleVector P0 = constant(TANH_P0);
    private static final DoubleVector P1 = constant(TANH_P1);
    private static final DoubleVector P2 = constant(TANH_P2);
    private static final DoubleVector Q0 = constant(TANH_Q0);
    private static final DoubleVector Q1 = constant(TANH_Q1);
    private static final DoubleVector Q2 = constant(TANH_Q2);

    /** Each thread's exponentials of the row being activated, grown once to the widest row. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private VectorCells() {
    }

    /** A buffer grown on demand and then reused. */
    private static final class Scratch {
        private double[] buffer = new double[0];

        double[] of(int size) {
            if (buffer.length < size) {
                buffer = new double[size];
            }
            return buffer;
        }
    }

    /**
     * {@code out[oi + i] = sigmoid(x[xi + i])} for {@code i < n}, a whole number of vectors ({@link CellMath#sigmoid});
     * {@code out} may be {@code x}.
     */
    static void sigmoid(double[] x, int xi, double[] out, int oi, int n) {
        double[] e = SCRATCH.get().of(n);
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
    static void tanh(double[] x, int xi, double[] out, int oi, int n) {
        double[] e = SCRATCH.get().of(n);
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
     * {@code e[i] = CellMath.exp(scale * |x[xi + i]|)} for {@code i < n}, a whole number of vectors, lane by lane.
     *
     * <p>How this class keeps C2 from allocating its vectors: a vector that crosses a call C2 does not inline (as
     * argument or result) is allocated, and C2 stops inlining in a compilation that grows too large
     * ({@code NodeCountInliningCutoff}): an exp returning a vector was "too large" to inline (1.4 MB allocated per
     * 64x64 LSTM step, slower than the scalar cells); one loop holding the exp, the sigmoid and tanh, or an exp
     * inlined into the tanh loop, hit the cutoff, and so did broadcasting the constants in the loop. So no vector
     * passes through a method of this class, the constants are vectors broadcast once, and this loop, the bulk of
     * the nodes, is compiled on its own: at over 325 bytes of bytecode (HotSpot's {@code FreqInlineSize}) C2 does
     * not inline it into the sigmoid and tanh loops. {@code EveryLayerAllocationTest} catches a regression.
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

    private static DoubleVector constant(double value) {
        return DoubleVector.broadcast(SPECIES, value);
    }

    /**
     * {@link RecurrentKernels#lstmCell}, a row at a time in passes over its first whole vectors of columns that each
     * hold at most one sigmoid or tanh (the gates activated in place, c, {@code tanh(c)} into h, h times o); the
     * row's last columns by {@link RecurrentKernels#lstmCellColumns}.
     */
    static void lstmCell(double[] gates, double[] cPrev, double[] c, double[] h, int rows, int hidden) {
        int bound = SPECIES.loopBound(hidden);
        for (int r = 0; r < rows; r++) {
            int gi = r * 4 * hidden;
            int gf = gi + hidden;
            int gg = gf + hidden;
            int go = gg + hidden;
            int s0 = r * hidden;
            sigmoid(gates, gi, gates, gi, bound);
            sigmoid(gates, gf, gates, gf, bound);
            tanh(gates, gg, gates, gg, bound);
            sigmoid(gates, go, gates, go, bound);
            for (int j = 0; j < bound; j += LANES) {
                DoubleVector i = DoubleVector.fromArray(SPECIES, gates, gi + j);
                DoubleVector f = DoubleVector.fromArray(SPECIES, gates, gf + j);
                DoubleVector g = DoubleVector.fromArray(SPECIES, gates, gg + j);
                f.mul(DoubleVector.fromArray(SPECIES, cPrev, s0 + j)).add(i.mul(g)).intoArray(c, s0 + j);
            }
            tanh(c, s0, h, s0, bound);
            for (int j = 0; j < bound; j += LANES) {
                DoubleVector o = DoubleVector.fromArray(SPECIES, gates, go + j);
                o.mul(DoubleVector.fromArray(SPECIES, h, s0 + j)).intoArray(h, s0 + j);
            }
            RecurrentKernels.lstmCellColumns(gates, cPrev, c, h, r, hidden, bound);
        }
    }

    /**
     * {@link RecurrentKernels#lstmCellBackward}, a row at a time: {@code tanh(c)} first, into the row's output-gate
     * gradients, which the second pass reads and overwrites.
     */
    static void lstmCellBackward(double[] gates, double[] cPrev, double[] c, double[] dh, double[] dc,
            double[] dGates, int rows, int hidden) {
        int bound = SPECIES.loopBound(hidden);
        for (int r = 0; r < rows; r++) {
            int g0 = r * 4 * hidden;
            int s0 = r * hidden;
            tanh(c, s0, dGates, g0 + 3 * hidden, bound);
            for (int j = 0; j < bound; j += LANES) {
                int gi = g0 + j;
                int gf = gi + hidden;
                int gg = gf + hidden;
                int go = gg + hidden;
                DoubleVector i = DoubleVector.fromArray(SPECIES, gates, gi);
                DoubleVector f = DoubleVector.fromArray(SPECIES, gates, gf);
                DoubleVector g = DoubleVector.fromArray(SPECIES, gates, gg);
                DoubleVector o = DoubleVector.fromArray(SPECIES, gates, go);
                DoubleVector tc = DoubleVector.fromArray(SPECIES, dGates, go);
                DoubleVector dhj = DoubleVector.fromArray(SPECIES, dh, s0 + j);
                DoubleVector dcNext = DoubleVector.fromArray(SPECIES, dc, s0 + j);
                DoubleVector dcell = dcNext.add(dhj.mul(o).mul(ONE.sub(tc.mul(tc))));
                dcell.mul(g).mul(i).mul(ONE.sub(i)).intoArray(dGates, gi);
                dcell.mul(DoubleVector.fromArray(SPECIES, cPrev, s0 + j)).mul(f).mul(ONE.sub(f)).intoArray(dGates, gf);
                dcell.mul(i).mul(ONE.sub(g.mul(g))).intoArray(dGates, gg);
                dhj.mul(tc).mul(o).mul(ONE.sub(o)).intoArray(dGates, go);
                dcell.mul(f).intoArray(dc, s0 + j);
            }
            RecurrentKernels.lstmCellBackwardColumns(gates, cPrev, c, dh, dc, dGates, r, hidden, bound);
        }
    }

    /**
     * {@link RecurrentKernels#gruCell}, a row at a time in passes over its first whole vectors of columns: the reset
     * and update gates' arguments summed and activated, the new gate's argument and its tanh, then h; the row's last
     * columns by {@link RecurrentKernels#gruCellColumns}.
     */
    static void gruCell(double[] gates, double[] hiddenGates, double[] hPrev, double[] h, int rows, int hidden) {
        int bound = SPECIES.loopBound(hidden);
        for (int row = 0; row < rows; row++) {
            int gr = row * 3 * hidden;
            int gz = gr + hidden;
            int gn = gz + hidden;
            int s0 = row * hidden;
            for (int j = 0; j < bound; j += LANES) {
                DoubleVector ar = DoubleVector.fromArray(SPECIES, gates, gr + j);
                DoubleVector az = DoubleVector.fromArray(SPECIES, gates, gz + j);
                ar.add(DoubleVector.fromArray(SPECIES, hiddenGates, gr + j)).intoArray(gates, gr + j);
                az.add(DoubleVector.fromArray(SPECIES, hiddenGates, gz + j)).intoArray(gates, gz + j);
            }
            sigmoid(gates, gr, gates, gr, bound);
            sigmoid(gates, gz, gates, gz, bound);
            for (int j = 0; j < bound; j += LANES) {
                DoubleVector an = DoubleVector.fromArray(SPECIES, gates, gn + j);
                DoubleVector r = DoubleVector.fromArray(SPECIES, gates, gr + j);
                an.add(r.mul(DoubleVector.fromArray(SPECIES, hiddenGates, gn + j))).intoArray(gates, gn + j);
            }
            tanh(gates, gn, gates, gn, bound);
            for (int j = 0; j < bound; j += LANES) {
                DoubleVector z = DoubleVector.fromArray(SPECIES, gates, gz + j);
                DoubleVector n = DoubleVector.fromArray(SPECIES, gates, gn + j);
                n.add(z.mul(DoubleVector.fromArray(SPECIES, hPrev, s0 + j).sub(n))).intoArray(h, s0 + j);
            }
            RecurrentKernels.gruCellColumns(gates, hiddenGates, hPrev, h, row, hidden, bound);
        }
    }

    /** {@link RecurrentKernels#gruCellBackward}. */
    static void gruCellBackward(double[] gates, double[] hiddenGates, double[] hPrev, double[] dh, double[] dGates,
            double[] dHiddenGates, double[] dhPrev, int rows, int hidden) {
        int bound = SPECIES.loopBound(hidden);
        for (int row = 0; row < rows; row++) {
            int g0 = row * 3 * hidden;
            int s0 = row * hidden;
            for (int j = 0; j < bound; j += LANES) {
                int gr = g0 + j;
                int gz = gr + hidden;
                int gn = gz + hidden;
                DoubleVector r = DoubleVector.fromArray(SPECIES, gates, gr);
                DoubleVector z = DoubleVector.fromArray(SPECIES, gates, gz);
                DoubleVector n = DoubleVector.fromArray(SPECIES, gates, gn);
                DoubleVector dhj = DoubleVector.fromArray(SPECIES, dh, s0 + j);
                DoubleVector dn = dhj.mul(ONE.sub(z)).mul(ONE.sub(n.mul(n)));
                DoubleVector dz = dhj.mul(DoubleVector.fromArray(SPECIES, hPrev, s0 + j).sub(n)).mul(z).mul(ONE.sub(z));
                DoubleVector dr = dn.mul(DoubleVector.fromArray(SPECIES, hiddenGates, gn)).mul(r).mul(ONE.sub(r));
                dr.intoArray(dGates, gr);
                dz.intoArray(dGates, gz);
                dn.intoArray(dGates, gn);
                dr.intoArray(dHiddenGates, gr);
                dz.intoArray(dHiddenGates, gz);
                dn.mul(r).intoArray(dHiddenGates, gn);
                dhj.mul(z).intoArray(dhPrev, s0 + j);
            }
            RecurrentKernels.gruCellBackwardColumns(gates, hiddenGates, hPrev, dh, dGates, dHiddenGates, dhPrev, row,
                    hidden, bound);
        }
    }
}
