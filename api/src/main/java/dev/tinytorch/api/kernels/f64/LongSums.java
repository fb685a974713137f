package dev.tinytorch.api.kernels.f64;

import dev.tinytorch.api.kernels.AlwaysDouble;

/**
 * The sums the contract holds to float64 accumulation whatever the element type ({@code sum}, the SUM and MEAN
 * reductions, {@code axpy}), for backends whose library kernels compute them in the element type (EJML's and
 * libnd4j's float kernels): each total is added in float64, in row order, and rounded once. In float64 these are
 * the plain loops EJML's own kernels are, same order, same bits.
 */
@SuppressWarnings("cast")  // (double) (...): redundant in the float64 source, rounds to float32 in its copy
public final class LongSums {

    private LongSums() {
    }

    /** {@code y[i] += alpha * x[i]} for {@code i < n}, each computed in float64 and rounded once; modifies {@code y}. */
    public static void axpy(@AlwaysDouble double alpha, double[] x, double[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = (double) (y[i] + alpha * x[i]);
        }
    }

    /**
     * The sum of each column ({@code overRows}) or each row of the row-major {@code rows x cols} matrix {@code x},
     * accumulated in float64 in order and divided by {@code divisor} (1 for a sum, the count for a mean) before its
     * one rounding, into {@code out} (one element per column or row); modifies {@code out}.
     */
    public static void sums(boolean overRows, double[] x, int rows, int cols, @AlwaysDouble double divisor,
            double[] out) {
        int lines = overRows ? cols : rows;
        int length = overRows ? rows : cols;
        int step = overRows ? cols : 1;
        for (int line = 0; line < lines; line++) {
            @AlwaysDouble double total = 0;
            for (int i = 0, at = overRows ? line : line * cols; i < length; i++, at += step) {
                total += x[at];
            }
            out[line] = (double) (total / divisor);
        }
    }

    /** The sum of {@code x[0 .. n)}, accumulated in float64 in order. */
    public static @AlwaysDouble double sum(double[] x, int n) {
        @AlwaysDouble double total = 0;
        for (int i = 0; i < n; i++) {
            total += x[i];
        }
        return total;
    }
}
