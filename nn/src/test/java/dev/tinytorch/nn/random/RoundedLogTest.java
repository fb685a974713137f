package dev.tinytorch.nn.random;

import static dev.tinytorch.nn.random.NumpyRandomTest.DRAWS;
import static dev.tinytorch.nn.random.NumpyRandomTest.assertBitsEqual;
import static dev.tinytorch.nn.random.NumpyRandomTest.doubles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link RoundedLog} is the correctly rounded logarithm, recorded with Python's {@code decimal} at 45 digits, on
 * arguments like the Box-Muller step's and on ones where the C library's {@code log} (numpy's) is one ulp off.
 */
class RoundedLogTest {

    private static final JsonNode LOGS = DRAWS.get("log_correctly_rounded");

    @Test
    void roundsTheExactLogarithmOnce() {
        double[] x = doubles(LOGS.get("x"));
        double[] actual = Arrays.stream(x).map(RoundedLog::log).toArray();
        assertBitsEqual(doubles(LOGS.get("log")), actual, "log");
    }

    @Test
    void includesArgumentsWhereTheCLibraryIsOneUlpOff() {
        assertFalse(LOGS.get("libm_differs").isEmpty(), "the fixture should hold arguments glibc rounds wrongly");
    }

    @Test
    void leavesSpecialArgumentsToStrictMath() {
        assertEquals(Double.NEGATIVE_INFINITY, RoundedLog.log(0.0));
        assertTrue(Double.isNaN(RoundedLog.log(-1.0)));
        assertTrue(Double.isNaN(RoundedLog.log(Double.NaN)));
        assertEquals(Double.POSITIVE_INFINITY, RoundedLog.log(Double.POSITIVE_INFINITY));
        assertEquals(StrictMath.log(Double.MIN_VALUE), RoundedLog.log(Double.MIN_VALUE));
    }
}
