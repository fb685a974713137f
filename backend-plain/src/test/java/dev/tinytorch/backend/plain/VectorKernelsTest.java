package dev.tinytorch.backend.plain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tinytorch.api.UnaryOp;
import dev.tinytorch.api.contract.Approx;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The loops {@link VectorKernels} rewrites give what the scalar loops give, bit for bit where no reordering is
 * involved, on every length around the vector width and on the values where the two could part: NaN, signed
 * zeros and infinities. Skipped when the JDK runs without the Vector API module.
 */
class VectorKernelsTest {

    private static final double[] SPECIAL = {Double.NaN, -0.0, 0.0, Double.NEGATIVE_INFINITY,
        Double.POSITIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, 1.0, -1.0};

    private final ScalarKernels scalar = new ScalarKernels();
    private ScalarKernels vector;

    @BeforeEach
    void requireTheModule() {
        assumeTrue(KernelLoader.vectorModulePresent(), "the JDK runs without " + KernelLoader.VECTOR_MODULE);
        vector = KernelLoader.kernels();
    }

    /** Random values with the special ones scattered in. */
    private static double[] values(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextInt(4) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : 4 * rng.nextDouble() - 2;
        }
        return x;
    }

    private static void assertSameBits(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToLongBits(expected[i]), Double.doubleToLongBits(actual[i]),
                    what + " at " + i + ": expected " + expected[i] + " but was " + actual[i]);
        }
    }

    @Test
    void reluAndStepAgree() {
        for (UnaryOp op : new UnaryOp[] {UnaryOp.RELU, UnaryOp.STEP}) {
            for (int n = 0; n <= 70; n++) {
                double[] x = values(n, n);
                double[] expected = new double[n];
                double[] actual = new double[n];
                scalar.map(op, x, expected, n);
                vector.map(op, x, actual, n);
                assertSameBits(expected, actual, op + " of length " + n);
            }
        }
    }

    @Test
    void clipAgrees() {
        for (int n = 0; n <= 70; n++) {
            double[] x = values(n, 100 + n);
            double[] expected = new double[n];
            double[] actual = new double[n];
            scalar.clip(x, -0.5, 0.75, expected, n);
            vector.clip(x, -0.5, 0.75, actual, n);
            assertSameBits(expected, actual, "clip of length " + n);
        }
    }

    @Test
    void maxAgreesOnEveryOffsetAndLength() {
        double[] x = values(90, 7);
        for (int offset = 0; offset < 9; offset++) {
            for (int n = 0; n + offset <= x.length; n++) {
                assertEquals(Double.doubleToLongBits(scalar.max(x, offset, n)),
                        Double.doubleToLongBits(vector.max(x, offset, n)), "max at " + offset + " of length " + n);
            }
        }
    }

    @Test
    void sumAgreesOnEveryOffsetAndLength() {
        SplittableRandom rng = new SplittableRandom(8);
        double[] x = rng.doubles(90, -1, 1).toArray();
        for (int offset = 0; offset < 9; offset++) {
            for (int n = 0; n + offset <= x.length; n++) {
                Approx.assertClose(scalar.sum(x, offset, n), vector.sum(x, offset, n),
                        "sum at " + offset + " of length " + n);
            }
        }
        assertEquals(Double.NaN, vector.sum(new double[] {1, Double.NaN, 2}, 0, 3));
    }
}
