package dev.tinytorch.api.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Compares a backend's answer with the reference to within rounding: {@code |a - b| <= 1e-12 * max(1, |a|, |b|)},
 * with NaN matching only NaN and an infinity only the same infinity.
 */
public final class Approx {

    /** Relative tolerance: far above the rounding of a sum of a few hundred products, far below any real bug. */
    public static final double TOLERANCE = 1e-12;

    private Approx() {
    }

    public static boolean close(double expected, double actual) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
            return expected == actual;
        }
        double scale = Math.max(1.0, Math.max(Math.abs(expected), Math.abs(actual)));
        return Math.abs(expected - actual) <= TOLERANCE * scale;
    }

    public static void assertClose(double expected, double actual, String what) {
        if (!close(expected, actual)) {
            fail(what + ": expected " + expected + " but was " + actual);
        }
    }

    public static void assertClose(double[][] expected, double[][] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": rows");
        for (int r = 0; r < expected.length; r++) {
            assertEquals(expected[r].length, actual[r].length, what + ": columns of row " + r);
            for (int c = 0; c < expected[r].length; c++) {
                if (!close(expected[r][c], actual[r][c])) {
                    fail(what + ": at (" + r + ", " + c + ") expected " + expected[r][c] + " but was " + actual[r][c]);
                }
            }
        }
    }
}
