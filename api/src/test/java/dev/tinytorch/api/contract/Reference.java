package dev.tinytorch.api.contract;

import dev.tinytorch.api.Axis;
import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.Reduction;
import dev.tinytorch.api.UnaryOp;
import java.util.SplittableRandom;

/**
 * The obvious computation of every operation on {@code double[][]}, written for clarity and nothing else: the
 * answer each backend is held to. Public so that a backend's own tests can use it for its internals.
 */
public final class Reference {

    private Reference() {
    }

    /** A {@code rows x cols} array of uniform draws from [-1, 1), the same for the same seed. */
    public static double[][] random(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] out = new double[rows][cols];
        for (double[] row : out) {
            for (int c = 0; c < cols; c++) {
                row[c] = 2.0 * rng.nextDouble() - 1.0;
            }
        }
        return out;
    }

    /** A {@code rows x cols} array with every element equal to {@code value}. */
    public static double[][] constant(int rows, int cols, double value) {
        double[][] out = new double[rows][cols];
        for (double[] row : out) {
            java.util.Arrays.fill(row, value);
        }
        return out;
    }

    public static double[][] transpose(double[][] x, int rows, int cols) {
        double[][] out = new double[cols][rows];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c][r] = x[r][c];
            }
        }
        return out;
    }

    /**
     * {@code alpha * op(a) * op(b) + beta * c}; with {@code beta == 0} the old {@code c} is not read.
     * {@code m, k, n} are the dimensions of the product, so that empty shapes need no special case.
     */
    public static double[][] gemm(boolean transA, boolean transB, double alpha, double[][] a, double[][] b,
                           double beta, double[][] c, int m, int k, int n) {
        double[][] opA = transA ? transpose(a, k, m) : a;
        double[][] opB = transB ? transpose(b, n, k) : b;
        double[][] out = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0.0;
                for (int p = 0; p < k; p++) {
                    s += opA[i][p] * opB[p][j];
                }
                out[i][j] = beta == 0.0 ? alpha * s : alpha * s + beta * c[i][j];
            }
        }
        return out;
    }

    public static double[][] map(UnaryOp op, double[][] x) {
        double[][] out = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            out[r] = new double[x[r].length];
            for (int c = 0; c < x[r].length; c++) {
                out[r][c] = op.apply(x[r][c]);
            }
        }
        return out;
    }

    public static double[][] zip(BinaryOp op, double[][] a, double[][] b) {
        double[][] out = new double[a.length][];
        for (int r = 0; r < a.length; r++) {
            out[r] = new double[a[r].length];
            for (int c = 0; c < a[r].length; c++) {
                out[r][c] = op.apply(a[r][c], b[r][c]);
            }
        }
        return out;
    }

    /** {@code out[r][c] = op(x[r][c], row[c])}. */
    public static double[][] broadcastRow(BinaryOp op, double[][] x, double[] row) {
        double[][] out = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            out[r] = new double[x[r].length];
            for (int c = 0; c < x[r].length; c++) {
                out[r][c] = op.apply(x[r][c], row[c]);
            }
        }
        return out;
    }

    /** {@code out[r][c] = op(x[r][c], column[r])}. */
    public static double[][] broadcastColumn(BinaryOp op, double[][] x, double[] column) {
        double[][] out = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            out[r] = new double[x[r].length];
            for (int c = 0; c < x[r].length; c++) {
                out[r][c] = op.apply(x[r][c], column[r]);
            }
        }
        return out;
    }

    /**
     * For each row, the index of its first NaN if it has one, otherwise of the first of its largest elements
     * ({@code -0.0} and {@code +0.0} tie), as {@link dev.tinytorch.api.MatrixOps#argmaxRows} defines it.
     */
    public static int[] argmaxRows(double[][] x) {
        int[] out = new int[x.length];
        for (int r = 0; r < x.length; r++) {
            int best = 0;
            for (int c = 0; c < x[r].length && !Double.isNaN(x[r][best]); c++) {
                if (Double.isNaN(x[r][c]) || x[r][c] > x[r][best]) {
                    best = c;
                }
            }
            out[r] = best;
        }
        return out;
    }

    public static double[][] reduce(Reduction op, Axis axis, double[][] x, int rows, int cols) {
        double[][] out = new double[axis.resultRows(rows)][axis.resultCols(cols)];
        int outer = axis == Axis.OVER_ROWS ? cols : rows;
        int inner = axis == Axis.OVER_ROWS ? rows : cols;
        for (int o = 0; o < outer; o++) {
            double acc = op == Reduction.MAX ? Double.NEGATIVE_INFINITY : 0.0;
            for (int i = 0; i < inner; i++) {
                double v = axis == Axis.OVER_ROWS ? x[i][o] : x[o][i];
                acc = op == Reduction.MAX ? Math.max(acc, v) : acc + v;
            }
            if (op == Reduction.MEAN) {
                acc /= inner;
            }
            if (axis == Axis.OVER_ROWS) {
                out[0][o] = acc;
            } else {
                out[o][0] = acc;
            }
        }
        return out;
    }
}
