package dev.tinytorch.api.contract;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.IntFunction;

/**
 * How {@link SpecialValuesContract} reports a mismatch: element by element, with the bits of each value, so that
 * {@code -0.0}, subnormals and NaN payloads are visible. The comparisons themselves are {@link Tolerance}'s.
 */
final class Bits {

    private Bits() {
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
