package dev.tinytorch.backend.plain.f64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.UnaryOp;
import dev.tinytorch.api.contract.Approx;
import dev.tinytorch.api.kernels.f64.RecurrentKernels;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every loop {@link VectorKernels} rewrites gives what the scalar loop gives, on every length around the vector
 * width, at offsets, and on the values where the two could part: NaN, signed zeros, infinities, subnormals. Bit for
 * bit, except where the vector code adds in another order (sums, dot products): there to within {@link Elements#TOLERANCE}. Skipped when the JDK runs without the Vector API module.
 */
@SuppressWarnings("cast")  // (double) x: redundant in the float64 source, rounds to float32 in its generated copy
class VectorKernelsTest {

    private static final double[] SPECIAL = {Double.NaN, -0.0, 0.0, Double.NEGATIVE_INFINITY,
        Double.POSITIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, 1.0, -1.0, 800.0, -800.0};
    private static final int MAX_LENGTH = 70;
    private static final int OFFSET = 3;

    private final ScalarKernels scalar = new ScalarKernels();
    private ScalarKernels vector;

    @BeforeEach
    void requireTheModule() {
        vector = KernelLoader.kernels();
        assumeTrue(vector instanceof VectorKernels, "the JDK runs without " + KernelLoader.VECTOR_MODULE
                + " or would run it emulated");
    }

    /** Values in [-4, 4) with the special ones scattered in, {@code OFFSET} longer than asked. */
    private static double[] values(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n + OFFSET];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextInt(4) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : (double) (8 * rng.nextDouble() - 4);
        }
        return x;
    }

    private static void assertSame(double[] expected, double[] actual, boolean exact, String what) {
        for (int i = 0; i < expected.length; i++) {
            boolean same = exact ? Double.doubleToLongBits(expected[i]) == Double.doubleToLongBits(actual[i])
                    : Elements.close(expected[i], actual[i]);
            if (!same) {
                fail(what + " at " + i + ": expected " + expected[i] + " but was " + actual[i]);
            }
        }
    }

    /**
     * What a loop computes must not change when the JIT compiles it, or the same seed would give other bits in a
     * process that has run longer or under another load. The JDK's vector EXP, LOG and TANH did change: computed
     * lane by lane with {@link Math} until C2 compiled them, then by another library (Intel's SVML on Linux x86-64),
     * which rounded 4.5 % of the exponentials in [-20, 0] differently. Each operation here runs long enough to be
     * compiled, on rows the length of the MNIST-size network's logits, and must still give the scalar loop's bits.
     */
    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void mapGivesTheSameBitsOnceCompiled(UnaryOp op) {
        int n = 640;
        SplittableRandom rng = new SplittableRandom(5);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (double) (40 * rng.nextDouble() - 20);
        }
        double[] expected = new double[n];
        double[] actual = new double[n];
        scalar.map(op, x, 0, expected, 0, n);
        for (int call = 0; call < 30_000; call++) {
            vector.map(op, x, 0, actual, 0, n);
        }
        assertSame(expected, actual, true, op + " after 30,000 calls");
    }

    /**
     * The vector cells ({@link VectorCells}) give {@link RecurrentKernels}' bits once C2 has compiled them too (the
     * contract suite checks them on few calls, mostly before): LSTM and GRU steps forward and backward, 64 wide,
     * special values scattered in.
     */
    @Test
    void cellsGiveTheSameBitsOnceCompiled() {
        int rows = 2;
        int hidden = 64;
        double[] pre = values(rows * 4 * hidden, 11);
        double[] state = values(rows * hidden, 12);
        double[] dh = values(rows * hidden, 13);
        double[][] expected = cells(scalar, pre, state, dh, rows, hidden);
        double[][] actual = null;
        for (int call = 0; call < 5_000; call++) {
            actual = cells(vector, pre, state, dh, rows, hidden);
        }
        for (int i = 0; i < expected.length; i++) {
            assertSame(expected[i], actual[i], true, "output " + i + " of the cells after 5,000 calls");
        }
    }

    /** An LSTM and a GRU step forward and backward: every array they write. */
    private static double[][] cells(ScalarKernels kernels, double[] pre, double[] state, double[] dh, int rows,
            int hidden) {
        double[] gates = pre.clone();
        double[] c = new double[rows * hidden];
        double[] h = new double[rows * hidden];
        kernels.lstmCell(gates, 0, state, c, h, 0, rows, hidden);
        double[] dc = dh.clone();
        double[] dGates = new double[gates.length];
        kernels.lstmCellBackward(gates, 0, state, c, dh, dc, dGates, 0, rows, hidden);
        double[] gruGates = Arrays.copyOf(pre, rows * 3 * hidden);
        double[] hiddenGates = Arrays.copyOfRange(pre, rows * hidden, rows * 4 * hidden);
        double[] gruH = new double[rows * hidden];
        kernels.gruCell(gruGates, 0, hiddenGates, state, gruH, 0, rows, hidden);
        double[] dGi = new double[gruGates.length];
        double[] dGh = new double[gruGates.length];
        double[] dhPrev = new double[rows * hidden];
        kernels.gruCellBackward(gruGates, 0, hiddenGates, state, dh, dGi, dGh, dhPrev, 0, rows, hidden);
        return new double[][] {gates, c, h, dGates, dc, gruGates, gruH, dGi, dGh, dhPrev};
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void mapAgrees(UnaryOp op) {
        for (int n = 0; n <= MAX_LENGTH; n++) {
            double[] x = values(n, n);
            double[] expected = new double[n + 1];
            double[] actual = new double[n + 1];
            scalar.map(op, x, OFFSET, expected, 1, n);
            vector.map(op, x, OFFSET, actual, 1, n);
            assertSame(expected, actual, true, op + " of length " + n);
        }
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void zipAndZipScalarAgree(BinaryOp op) {
        for (int n = 0; n <= MAX_LENGTH; n++) {
            double[] a = values(n, n);
            double[] b = values(n, 1000 + n);
            double[] expected = new double[n];
            double[] actual = new double[n];
            scalar.zip(op, a, OFFSET, b, 1, expected, 0, n);
            vector.zip(op, a, OFFSET, b, 1, actual, 0, n);
            assertSame(expected, actual, true, "zip " + op + " of length " + n);
            for (double s : SPECIAL) {
                scalar.zipScalar(op, a, 2, s, expected, 0, n);
                vector.zipScalar(op, a, 2, s, actual, 0, n);
                assertSame(expected, actual, true, "zipScalar " + op + " " + s + " of length " + n);
            }
        }
    }

    @Test
    void affineClipAxpyAndScaleAgree() {
        for (int n = 0; n <= MAX_LENGTH; n++) {
            double[] x = values(n, n);
            double[] expected = values(n, 2000 + n);
            double[] actual = expected.clone();
            scalar.affine(x, 1, -1.5, 0.25, expected, OFFSET, n);
            vector.affine(x, 1, -1.5, 0.25, actual, OFFSET, n);
            assertSame(expected, actual, true, "affine of length " + n);
            scalar.clip(x, OFFSET, -0.5, 0.75, expected, 0, n);
            vector.clip(x, OFFSET, -0.5, 0.75, actual, 0, n);
            assertSame(expected, actual, true, "clip of length " + n);
            scalar.axpy(-0.125, x, 2, expected, 1, n);
            vector.axpy(-0.125, x, 2, actual, 1, n);
            assertSame(expected, actual, true, "axpy of length " + n);
            scalar.scale(expected, OFFSET, 3.0, n);
            vector.scale(actual, OFFSET, 3.0, n);
            assertSame(expected, actual, true, "scale of length " + n);
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
        double[] x = Elements.round(new SplittableRandom(8).doubles(90, -1, 1).toArray());
        for (int offset = 0; offset < 9; offset++) {
            for (int n = 0; n + offset <= x.length; n++) {
                Elements.assertClose(scalar.sum(x, offset, n), vector.sum(x, offset, n),
                        "sum at " + offset + " of length " + n);
            }
        }
        assertEquals(Double.NaN, vector.sum(new double[] {1, Double.NaN, 2}, 0, 3));
    }

    @Test
    void dotAgreesOnEveryOffsetAndLength() {
        double[] x = Elements.round(new SplittableRandom(9).doubles(90, -1, 1).toArray());
        double[] y = Elements.round(new SplittableRandom(10).doubles(90, -1, 1).toArray());
        for (int offset = 0; offset < 9; offset++) {
            for (int n = 0; n + offset + 2 <= x.length; n++) {
                Elements.assertClose(scalar.dot(x, offset, y, offset + 2, n), vector.dot(x, offset, y, offset + 2, n),
                        "dot at " + offset + " of length " + n);
            }
        }
    }

    /**
     * A range too short for a reduction's vector loop goes to the scalar loop whole (see {@link VectorKernels}),
     * which the vector form computed to the same bits: signed zeros, NaN and infinities included ({@code
     * assertEquals} on doubles compares bits).
     */
    @Test
    void shortRangesGiveTheScalarBits() {
        int lanes = VectorLoops.LANES;
        double[] x = values(8 * lanes + 8, 11);
        double[] y = values(8 * lanes + 8, 12);
        double[] zeros = {-0.0, -0.0, -0.0, -0.0, 0.0, -0.0};
        for (int n = 0; n < 2 * lanes; n++) {
            assertEquals(scalar.sum(x, OFFSET, n), vector.sum(x, OFFSET, n), "sum of length " + n);
            assertEquals(scalar.sum(zeros, 0, Math.min(n, 4)), vector.sum(zeros, 0, Math.min(n, 4)),
                    "sum of -0.0, length " + n);
        }
        for (int k = 0; k < lanes; k++) {
            assertEquals(scalar.dot(x, 1, y, 2, k), vector.dot(x, 1, y, 2, k), "dot of length " + k);
            double[] expected = new double[6 * 5];
            double[] actual = new double[6 * 5];
            scalar.rowDots(x, 1, lanes, 6, y, 2, lanes, 5, k, expected, 0, 5);
            vector.rowDots(x, 1, lanes, 6, y, 2, lanes, 5, k, actual, 0, 5);
            assertSame(expected, actual, true, "rowDots of depth " + k);
            double[] expectedSums = values(6, 13);
            double[] actualSums = expectedSums.clone();
            scalar.addRowDots(0.5, x, 1, lanes, y, 2, k, expectedSums, 0, 6);
            vector.addRowDots(0.5, x, 1, lanes, y, 2, k, actualSums, 0, 6);
            assertSame(expectedSums, actualSums, true, "addRowDots of length " + k);
        }
    }
}
