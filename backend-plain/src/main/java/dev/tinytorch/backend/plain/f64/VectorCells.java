package dev.tinytorch.backend.plain.f64;

import dev.tinytorch.api.kernels.f64.RecurrentKernels;
import dev.tinytorch.backend.plain.cells.VectorActivations;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The recurrent cells of {@link RecurrentKernels} with the Vector API: the cells' formulas repeated lane by lane,
 * operation for operation, and their sigmoid and tanh those of {@link VectorActivations} (CellMath's, bit for bit),
 * so that every element gets the bits {@link RecurrentKernels} gives it (the contract suite compares them, in both
 * precisions: the build generates the float32 copy of this class, whose activations are computed in float, as the
 * float32 {@code RecurrentKernels} compute them). Each row's last columns, fewer than a vector, are finished by
 * {@link RecurrentKernels}' {@code ...Columns} forms. Each method computes the rows {@code from} to {@code to - 1}
 * of its states, so that {@link SplitCells} can share a cell's rows between threads.
 */
final class VectorCells {

    private static final VectorSpecies<Double> SPECIES = VectorLoops.SPECIES;
    private static final int LANES = VectorLoops.LANES;
    private static final DoubleVector ONE = DoubleVector.broadcast(SPECIES, 1.0);

    private VectorCells() {
    }

    /**
     * {@link RecurrentKernels#lstmCell}, a row at a time in passes over its first whole vectors of columns that each
     * hold at most one sigmoid or tanh (the gates activated in place, c, {@code tanh(c)} into h, h times o); the
     * row's last columns by {@link RecurrentKernels#lstmCellColumns}.
     */
    static void lstmCell(double[] gates, int gateRow, double[] cPrev, double[] c, double[] h, int from,
            int to, int hidden) {
        int bound = SPECIES.loopBound(hidden);
        for (int r = from; r < to; r++) {
            int gi = (gateRow + r) * 4 * hidden;
            int gf = gi + hidden;
            int gg = gf + hidden;
            int go = gg + hidden;
            int s0 = r * hidden;
            VectorActivations.sigmoid(gates, gi, gates, gi, bound);
            VectorActivations.sigmoid(gates, gf, gates, gf, bound);
            VectorActivations.tanh(gates, gg, gates, gg, bound);
            VectorActivations.sigmoid(gates, go, gates, go, bound);
            for (int j = 0; j < bound; j += LANES) {
                DoubleVector i = DoubleVector.fromArray(SPECIES, gates, gi + j);
                DoubleVector f = DoubleVector.fromArray(SPECIES, gates, gf + j);
                DoubleVector g = DoubleVector.fromArray(SPECIES, gates, gg + j);
                f.mul(DoubleVector.fromArray(SPECIES, cPrev, s0 + j)).add(i.mul(g)).intoArray(c, s0 + j);
            }
            VectorActivations.tanh(c, s0, h, s0, bound);
            for (int j = 0; j < bound; j += LANES) {
                DoubleVector o = DoubleVector.fromArray(SPECIES, gates, go + j);
                o.mul(DoubleVector.fromArray(SPECIES, h, s0 + j)).intoArray(h, s0 + j);
            }
            RecurrentKernels.lstmCellColumns(gates, gateRow, cPrev, c, h, r, hidden, bound);
        }
    }

    /**
     * {@link RecurrentKernels#lstmCellBackward}, a row at a time: {@code tanh(c)} first, into the row's output-gate
     * gradients, which the second pass reads and overwrites.
     */
    static void lstmCellBackward(double[] gates, int gateRow, double[] cPrev, double[] c, double[] dh, double[] dc,
            double[] dGates, int from, int to, int hidden) {
        int bound = SPECIES.loopBound(hidden);
        for (int r = from; r < to; r++) {
            int g0 = (gateRow + r) * 4 * hidden;
            int s0 = r * hidden;
            VectorActivations.tanh(c, s0, dGates, g0 + 3 * hidden, bound);
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
            RecurrentKernels.lstmCellBackwardColumns(gates, gateRow, cPrev, c, dh, dc, dGates, r, hidden, bound);
        }
    }

    /**
     * {@link RecurrentKernels#gruCell}, a row at a time in passes over its first whole vectors of columns: the reset
     * and update gates' arguments summed and activated, the new gate's argument and its tanh, then h; the row's last
     * columns by {@link RecurrentKernels#gruCellColumns}.
     */
    static void gruCell(double[] gates, int gateRow, double[] hiddenGates, double[] hPrev, double[] h, int from,
            int to, int hidden) {
        int bound = SPECIES.loopBound(hidden);
        for (int row = from; row < to; row++) {
            int hr = row * 3 * hidden;
            int hz = hr + hidden;
            int hn = hz + hidden;
            int gr = hr + 3 * gateRow * hidden;
            int gz = gr + hidden;
            int gn = gz + hidden;
            int s0 = row * hidden;
            for (int j = 0; j < bound; j += LANES) {
                DoubleVector ar = DoubleVector.fromArray(SPECIES, gates, gr + j);
                DoubleVector az = DoubleVector.fromArray(SPECIES, gates, gz + j);
                ar.add(DoubleVector.fromArray(SPECIES, hiddenGates, hr + j)).intoArray(gates, gr + j);
                az.add(DoubleVector.fromArray(SPECIES, hiddenGates, hz + j)).intoArray(gates, gz + j);
            }
            VectorActivations.sigmoid(gates, gr, gates, gr, bound);
            VectorActivations.sigmoid(gates, gz, gates, gz, bound);
            for (int j = 0; j < bound; j += LANES) {
                DoubleVector an = DoubleVector.fromArray(SPECIES, gates, gn + j);
                DoubleVector r = DoubleVector.fromArray(SPECIES, gates, gr + j);
                an.add(r.mul(DoubleVector.fromArray(SPECIES, hiddenGates, hn + j))).intoArray(gates, gn + j);
            }
            VectorActivations.tanh(gates, gn, gates, gn, bound);
            for (int j = 0; j < bound; j += LANES) {
                DoubleVector z = DoubleVector.fromArray(SPECIES, gates, gz + j);
                DoubleVector n = DoubleVector.fromArray(SPECIES, gates, gn + j);
                n.add(z.mul(DoubleVector.fromArray(SPECIES, hPrev, s0 + j).sub(n))).intoArray(h, s0 + j);
            }
            RecurrentKernels.gruCellColumns(gates, gateRow, hiddenGates, hPrev, h, row, hidden, bound);
        }
    }

    /** {@link RecurrentKernels#gruCellBackward}. */
    static void gruCellBackward(double[] gates, int gateRow, double[] hiddenGates, double[] hPrev, double[] dh,
            double[] dGates, double[] dHiddenGates, double[] dhPrev, int from, int to, int hidden) {
        int bound = SPECIES.loopBound(hidden);
        for (int row = from; row < to; row++) {
            int h0 = row * 3 * hidden;
            int g0 = h0 + 3 * gateRow * hidden;
            int s0 = row * hidden;
            for (int j = 0; j < bound; j += LANES) {
                int hn = h0 + j + 2 * hidden;
                int gr = g0 + j;
                int gz = gr + hidden;
                int gn = gz + hidden;
                DoubleVector r = DoubleVector.fromArray(SPECIES, gates, gr);
                DoubleVector z = DoubleVector.fromArray(SPECIES, gates, gz);
                DoubleVector n = DoubleVector.fromArray(SPECIES, gates, gn);
                DoubleVector dhj = DoubleVector.fromArray(SPECIES, dh, s0 + j);
                DoubleVector dn = dhj.mul(ONE.sub(z)).mul(ONE.sub(n.mul(n)));
                DoubleVector dz = dhj.mul(DoubleVector.fromArray(SPECIES, hPrev, s0 + j).sub(n)).mul(z).mul(ONE.sub(z));
                DoubleVector dr = dn.mul(DoubleVector.fromArray(SPECIES, hiddenGates, hn)).mul(r).mul(ONE.sub(r));
                dr.intoArray(dGates, gr);
                dz.intoArray(dGates, gz);
                dn.intoArray(dGates, gn);
                dr.intoArray(dHiddenGates, gr);
                dz.intoArray(dHiddenGates, gz);
                dn.mul(r).intoArray(dHiddenGates, gn);
                dhj.mul(z).intoArray(dhPrev, s0 + j);
            }
            RecurrentKernels.gruCellBackwardColumns(gates, gateRow, hiddenGates, hPrev, dh, dGates, dHiddenGates, dhPrev,
                    row, hidden, bound);
        }
    }
}
