package dev.tinytorch.api.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link CellMath}'s float overloads against its double functions rounded to float: within 2 float ulps over a sweep
 * of the float bit patterns (every {@value #STRIDE}th, both signs, up to infinity), random arguments and the edges,
 * and exactly the special values.
 */
class CellMathFloatTest {

    /** Bit patterns between sweep points: an odd stride, so that every mantissa bit varies. */
    private static final int STRIDE = 251;
    private static final int RANDOM = 2_000_000;

    /** A float function of the class's, as a functional interface for the sweeps. */
    private interface FloatFunction {
        float apply(float x);
    }

    /** The largest error in float ulps of {@code (float) reference(x)} at x; infinities must match exactly. */
    private static double ulps(FloatFunction actual, DoubleUnaryOperator reference, float x) {
        float expected = (float) reference.applyAsDouble(x);
        float got = actual.apply(x);
        if (Float.isNaN(expected) || Float.isInfinite(expected)) {
            assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(got), "at " + x);
            return 0;
        }
        return Math.abs((double) got - expected) / Math.ulp(expected);
    }

    /** The worst error of {@code actual} at the sweep's, the random and the edge arguments. */
    private static double worstUlps(FloatFunction actual, DoubleUnaryOperator reference) {
        double worst = 0;
        for (long bits = 0; bits < 0x7f80_0000L; bits += STRIDE) {
            float x = Float.intBitsToFloat((int) bits);
            worst = Math.max(worst, Math.max(ulps(actual, reference, x), ulps(actual, reference, -x)));
        }
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < RANDOM; i++) {
            worst = Math.max(worst, ulps(actual, reference, (float) rng.nextDouble(-20, 20)));
        }
        for (float x : edges()) {
            worst = Math.max(worst, ulps(actual, reference, x));
        }
        return worst;
    }

    /** Where the functions switch formula, clamp, leave the normal range or overflow, and the specials. */
    private static float[] edges() {
        return new float[] {0.0f, -0.0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -1e-40f, 1e-9f,
            0.625f, -0.625f, Math.nextDown(0.625f), -Math.nextDown(0.625f), 9, 9.1f, 40, -40, 87.3f, 88.72f, 88.73f,
            89, 90, -87.4f, -100, -103.9f, -104, -110, -111, -1000, Float.MAX_VALUE, -Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
    }

    @Test
    void expIsWithinTwoUlpsOfTheDoubleRounded() {
        double worst = worstUlps(CellMath::exp, CellMath::exp);
        assertTrue(worst <= 2, "exp(float) is " + worst + " ulps off");
    }

    @Test
    void sigmoidIsWithinTwoUlpsOfTheDoubleRounded() {
        double worst = worstUlps(CellMath::sigmoid, CellMath::sigmoid);
        assertTrue(worst <= 2, "sigmoid(float) is " + worst + " ulps off");
    }

    @Test
    void tanhIsWithinTwoUlpsOfTheDoubleRounded() {
        double worst = worstUlps(CellMath::tanh, CellMath::tanh);
        assertTrue(worst <= 2, "tanh(float) is " + worst + " ulps off");
    }

    @Test
    void specialValues() {
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(CellMath.tanh(-0.0f)), "tanh(-0.0)");
        assertEquals(Float.floatToRawIntBits(0.0f), Float.floatToRawIntBits(CellMath.tanh(0.0f)), "tanh(0.0)");
        assertEquals(-Float.MIN_VALUE, CellMath.tanh(-Float.MIN_VALUE));
        assertEquals(0.5f, CellMath.sigmoid(-0.0f));
        assertEquals(1.0f, CellMath.exp(0.0f));
        assertEquals(Float.POSITIVE_INFINITY, CellMath.exp(Float.POSITIVE_INFINITY));
        assertEquals(Float.POSITIVE_INFINITY, CellMath.exp(88.73f));
        assertTrue(Float.isFinite(CellMath.exp(88.72f)), "e^88.72 is below Float.MAX_VALUE");
        assertEquals(0.0f, CellMath.exp(Float.NEGATIVE_INFINITY));
        assertEquals(0.0f, CellMath.exp(-104.0f));
        assertEquals(1.0f, CellMath.sigmoid(Float.POSITIVE_INFINITY));
        assertEquals(1.0f, CellMath.sigmoid(20.0f));
        assertEquals(0.0f, CellMath.sigmoid(Float.NEGATIVE_INFINITY));
        assertEquals(1.0f, CellMath.tanh(Float.POSITIVE_INFINITY));
        assertEquals(-1.0f, CellMath.tanh(Float.NEGATIVE_INFINITY));
        assertEquals(-1.0f, CellMath.tanh(-10.0f));
        assertTrue(Float.isNaN(CellMath.exp(Float.NaN)));
        assertTrue(Float.isNaN(CellMath.sigmoid(Float.NaN)));
        assertTrue(Float.isNaN(CellMath.tanh(Float.NaN)));
    }
}
