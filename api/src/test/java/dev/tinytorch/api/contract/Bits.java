package dev.tinytorch.api.contract;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.IntFunction;

/**
 * The comparisons of {@link SpecialValuesContract}: bit for bit where a definition is exact, within a stated number
 * of ulps where it is a libm function, within a bound on rounding where the order of a sum is the backend's choice.
 * Any NaN matches any NaN (their payloads are not part of the contract); nothing else matches a NaN.
 */
final class Bits {

    /** Ulps allowed for EXP, LOG, SIGMOID and TANH: {@link Math}'s own functions are within 1 ulp, vector libms 4. */
    static final int FUNCTION_ULPS = 4;

    private Bits() {
    }

    /** Whether {@code actual} has the bits of {@code expected}, any NaN counting as any other. */
    static boolean same(double expected, double actual) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        return Double.doubleToRawLongBits(expected) == Double.doubleToRawLongBits(actual);
    }

    /**
     * Whether {@code actual} is within {@link #FUNCTION_ULPS} ulps of {@code expected}, or, where {@code expected}
     * is below the normal range, within {@link Double#MIN_NORMAL} of it (a result there may be flushed towards 0);
     * NaN and the infinities only match themselves. The sign of a zero is not compared.
     */
    static boolean withinUlps(double expected, double actual) {
        if (Double.isNaN(expected) || Double.isNaN(actual) || Double.isInfinite(expected) || Double.isInfinite(actual)) {
            return same(expected, actual);
        }
        double error = Math.abs(expected - actual);
        return error <= FUNCTION_ULPS * Math.ulp(expected)
                || Math.abs(expected) < Double.MIN_NORMAL && error < Double.MIN_NORMAL;
    }

    /**
     * Whether a sum of {@code count} terms whose magnitudes add up to {@code magnitude} is {@code expected} up to
     * the rounding any order of addition can make: {@code 2 count eps magnitude}, plus one rounding of the result
     * and the absolute rounding of subnormal partial sums. NaN and the infinities only match themselves.
     */
    static boolean withinSumRounding(double expected, double actual, int count, double magnitude) {
        if (Double.isNaN(expected) || Double.isNaN(actual) || Double.isInfinite(expected) || Double.isInfinite(actual)) {
            return same(expected, actual);
        }
        double bound = 2.0 * count * Math.ulp(1.0) * magnitude + Math.ulp(expected) + count * Double.MIN_VALUE;
        return Math.abs(expected - actual) <= bound;
    }

    /** A comparison of one expected element with the backend's. */
    interface Comparison {
        boolean matches(double expected, double actual);
    }

    /**
     * Fails at the first element of {@code actual} that does not match {@code expected}, naming its index and what
     * the element was computed from ({@code input.apply(index)}).
     */
    static void assertAll(String what, double[] expected, double[] actual, Comparison comparison,
                          IntFunction<String> input) {
        if (expected.length != actual.length) {
            fail(what + ": expected " + expected.length + " elements but got " + actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            if (!comparison.matches(expected[i], actual[i])) {
                fail(what + ": element " + i + " of " + input.apply(i) + " should be " + describe(expected[i])
                        + " but was " + describe(actual[i]));
            }
        }
    }

    /** A double with its bits, so that {@code -0.0}, subnormals and NaN payloads are visible in a message. */
    static String describe(double v) {
        return v + " (0x" + Long.toHexString(Double.doubleToRawLongBits(v)) + ")";
    }
}
