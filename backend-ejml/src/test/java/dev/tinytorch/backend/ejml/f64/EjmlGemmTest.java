package dev.tinytorch.backend.ejml.f64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.kernels.AlwaysDouble;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * EJML's products as {@link EjmlGemm} calls them, in this package's precision: every transpose combination and
 * {@code beta}, the serial and the concurrent kernels, against the definition computed in float64 from the same
 * elements, within the error of a sum of {@code k + 1} terms accumulated in the element type.
 */
@SuppressWarnings("cast")  // (double) casts: redundant in the float64 source, round to float32 in its generated copy
class EjmlGemmTest {

    /** The element type's machine epsilon. */
    private static final @AlwaysDouble double EPSILON = Math.ulp((double) 1);

    private final SplittableRandom rng = new SplittableRandom(7);

    private DMatrixRMaj random(int rows, int cols) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = (double) rng.nextDouble(-2, 2);
        }
        return m;
    }

    /** {@code c == alpha * op(a) * op(b) + beta * c0}, each element within {@code (k + 2) eps sum|terms|}. */
    private static void assertProduct(boolean ta, boolean tb, @AlwaysDouble double alpha, DMatrixRMaj a,
            DMatrixRMaj b, @AlwaysDouble double beta, DMatrixRMaj c0, DMatrixRMaj c, String what) {
        int k = ta ? a.numRows : a.numCols;
        for (int i = 0; i < c.numRows; i++) {
            for (int j = 0; j < c.numCols; j++) {
                @AlwaysDouble double sum = 0;
                @AlwaysDouble double magnitude = 0;
                for (int p = 0; p < k; p++) {
                    @AlwaysDouble double term = alpha * (ta ? a.get(p, i) : a.get(i, p)) * (tb ? b.get(j, p) : b.get(p, j));
                    sum += term;
                    magnitude += Math.abs(term);
                }
                if (beta != 0) { // with beta == 0 the old c is never read: it may hold NaN
                    sum += beta * c0.get(i, j);
                    magnitude += Math.abs(beta * c0.get(i, j));
                }
                assertEquals(sum, c.get(i, j), (k + 2) * EPSILON * magnitude, what + " at (" + i + ", " + j + ")");
            }
        }
    }

    private void checkAllTransposes(EjmlGemm gemm, int m, int k, int n, @AlwaysDouble double alpha,
            @AlwaysDouble double beta) {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                DMatrixRMaj a = ta ? random(k, m) : random(m, k);
                DMatrixRMaj b = tb ? random(n, k) : random(k, n);
                DMatrixRMaj c0 = random(m, n);
                if (beta == 0) {
                    c0.data[0] = Double.NaN;
                }
                DMatrixRMaj c = c0.copy();
                gemm.gemm(ta, tb, (double) alpha, a, b, (double) beta, c);
                assertProduct(ta, tb, alpha, a, b, beta, c0, c, m + "x" + k + "x" + n + " transA=" + ta + " transB="
                        + tb + " beta=" + beta);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 1.0, 0.5, -2.0})
    void allTransposesMatchTheDefinition(@AlwaysDouble double beta) {
        checkAllTransposes(new EjmlGemm(true), 5, 7, 3, 1.5, beta);
    }

    @Test
    void anEmptyInnerDimensionClearsC() {
        checkAllTransposes(new EjmlGemm(true), 3, 0, 4, 1.0, 0.0);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void serialAndConcurrentKernelsMatchTheDefinitionAboveTheThreshold(boolean concurrent) {
        int n = 130; // 130^3 multiply-adds is above the threshold
        assertTrue((long) n * n * n >= EjmlGemm.CONCURRENT_THRESHOLD);
        for (double beta : new double[] {0.0, 1.0, 0.25}) {
            checkAllTransposes(new EjmlGemm(concurrent), n, n, n, -0.5, beta);
        }
    }
}
