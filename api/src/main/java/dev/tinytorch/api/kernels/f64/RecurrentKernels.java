package dev.tinytorch.api.kernels.f64;

import dev.tinytorch.api.kernels.CellMath;

/**
 * The recurrent-cell operations of {@link dev.tinytorch.api.MatrixOps} as loops over row-major {@code double[]},
 * written once for every backend that holds (or can copy) its matrices as such arrays: not an API for users.
 *
 * <p>Arrays hold whole matrices from index 0 ({@code rows x 4H} or {@code rows x 3H} gates, {@code rows x H}
 * states) and are assumed well-formed ({@link dev.tinytorch.api.CheckedMatrixOps} checks shapes first). Each
 * element is computed by the same expression in the same order on every backend, sigmoid and tanh those of
 * {@link CellMath} (its float overloads in the float32 copy, computed in float), so results are the same bits. The
 * {@code ...Columns} forms compute a row's last columns only: a backend that computes the others with vectors
 * finishes a row with them.
 *
 * <p>Every loop has one shape: for each row, {@code s} runs over the row's units in the state arrays and {@code g}
 * alongside over the row's first gate in the gate arrays (from {@code 4 * s} for the LSTM, {@code 3 * s} for the
 * GRU, at the row's start), so that unit {@code s}'s gate {@code k} is at {@code g + k * hidden}.
 */
public final class RecurrentKernels {

    private RecurrentKernels() {
    }

    /**
     * {@link dev.tinytorch.api.MatrixOps#lstmCell}: gates {@code [i f g o]} (rows {@code gateRow ..} of
     * {@code gates}) activated in place, then c and h.
     */
    public static void lstmCell(double[] gates, int gateRow, double[] cPrev, double[] c, double[] h, int rows,
            int hidden) {
        for (int r = 0; r < rows; r++) {
            lstmCellColumns(gates, gateRow, cPrev, c, h, r, hidden, 0);
        }
    }

    /**
     * {@link #lstmCell} for columns {@code from .. hidden - 1} of row {@code r} only; its gates are row
     * {@code gateRow + r} of {@code gates}.
     */
    public static void lstmCellColumns(double[] gates, int gateRow, double[] cPrev, double[] c, double[] h, int r,
            int hidden, int from) {
        for (int s = r * hidden + from, g = 4 * (gateRow + r) * hidden + from, end = (r + 1) * hidden; s < end;
                s++, g++) {
            double i = CellMath.sigmoid(gates[g]);
            double f = CellMath.sigmoid(gates[g + hidden]);
            double cand = CellMath.tanh(gates[g + 2 * hidden]);
            double o = CellMath.sigmoid(gates[g + 3 * hidden]);
            gates[g] = i;
            gates[g + hidden] = f;
            gates[g + 2 * hidden] = cand;
            gates[g + 3 * hidden] = o;
            double cell = f * cPrev[s] + i * cand;
            c[s] = cell;
            h[s] = o * CellMath.tanh(cell);
        }
    }

    /**
     * {@link dev.tinytorch.api.MatrixOps#lstmCellBackward}: {@code dc} becomes the gradient of {@code cPrev}; the
     * gates and their gradient at rows {@code gateRow ..} of {@code gates} and {@code dGates}.
     */
    public static void lstmCellBackward(double[] gates, int gateRow, double[] cPrev, double[] c, double[] dh,
            double[] dc, double[] dGates, int rows, int hidden) {
        for (int r = 0; r < rows; r++) {
            lstmCellBackwardColumns(gates, gateRow, cPrev, c, dh, dc, dGates, r, hidden, 0);
        }
    }

    /**
     * {@link #lstmCellBackward} for columns {@code from .. hidden - 1} of row {@code r} only; its gates and their
     * gradient are row {@code gateRow + r} of {@code gates} and {@code dGates}.
     */
    public static void lstmCellBackwardColumns(double[] gates, int gateRow, double[] cPrev, double[] c, double[] dh,
            double[] dc, double[] dGates, int r, int hidden, int from) {
        for (int s = r * hidden + from, g = 4 * (gateRow + r) * hidden + from, end = (r + 1) * hidden; s < end;
                s++, g++) {
            double i = gates[g];
            double f = gates[g + hidden];
            double cand = gates[g + 2 * hidden];
            double o = gates[g + 3 * hidden];
            double tc = CellMath.tanh(c[s]);
            double dhs = dh[s];
            double dcell = dc[s] + dhs * o * (1 - tc * tc);   // through h = o tanh(c), plus later steps
            dGates[g] = dcell * cand * i * (1 - i);
            dGates[g + hidden] = dcell * cPrev[s] * f * (1 - f);
            dGates[g + 2 * hidden] = dcell * i * (1 - cand * cand);
            dGates[g + 3 * hidden] = dhs * tc * o * (1 - o);
            dc[s] = dcell * f;
        }
    }

    /**
     * {@link dev.tinytorch.api.MatrixOps#gruCell}: gates (rows {@code gateRow ..} of {@code gates}) become
     * {@code [r z n]}, then h.
     */
    public static void gruCell(double[] gates, int gateRow, double[] hiddenGates, double[] hPrev, double[] h,
            int rows, int hidden) {
        for (int row = 0; row < rows; row++) {
            gruCellColumns(gates, gateRow, hiddenGates, hPrev, h, row, hidden, 0);
        }
    }

    /**
     * {@link #gruCell} for columns {@code from .. hidden - 1} of row {@code row} only; its gates are row
     * {@code gateRow + row} of {@code gates}.
     */
    public static void gruCellColumns(double[] gates, int gateRow, double[] hiddenGates, double[] hPrev, double[] h,
            int row, int hidden, int from) {
        int shift = 3 * gateRow * hidden;
        for (int s = row * hidden + from, g = 3 * row * hidden + from, end = (row + 1) * hidden; s < end;
                s++, g++) {
            int a = g + shift;
            double r = CellMath.sigmoid(gates[a] + hiddenGates[g]);
            double z = CellMath.sigmoid(gates[a + hidden] + hiddenGates[g + hidden]);
            double n = CellMath.tanh(gates[a + 2 * hidden] + r * hiddenGates[g + 2 * hidden]);
            gates[a] = r;
            gates[a + hidden] = z;
            gates[a + 2 * hidden] = n;
            h[s] = n + z * (hPrev[s] - n);
        }
    }

    /**
     * {@link dev.tinytorch.api.MatrixOps#gruCellBackward}: the gates' gradients and {@code dh * z}, the gates and
     * both parts' gradients at rows {@code gateRow ..} of {@code gates}, {@code dGates} and {@code dHiddenGates}.
     */
    public static void gruCellBackward(double[] gates, int gateRow, double[] hiddenGates, double[] hPrev,
            double[] dh, double[] dGates, double[] dHiddenGates, double[] dhPrev, int rows, int hidden) {
        for (int row = 0; row < rows; row++) {
            gruCellBackwardColumns(gates, gateRow, hiddenGates, hPrev, dh, dGates, dHiddenGates, dhPrev, row, hidden,
                    0);
        }
    }

    /**
     * {@link #gruCellBackward} for columns {@code from .. hidden - 1} of row {@code row} only; its gates and their
     * gradients are row {@code gateRow + row} of {@code gates}, {@code dGates} and {@code dHiddenGates}.
     */
    public static void gruCellBackwardColumns(double[] gates, int gateRow, double[] hiddenGates, double[] hPrev,
            double[] dh, double[] dGates, double[] dHiddenGates, double[] dhPrev, int row, int hidden, int from) {
        int shift = 3 * gateRow * hidden;
        for (int s = row * hidden + from, g = 3 * row * hidden + from, end = (row + 1) * hidden; s < end;
                s++, g++) {
            int a = g + shift;
            double r = gates[a];
            double z = gates[a + hidden];
            double n = gates[a + 2 * hidden];
            double dhs = dh[s];
            double dn = dhs * (1 - z) * (1 - n * n);                 // h = (1 - z) n + z hPrev, n = tanh(.)
            double dz = dhs * (hPrev[s] - n) * z * (1 - z);
            double dr = dn * hiddenGates[g + 2 * hidden] * r * (1 - r);  // n's argument holds r * hiddenGates_n
            dGates[a] = dr;
            dGates[a + hidden] = dz;
            dGates[a + 2 * hidden] = dn;
            dHiddenGates[a] = dr;
            dHiddenGates[a + hidden] = dz;
            dHiddenGates[a + 2 * hidden] = dn * r;
            dhPrev[s] = dhs * z;
        }
    }
}
