package dev.tinytorch.api.kernels;

/**
 * The recurrent-cell operations of {@link dev.tinytorch.api.MatrixOps} as loops over row-major {@code double[]},
 * written once for every backend that holds (or can copy) its matrices as such arrays: not an API for users.
 *
 * <p>Arrays hold whole matrices from index 0 ({@code rows x 4H} or {@code rows x 3H} gates, {@code rows x H}
 * states) and are assumed well-formed ({@link dev.tinytorch.api.CheckedMatrixOps} checks shapes first). Each
 * element is computed by the same expression in the same order on every backend, sigmoid and tanh those of
 * {@link CellMath}, so results are the same bits. The {@code ...Columns} forms compute a row's last columns only:
 * a backend that computes the others with vectors finishes a row with them.
 */
public final class RecurrentKernels {

    private RecurrentKernels() {
    }

    private static double sigmoid(double x) {
        return CellMath.sigmoid(x);
    }

    /** {@link dev.tinytorch.api.MatrixOps#lstmCell}: gates {@code [i f g o]} activated in place, then c and h. */
    public static void lstmCell(double[] gates, double[] cPrev, double[] c, double[] h, int rows, int hidden) {
        for (int r = 0; r < rows; r++) {
            lstmCellColumns(gates, cPrev, c, h, r, hidden, 0);
        }
    }

    /** {@link #lstmCell} for columns {@code from .. hidden - 1} of row {@code r} only. */
    public static void lstmCellColumns(double[] gates, double[] cPrev, double[] c, double[] h, int r, int hidden,
            int from) {
        int g0 = r * 4 * hidden;
        int s0 = r * hidden;
        for (int j = from; j < hidden; j++) {
            int gi = g0 + j;
            int gf = gi + hidden;
            int gg = gf + hidden;
            int go = gg + hidden;
            double i = sigmoid(gates[gi]);
            double f = sigmoid(gates[gf]);
            double g = CellMath.tanh(gates[gg]);
            double o = sigmoid(gates[go]);
            gates[gi] = i;
            gates[gf] = f;
            gates[gg] = g;
            gates[go] = o;
            double cell = f * cPrev[s0 + j] + i * g;
            c[s0 + j] = cell;
            h[s0 + j] = o * CellMath.tanh(cell);
        }
    }

    /** {@link dev.tinytorch.api.MatrixOps#lstmCellBackward}: {@code dc} becomes the gradient of {@code cPrev}. */
    public static void lstmCellBackward(double[] gates, double[] cPrev, double[] c, double[] dh, double[] dc,
            double[] dGates, int rows, int hidden) {
        for (int r = 0; r < rows; r++) {
            lstmCellBackwardColumns(gates, cPrev, c, dh, dc, dGates, r, hidden, 0);
        }
    }

    /** {@link #lstmCellBackward} for columns {@code from .. hidden - 1} of row {@code r} only. */
    public static void lstmCellBackwardColumns(double[] gates, double[] cPrev, double[] c, double[] dh, double[] dc,
            double[] dGates, int r, int hidden, int from) {
        int g0 = r * 4 * hidden;
        int s0 = r * hidden;
        for (int j = from; j < hidden; j++) {
            int gi = g0 + j;
            int gf = gi + hidden;
            int gg = gf + hidden;
            int go = gg + hidden;
            double i = gates[gi];
            double f = gates[gf];
            double g = gates[gg];
            double o = gates[go];
            double tc = CellMath.tanh(c[s0 + j]);
            double dhj = dh[s0 + j];
            double dcell = dc[s0 + j] + dhj * o * (1 - tc * tc);   // through h = o tanh(c), plus later steps
            dGates[gi] = dcell * g * i * (1 - i);
            dGates[gf] = dcell * cPrev[s0 + j] * f * (1 - f);
            dGates[gg] = dcell * i * (1 - g * g);
            dGates[go] = dhj * tc * o * (1 - o);
            dc[s0 + j] = dcell * f;
        }
    }

    /** {@link dev.tinytorch.api.MatrixOps#gruCell}: gates become {@code [r z n]}, then h. */
    public static void gruCell(double[] gates, double[] hiddenGates, double[] hPrev, double[] h, int rows,
            int hidden) {
        for (int row = 0; row < rows; row++) {
            gruCellColumns(gates, hiddenGates, hPrev, h, row, hidden, 0);
        }
    }

    /** {@link #gruCell} for columns {@code from .. hidden - 1} of row {@code row} only. */
    public static void gruCellColumns(double[] gates, double[] hiddenGates, double[] hPrev, double[] h, int row,
            int hidden, int from) {
        int g0 = row * 3 * hidden;
        int s0 = row * hidden;
        for (int j = from; j < hidden; j++) {
            int gr = g0 + j;
            int gz = gr + hidden;
            int gn = gz + hidden;
            double r = sigmoid(gates[gr] + hiddenGates[gr]);
            double z = sigmoid(gates[gz] + hiddenGates[gz]);
            double n = CellMath.tanh(gates[gn] + r * hiddenGates[gn]);
            gates[gr] = r;
            gates[gz] = z;
            gates[gn] = n;
            h[s0 + j] = n + z * (hPrev[s0 + j] - n);
        }
    }

    /** {@link dev.tinytorch.api.MatrixOps#gruCellBackward}: the gates' gradients and {@code dh * z}. */
    public static void gruCellBackward(double[] gates, double[] hiddenGates, double[] hPrev, double[] dh,
            double[] dGates, double[] dHiddenGates, double[] dhPrev, int rows, int hidden) {
        for (int row = 0; row < rows; row++) {
            gruCellBackwardColumns(gates, hiddenGates, hPrev, dh, dGates, dHiddenGates, dhPrev, row, hidden, 0);
        }
    }

    /** {@link #gruCellBackward} for columns {@code from .. hidden - 1} of row {@code row} only. */
    public static void gruCellBackwardColumns(double[] gates, double[] hiddenGates, double[] hPrev, double[] dh,
            double[] dGates, double[] dHiddenGates, double[] dhPrev, int row, int hidden, int from) {
        int g0 = row * 3 * hidden;
        int s0 = row * hidden;
        for (int j = from; j < hidden; j++) {
            int gr = g0 + j;
            int gz = gr + hidden;
            int gn = gz + hidden;
            double r = gates[gr];
            double z = gates[gz];
            double n = gates[gn];
            double dhj = dh[s0 + j];
            double dn = dhj * (1 - z) * (1 - n * n);                 // h = (1 - z) n + z hPrev, n = tanh(.)
            double dz = dhj * (hPrev[s0 + j] - n) * z * (1 - z);
            double dr = dn * hiddenGates[gn] * r * (1 - r);          // n's argument holds r * hiddenGates_n
            dGates[gr] = dr;
            dGates[gz] = dz;
            dGates[gn] = dn;
            dHiddenGates[gr] = dr;
            dHiddenGates[gz] = dz;
            dHiddenGates[gn] = dn * r;
            dhPrev[s0 + j] = dhj * z;
        }
    }
}
