package dev.tinytorch.backend.plain.f64;

import dev.tinytorch.api.kernels.AlwaysDouble;
import java.util.Arrays;

/**
 * Column sums accumulated in float64 whatever the element type: the SUM and MEAN reductions over the rows of a
 * matrix (a bias gradient) in the float32 copy of this package, which rounds each sum or mean once, at the end, as
 * {@code sum} does; the float64 backend keeps its pairwise sums of {@code NarrowRows}. A scratch row per thread grows
 * to the widest matrix seen and is then reused.
 */
@SuppressWarnings("cast")  // (double) sum: redundant in the float64 source, rounds to float32 in its generated copy
final class WideSums {

    private final ThreadScratch<@AlwaysDouble double[]> scratch =
            new ThreadScratch<>(size -> new @AlwaysDouble double[size]);

    /**
     * {@code out[c] = (x[0][c] + x[1][c] + ...) / divisor}, added in row order and divided in float64, then rounded
     * to the element type.
     */
    void sumColumns(double[] x, double[] out, int rows, int cols, @AlwaysDouble double divisor) {
        @AlwaysDouble double[] sums = scratch.get(cols);
        Arrays.fill(sums, 0, cols, 0.0);
        for (int r = 0, base = 0; r < rows; r++, base += cols) {
            for (int c = 0; c < cols; c++) {
                sums[c] += x[base + c];
            }
        }
        for (int c = 0; c < cols; c++) {
            out[c] = (double) (sums[c] / divisor);
        }
    }
}
