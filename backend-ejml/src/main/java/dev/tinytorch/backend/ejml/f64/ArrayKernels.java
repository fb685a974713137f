package dev.tinytorch.backend.ejml.f64;

import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.UnaryOp;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * The operations EJML has no kernel for, written as loops over {@link DMatrixRMaj}'s row-major backing array (those
 * whose EJML kernel computes in the element type where the contract asks for float64, the long sums and
 * {@code axpy}, are the shared {@link dev.tinytorch.api.kernels.f64.LongSums}).
 * Each loop reads an element before it writes the same position, so an output may be one of the inputs.
 */
@SuppressWarnings("cast")  // (double) op.apply(x): redundant in the float64 source, rounds to float32 in its copy
final class ArrayKernels {

    private ArrayKernels() {
    }

    /** {@code out = op(x)} through the operation's scalar definition. */
    static void map(UnaryOp op, DMatrixRMaj x, DMatrixRMaj out) {
        double[] xd = x.data;
        double[] od = out.data;
        int size = x.getNumElements();
        for (int i = 0; i < size; i++) {
            od[i] = (double) op.apply(xd[i]);
        }
    }

    /** {@code out = op(a, b)} through the operation's scalar definition. */
    static void zip(BinaryOp op, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj out) {
        double[] ad = a.data;
        double[] bd = b.data;
        double[] od = out.data;
        int size = a.getNumElements();
        for (int i = 0; i < size; i++) {
            od[i] = (double) op.apply(ad[i], bd[i]);
        }
    }

    /** {@code out = min(max(x, lo), hi)}. */
    static void clip(DMatrixRMaj x, double lo, double hi, DMatrixRMaj out) {
        double[] xd = x.data;
        double[] od = out.data;
        int size = x.getNumElements();
        for (int i = 0; i < size; i++) {
            od[i] = Math.min(Math.max(xd[i], lo), hi);
        }
    }

    /** {@code out[i][j] = op(x[i][j], row[j])}. */
    static void broadcastRow(BinaryOp op, DMatrixRMaj x, DMatrixRMaj row, DMatrixRMaj out) {
        double[] xd = x.data;
        double[] rd = row.data;
        double[] od = out.data;
        int cols = x.numCols;
        for (int r = 0; r < x.numRows; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                od[base + c] = (double) op.apply(xd[base + c], rd[c]);
            }
        }
    }

    /** {@code out[i][j] = op(x[i][j], column[i])}. */
    static void broadcastColumn(BinaryOp op, DMatrixRMaj x, DMatrixRMaj column, DMatrixRMaj out) {
        double[] xd = x.data;
        double[] cd = column.data;
        double[] od = out.data;
        int cols = x.numCols;
        for (int r = 0; r < x.numRows; r++) {
            int base = r * cols;
            double v = cd[r];
            for (int c = 0; c < cols; c++) {
                od[base + c] = (double) op.apply(xd[base + c], v);
            }
        }
    }

    /**
     * The largest element of each column ({@code overRows}) or each row, folded with {@link Math#max} from
     * {@code -Infinity}: NaN propagates and an all {@code -Infinity} line gives {@code -Infinity}.
     */
    static void max(boolean overRows, DMatrixRMaj x, DMatrixRMaj out) {
        double[] xd = x.data;
        double[] od = out.data;
        int cols = x.numCols;
        Arrays.fill(od, 0, out.getNumElements(), Double.NEGATIVE_INFINITY);
        for (int r = 0; r < x.numRows; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                int o = overRows ? c : r;
                od[o] = Math.max(od[o], xd[base + c]);
            }
        }
    }

    /**
     * For each row, the column of its first NaN, or else of its largest element, the first one on ties, as
     * {@link dev.tinytorch.api.MatrixOps#argmaxRows} defines.
     */
    static void argmaxRows(DMatrixRMaj x, int[] out) {
        double[] xd = x.data;
        int cols = x.numCols;
        for (int r = 0; r < x.numRows; r++) {
            int base = r * cols;
            int best = 0;
            double max = xd[base];
            for (int c = 1; c < cols && max == max; c++) {
                double v = xd[base + c];
                if (!(v <= max)) { // larger, or NaN, which ends the search
                    best = c;
                    max = v;
                }
            }
            out[r] = best;
        }
    }

    /** Copies rows {@code rows[offset .. offset + count)} of {@code src}, in that order, into {@code out}. */
    static void gatherRows(DMatrixRMaj src, int[] rows, int offset, int count, DMatrixRMaj out) {
        int cols = src.numCols;
        for (int i = 0; i < count; i++) {
            System.arraycopy(src.data, rows[offset + i] * cols, out.data, i * cols, cols);
        }
    }
}
