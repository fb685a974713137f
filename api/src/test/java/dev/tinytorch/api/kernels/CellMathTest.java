package dev.tinytorch.api.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link CellMath}'s functions against {@link StrictMath}'s (fdlibm, within 1 ulp of the true values): within the
 * ulps the class promises over the whole range, and exact where the answer is exact (special values, saturation).
 */
class CellMathTest {

    private static final int SAMPLES = 400_000;

    private static double sigmoidReference(double x) {
        double e = StrictMath.exp(-Math.abs(x));
        return x >= 0 ? 1 / (1 + e) : e / (1 + e);
    }

    /**
     * The largest error in ulps of the reference over uniform draws from each range; where the reference overflows
     * the result must be the same infinity, where it is below the normal range within {@link Double#MIN_NORMAL}.
     */
    private static double worstUlps(DoubleUnaryOperator actual, DoubleUnaryOperator reference, double... bounds) {
        SplittableRandom rng = new SplittableRandom(1);
        double worst = 0;
        for (double bound : bounds) {
            for (int i = 0; i < SAMPLES; i++) {
                double x = rng.nextDouble(-bound, bound);
                double expected = reference.applyAsDouble(x);
                double error = Math.abs(actual.applyAsDouble(x) - expected);
                if (Double.isInfinite(expected)) {
                    assertEquals(expected, actual.applyAsDouble(x), "at " + x);
                    continue;
                }
                if (Math.abs(expected) < Double.MIN_NORMAL) {
                    assertTrue(error < Double.MIN_NORMAL, "at " + x);
                    continue;
                }
                worst = Math.max(worst, error / Math.ulp(expected));
            }
        }
        return worst;
    }

    @Test
    void expIsWithinOneUlpFusedAndTwoOtherwise() {
        double worst = worstUlps(CellMath::exp, StrictMath::exp, 1, 30, 700, 745);
        double promised = CellMath.FUSED ? 1 : 2;
        assertTrue(worst <= promised, "exp is " + worst + " ulps off (fused: " + CellMath.FUSED + ")");
    }

    @Test
    void sigmoidAndTanhAreWithinTwoUlps() {
        double sigmoid = worstUlps(CellMath::sigmoid, CellMathTest::sigmoidReference, 0.7, 3, 30, 750);
        double tanh = worstUlps(CellMath::tanh, StrictMath::tanh, 0.7, 3, 30, 750);
        assertTrue(sigmoid <= 2 && tanh <= 2, "sigmoid " + sigmoid + ", tanh " + tanh + " ulps off");
    }

    /** Where the functions switch formula or saturate, and the special values: StrictMath's bits or within 2 ulps. */
    @Test
    void edgesAndSpecialValues() {
        double[] xs = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-300, -1e-310, 1e-9, 0.625, -0.625,
            Math.nextDown(0.625), 18.5, 19.1, 22, 40, -40, 700, 709.78, 709.79, 710, 711, -708.4, -709, -745, -745.2,
            -746, -1000, -1001, 1e300, -1e300, Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double x : xs) {
            assertClose(StrictMath.exp(x), CellMath.exp(x), "exp(" + x + ")");
            assertClose(StrictMath.tanh(x), CellMath.tanh(x), "tanh(" + x + ")");
            assertClose(sigmoidReference(x), CellMath.sigmoid(x), "sigmoid(" + x + ")");
        }
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(CellMath.tanh(-0.0)), "tanh(-0.0)");
        assertEquals(Double.doubleToRawLongBits(-1e-310), Double.doubleToRawLongBits(CellMath.tanh(-1e-310)));
        assertEquals(0.5, CellMath.sigmoid(-0.0));
        assertEquals(Double.POSITIVE_INFINITY, CellMath.exp(Double.POSITIVE_INFINITY));
        assertEquals(Double.POSITIVE_INFINITY, CellMath.exp(709.79));
        assertEquals(0.0, CellMath.exp(Double.NEGATIVE_INFINITY));
        assertEquals(1.0, CellMath.sigmoid(Double.POSITIVE_INFINITY));
        assertEquals(0.0, CellMath.sigmoid(Double.NEGATIVE_INFINITY));
        assertEquals(-1.0, CellMath.tanh(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(CellMath.exp(Double.NaN)));
        assertTrue(Double.isNaN(CellMath.sigmoid(Double.NaN)));
        assertTrue(Double.isNaN(CellMath.tanh(Double.NaN)));
    }

    private static void assertClose(double expected, double actual, String what) {
        boolean close = Double.isInfinite(expected) || expected == 0 ? expected == actual
                : Math.abs(expected) < Double.MIN_NORMAL ? Math.abs(expected - actual) < Double.MIN_NORMAL
                : Math.abs(expected - actual) <= 2 * Math.ulp(expected);
        if (!close) {
            fail(what + ": expected " + expected + " but was " + actual);
        }
    }
}
