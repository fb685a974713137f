package dev.tinytorch.api.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.DType;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each bound of {@link Tolerance} admits what it should and rejects a value just outside it. */
class ToleranceTest {

    private static final Tolerance F32 = Tolerance.of(DType.FLOAT32);
    private static final Tolerance F64 = Tolerance.of(DType.FLOAT64);

    private static double nextFloatUp(double v, int ulps) {
        float f = (float) v;
        for (int i = 0; i < ulps; i++) {
            f = Math.nextUp(f);
        }
        return f;
    }

    @Test
    void exactIsTheReferenceRoundedOnceBitForBit() {
        assertTrue(F32.exact(0.1, (float) 0.1));
        assertFalse(F32.exact(0.1, 0.1), "an unrounded double is not what a float32 matrix holds");
        assertFalse(F32.exact(0.1, nextFloatUp(0.1, 1)));
        assertTrue(F32.exact(1e300, Double.POSITIVE_INFINITY), "1e300 stored in float is infinite");
        assertFalse(F32.exact(1e300, Float.MAX_VALUE));
        assertTrue(F32.exact(-1e-300, -0.0));
        assertFalse(F32.exact(-1e-300, 0.0), "the sign of a zero counts");
        assertTrue(F32.exact(Double.NaN, Float.NaN));
        assertFalse(F32.exact(Double.NaN, 0.0));
        assertTrue(F64.exact(0.1, 0.1));
        assertFalse(F64.exact(0.1, Math.nextUp(0.1)));
    }

    @Test
    void functionsGetFourUlpsOfTheirPrecision() {
        double e = Math.exp(1.3);
        assertTrue(F32.function(e, nextFloatUp(e, 4)));
        assertFalse(F32.function(e, nextFloatUp(e, 5)));
        assertTrue(F32.function(1e-39, 0.0), "a float subnormal may be flushed");
        assertFalse(F32.function(2e-38, 0.0), "a normal float may not");
        assertFalse(F64.function(e, (float) e), "float64 is held to its own ulps");
        assertFalse(F32.function(100.0, Double.POSITIVE_INFINITY));
        assertTrue(F32.function(Math.exp(100.0), Double.POSITIVE_INFINITY), "e^100 overflows float");
    }

    @Test
    void accumulatedAllowsNUnitsOfTheMagnitudeAndNoMore() {
        double expected = 1.0;
        int n = 100;
        double magnitude = 50.0;
        double bound = n * 0x1p-24 * magnitude + Math.ulp(1.0f);
        assertTrue(F32.accumulated(expected, expected + bound * 0.999, n, magnitude));
        assertFalse(F32.accumulated(expected, expected + bound * 1.001, n, magnitude));
        assertFalse(F32.accumulated(expected, expected - bound * 1.001, n, magnitude));
        assertEquals(2.0 * n * Math.ulp(1.0) * magnitude + Math.ulp(1.0) + n * Double.MIN_VALUE,
                boundOf(F64, expected, n, magnitude), Math.ulp(1.0), "float64 keeps the suite's historical bound");
    }

    /** The largest error {@code t.accumulated} accepts, found by bisection. */
    private static double boundOf(Tolerance t, double expected, int n, double magnitude) {
        double lo = 0.0;
        double hi = 1.0;
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (t.accumulated(expected, expected + mid, n, magnitude)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Test
    void aLongSumAccumulatedInFloatIsRejectedWhereOneAccumulatedInDoubleIsNot() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 4096;
        double exact = 0.0;
        double magnitude = 0.0;
        float inFloat = 0.0f;
        for (int i = 0; i < n; i++) {
            float v = (float) rng.nextDouble();
            exact += v;
            magnitude += Math.abs(v);
            inFloat += v;
        }
        assertTrue(F32.accumulatedInDouble(exact, (float) exact, n, magnitude), "double sum, rounded once");
        assertTrue(F32.accumulatedInDouble(exact, exact, n, magnitude), "double sum, left in double");
        assertFalse(F32.accumulatedInDouble(exact, inFloat, n, magnitude),
                "a float accumulation errs by " + Math.abs(inFloat - exact) + " on " + exact);
        assertTrue(F32.accumulated(exact, inFloat, n, magnitude), "which the bound of a float sum admits");
        assertFalse(F32.accumulatedInDouble(exact, nextFloatUp(exact, 1), n, magnitude),
                "one float ulp off the rounded double sum");
    }

    /**
     * The contract's own data: the column sums of its largest reduction (300 x 257 draws, as float32 holds them)
     * accumulated in float, as a float32 backend that does not accumulate in double would, mostly fail.
     */
    @Test
    void theSuitesLargestReductionCatchesAFloatAccumulation() {
        double[][] x = Reference.random(300, 257, 121);
        int rejected = 0;
        for (int c = 0; c < 257; c++) {
            double exact = 0.0;
            double magnitude = 0.0;
            float inFloat = 0.0f;
            for (double[] row : x) {
                float v = (float) row[c];
                exact += v;
                magnitude += Math.abs(v);
                inFloat += v;
            }
            assertTrue(F32.accumulatedInDouble(exact, (float) exact, 301, magnitude));
            rejected += F32.accumulatedInDouble(exact, inFloat, 301, magnitude) ? 0 : 1;
        }
        assertTrue(rejected > 128, rejected + " of 257 float-accumulated column sums rejected");
    }

    @Test
    void composedAllowsStepsFunctionErrorsOfOne() {
        double bound = 8 * Tolerance.FUNCTION_ULPS * Math.ulp(1.0f);
        assertTrue(F32.composed(0.25, 0.25 + bound * 0.99, 8));
        assertFalse(F32.composed(0.25, 0.25 + bound * 1.01, 8));
        assertFalse(F32.composed(3.0, 3.0 + 3 * bound * 1.01, 8), "relative above 1");
        assertFalse(F32.composed(0.5, Double.NaN, 8));
    }
}
