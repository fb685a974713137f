package dev.tinytorch.backend.plain.f64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tinytorch.api.contract.Approx;
import dev.tinytorch.api.contract.Reference;
import dev.tinytorch.api.kernels.AlwaysDouble;

/**
 * The reference's double-valued test data in this package's element type, and a tolerance to match: what lets each
 * test here run in float32 too, from the copy the build generates (see {@code dev.tinytorch.api.kernels.f64}).
 * Its doubles that stay double are {@code @AlwaysDouble} and never passed to a {@code Double} method, which the
 * float32 copy rewrites.
 */
@SuppressWarnings("cast")  // (double) x: redundant in the float64 source, rounds to float32 in its generated copy
final class Elements {

    /** The distance from 1 to the next element: 2^-52 in float64, 2^-23 in float32. */
    static final @AlwaysDouble double EPSILON = Math.ulp((double) 1);
    /** Relative tolerance: {@link Approx#TOLERANCE} in float64, about 4,000 roundings of the element type else. */
    static final @AlwaysDouble double TOLERANCE = Math.max(Approx.TOLERANCE, 4096 * EPSILON);

    private Elements() {
    }

    /** {@code x} rounded to the element type. */
    static double[] round(@AlwaysDouble double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (double) x[i];
        }
        return out;
    }

    /** {@code x} with each value rounded to the element type (and kept as a double): a reference's exact inputs. */
    static @AlwaysDouble double[][] rounded(@AlwaysDouble double[][] x) {
        @AlwaysDouble double[][] out = x.clone();
        for (int r = 0; r < x.length; r++) {
            out[r] = x[r].clone();
            for (int c = 0; c < x[r].length; c++) {
                out[r][c] = (double) x[r][c];
            }
        }
        return out;
    }

    /** {@code x} row by row, rounded to the element type. */
    static double[] flatten(@AlwaysDouble double[][] x) {
        int cols = x[0].length;
        double[] out = new double[x.length * cols];
        for (int r = 0; r < x.length; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = (double) x[r][c];
            }
        }
        return out;
    }

    /** {@code x} as {@code rows} rows of {@code cols}. */
    static @AlwaysDouble double[][] unflatten(double[] x, int rows, int cols) {
        @AlwaysDouble double[][] out = Reference.constant(rows, cols, 0);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r][c] = x[r * cols + c];
            }
        }
        return out;
    }

    /** {@link Approx#close} with {@link #TOLERANCE}. */
    static boolean close(@AlwaysDouble double expected, @AlwaysDouble double actual) {
        if (!(Math.abs(expected) < Double.POSITIVE_INFINITY && Math.abs(actual) < Double.POSITIVE_INFINITY)) {
            return Approx.close(expected, actual);  // NaN or an infinity
        }
        @AlwaysDouble double scale = Math.max(1, Math.max(Math.abs(expected), Math.abs(actual)));
        return Math.abs(expected - actual) <= TOLERANCE * scale;
    }

    static void assertClose(@AlwaysDouble double expected, @AlwaysDouble double actual, String what) {
        if (!close(expected, actual)) {
            fail(what + ": expected " + expected + " but was " + actual);
        }
    }

    static void assertClose(@AlwaysDouble double[][] expected, @AlwaysDouble double[][] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": rows");
        for (int r = 0; r < expected.length; r++) {
            for (int c = 0; c < expected[r].length; c++) {
                if (!close(expected[r][c], actual[r][c])) {
                    fail(what + ": at (" + r + ", " + c + ") expected " + expected[r][c] + " but was "
                            + actual[r][c]);
                }
            }
        }
    }
}
