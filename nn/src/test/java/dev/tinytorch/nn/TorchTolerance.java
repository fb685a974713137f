package dev.tinytorch.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the PyTorch fixture's tensors are compared: element by element, {@code |actual - expected| <= 1e-10 *
 * max(1, largest |expected| of the tensor)}, so values near zero are judged against the tensor's scale; a NaN must
 * meet a NaN.
 */
public final class TorchTolerance {

    /** The bound: every backend matches PyTorch to 1e-10 relative. */
    public static final double RELATIVE = 1e-10;

    /** Issue 17's bound for float32 runs against PyTorch's float32: 1e-4 relative. */
    public static final double RELATIVE_FLOAT32 = 1e-4;

    private TorchTolerance() {
    }

    /**
     * Asserts that {@code actual} matches {@code expected} (neither is modified) and returns the largest error over
     * the scale, for a report; {@code what} names the tensor in the failure message.
     */
    public static double assertClose(double[] expected, double[] actual, String what) {
        return assertClose(expected, actual, RELATIVE, what);
    }

    /** {@link #assertClose(double[], double[], String)} to {@code relative} instead of {@link #RELATIVE}. */
    public static double assertClose(double[] expected, double[] actual, double relative, String what) {
        assertEquals(expected.length, actual.length, what + ": size");
        double scale = 1;
        for (double e : expected) {
            if (!Double.isNaN(e)) {
                scale = Math.max(scale, Math.abs(e));
            }
        }
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            if (Double.isNaN(expected[i])) {
                assertTrue(Double.isNaN(actual[i]), what + "[" + i + "]: " + actual[i] + " but PyTorch NaN");
                continue;
            }
            double error = Math.abs(actual[i] - expected[i]) / scale;
            assertTrue(error <= relative, what + "[" + i + "]: " + actual[i] + " but PyTorch " + expected[i]
                    + ", relative error " + error);
            worst = Math.max(worst, error);
        }
        return worst;
    }

    /** {@code values / n}, a new array: PyTorch's parameter gradients of a sum as this library's batch means. */
    public static double[] dividedBy(double[] values, int n) {
        double[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] /= n;
        }
        return out;
    }
}
