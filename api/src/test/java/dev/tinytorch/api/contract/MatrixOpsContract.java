package dev.tinytorch.api.contract;

import static dev.tinytorch.api.contract.Rejections.assertRejected;
import static dev.tinytorch.api.contract.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tinytorch.api.Axis;
import dev.tinytorch.api.Backends;
import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.CheckedMatrixOps;
import dev.tinytorch.api.ConvGeometry;
import dev.tinytorch.api.DType;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.Reduction;
import dev.tinytorch.api.UnaryOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every backend must do, written once: each backend module runs it through a one-line subclass naming its
 * backend. The backend is obtained through {@link Backends}, as users get it, so the shared checks of
 * {@link CheckedMatrixOps} are part of what is tested. Results are compared with {@link Reference}.
 *
 * <p>A subclass may name a precision ({@link #dtype()}, float64 by default): in float32 every reference is computed
 * in double from the inputs as the backend holds them and compared within a bound derived from the operation
 * ({@link Tolerance}): exact operations stay exact, sums of n terms within the rounding of n float operations, and
 * the SUM and MEAN reductions and {@code sum} as if accumulated in double.
 *
 * <p>Shapes include 1x1, single rows and columns, odd sizes that leave remainders after any vector or register
 * blocking, sizes large enough to cross any threading threshold, and empty matrices.
 */
public abstract class MatrixOpsContract {

    /** Element shapes every element-wise test runs on: tiny, a row, a column, odd, and large. */
    static final int[][] SHAPES = {{1, 1}, {1, 17}, {19, 1}, {7, 13}, {33, 65}, {300, 257}};

    /** Inputs that reach the edge cases of the unary operations, including overflow and the poles. */
    static final double[][] SPECIAL = {
        {-800.0, -30.0, -2.5, -1.0, -0.25, -1e-10, 0.0},
        {1e-10, 0.25, 1.0, 2.5, 30.0, 800.0, -0.0},
        {-1000.0, 1000.0, 709.0, -745.0, 0.5, 1e300, -1e-300},
    };

    protected MatrixOps ops;

    /** How far the backend's answers may be from the reference in its precision. */
    protected Tolerance tol;

    /** The name of the backend under test, as given to {@link Backends#get(String, DType)}. */
    protected abstract String backendName();

    /** The precision under test: float64 unless a subclass says otherwise. */
    protected DType dtype() {
        return DType.FLOAT64;
    }

    @BeforeEach
    void obtainBackend() {
        ops = Backends.get(backendName(), dtype());
        tol = Tolerance.of(dtype());
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private Matrix random(int rows, int cols, long seed) {
        return ops.fromArray(data(rows, cols, seed));
    }

    /**
     * {@link Reference#random} as the backend holds it: in float64 the draws themselves, in float32 read back from
     * a matrix (so rounded), so that the reference is computed from the backend's very inputs.
     */
    private double[][] data(int rows, int cols, long seed) {
        double[][] x = Reference.random(rows, cols, seed);
        return dtype() == DType.FLOAT64 ? x : held(x, cols);
    }

    /** {@code x} ({@code cols} columns) stored in a matrix of the backend and read back. */
    private double[][] held(double[][] x, int cols) {
        return read(matrix(x, cols));
    }

    /** {@code x} with every element rounded as the backend stores it. */
    private double[][] stored(double[][] x) {
        double[][] out = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            out[r] = java.util.Arrays.stream(x[r]).map(tol::round).toArray();
        }
        return out;
    }

    private static double[][] abs(double[][] x) {
        double[][] out = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            out[r] = java.util.Arrays.stream(x[r]).map(Math::abs).toArray();
        }
        return out;
    }

    /** A check of one element in a precision other than float64: row, column, expected, actual. */
    interface ElementCheck {
        boolean matches(int row, int col, double expected, double actual);
    }

    /**
     * Compares the backend's answer with the reference: in float64 within {@link Approx}, as this suite always
     * has; in float32 element by element with {@code float32}, one of {@link Tolerance}'s bounds.
     */
    private void assertNear(double[][] expected, double[][] actual, String what, ElementCheck float32) {
        if (dtype() == DType.FLOAT64) {
            assertClose(expected, actual, what);
            return;
        }
        assertEquals(expected.length, actual.length, what + ": rows");
        for (int r = 0; r < expected.length; r++) {
            assertEquals(expected[r].length, actual[r].length, what + ": columns of row " + r);
            for (int c = 0; c < expected[r].length; c++) {
                if (!float32.matches(r, c, expected[r][c], actual[r][c])) {
                    fail(what + " in " + dtype() + ": at (" + r + ", " + c + ") expected " + expected[r][c]
                            + " (stored: " + tol.round(expected[r][c]) + ") but was " + actual[r][c]);
                }
            }
        }
    }

    /** An operation exact by definition: in float32, the reference rounded once, bit for bit. */
    private void assertExactOp(double[][] expected, double[][] actual, String what) {
        assertNear(expected, actual, what, (r, c, e, a) -> tol.exact(e, a));
    }

    /** Sums of {@code n} terms per element, whose magnitudes add up to {@code magnitude[r][c]}. */
    private void assertAccumulated(double[][] expected, double[][] actual, String what, int n,
                                   double[][] magnitude) {
        assertNear(expected, actual, what, (r, c, e, a) -> tol.accumulated(e, a, n, magnitude[r][c]));
    }

    /** A scalar that is a sum of {@code n} terms of total magnitude {@code magnitude}, accumulated as {@code tol} says. */
    private void assertScalar(double expected, double actual, String what, boolean inDouble, int n, double magnitude) {
        if (dtype() == DType.FLOAT64) {
            assertClose(expected, actual, what);
        } else if (!(inDouble ? tol.accumulatedInDouble(expected, actual, n, magnitude)
                : tol.accumulated(expected, actual, n, magnitude))) {
            fail(what + " in " + dtype() + ": expected " + expected + " but was " + actual);
        }
    }

    /** Like {@code fromArray}, with the column count given, so that a 0 x n array keeps its shape. */
    private Matrix matrix(double[][] data, int cols) {
        double[] flat = new double[data.length * cols];
        for (int r = 0; r < data.length; r++) {
            System.arraycopy(data[r], 0, flat, r * cols, cols);
        }
        return ops.fromRowMajor(data.length, cols, flat);
    }

    private double[][] read(Matrix m) {
        return ops.toArray(m);
    }

    private static String shape(int rows, int cols) {
        return rows + "x" + cols;
    }

    /** A matrix no backend owns. */
    private static Matrix foreign(int rows, int cols) {
        return new Matrix() {
            @Override
            public int rows() {
                return rows;
            }

            @Override
            public int cols() {
                return cols;
            }
        };
    }

    // ---- the backend itself ------------------------------------------------------------------------------------

    @Nested
    class Identity {

        @Test
        void isHandedOutCheckedAndUnderItsName() {
            assertInstanceOf(CheckedMatrixOps.class, ops);
            assertEquals(backendName(), ops.name());
            assertTrue(Backends.available().contains(backendName()));
        }

        @Test
        void isStartedOnceAndFoundWhateverTheCase() {
            assertSame(ops, Backends.get(backendName(), dtype()));
            assertSame(ops, Backends.get(" " + backendName().toUpperCase(Locale.ROOT) + " ", dtype()));
        }

        @Test
        void computesInItsPrecision() {
            assertEquals(dtype(), ops.dtype());
        }

        @Test
        void ownsItsMatricesAndNoOthers() {
            assertTrue(ops.owns(ops.zeros(2, 3)));
            assertFalse(ops.owns(foreign(2, 3)));
        }
    }

    // ---- creation and the edges --------------------------------------------------------------------------------

    @Nested
    class Edges {

        @Test
        void zerosHasItsShapeAndOnlyZeros() {
            Matrix m = ops.zeros(3, 4);
            assertEquals(3, m.rows());
            assertEquals(4, m.cols());
            assertEquals(12, m.size());
            assertEquals("3x4", m.shape());
            assertExactOp(new double[3][4], read(m), "zeros");
        }

        @Test
        void fromRowMajorCopiesItsInput() {
            double[] data = {1, 2, 3, 4, 5, 6};
            Matrix m = ops.fromRowMajor(2, 3, data);
            data[0] = 99;
            assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, ops.toRowMajor(m));
            assertEquals(6.0, ops.get(m, 1, 2));
            assertEquals(2.0, ops.get(m, 0, 1));
            assertEquals(4.0, ops.get(m, 1, 0));
        }

        @Test
        void setRowMajorCopiesItsInput() {
            Matrix m = ops.zeros(3, 2);
            double[] data = {1, 2, 3, 4, 5, 6};
            ops.setRowMajor(m, data);
            data[5] = 99;
            double[] back = new double[6];
            ops.getRowMajor(m, back);
            assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, back);
            assertEquals(5.0, ops.get(m, 2, 0));
        }

        @Test
        void getRowMajorReturnsACopy() {
            Matrix m = ops.fromRowMajor(1, 2, new double[] {1, 2});
            double[] out = ops.toRowMajor(m);
            out[0] = 99;
            assertEquals(1.0, ops.get(m, 0, 0));
        }

        @Test
        void fromArrayAndToArrayRoundTripAndCopy() {
            double[][] data = Reference.random(5, 7, 1);
            double[][] original = Reference.random(5, 7, 1);
            Matrix m = ops.fromArray(data);
            data[2][3] = 99;
            double[][] out = read(m);
            assertExactOp(original, out, "fromArray/toArray");
            out[1][1] = 99;
            assertEquals(tol.round(original[1][1]), ops.get(m, 1, 1));
            for (int r = 0; r < 5; r++) {
                for (int c = 0; c < 7; c++) {
                    assertEquals(tol.round(original[r][c]), ops.get(m, r, c), "get(" + r + ", " + c + ")");
                }
            }
        }

        @Test
        void roundTripsEveryValueExactly() {
            double[] data = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE,
                Double.MAX_VALUE, Math.PI};
            double[] back = ops.toRowMajor(ops.fromRowMajor(7, 1, data));
            for (int i = 0; i < data.length; i++) {
                assertEquals(Double.doubleToRawLongBits(tol.round(data[i])), Double.doubleToRawLongBits(back[i]),
                        "element " + i + " in " + dtype());
            }
        }

        @Test
        void emptyShapesExist() {
            for (int[] s : new int[][] {{0, 4}, {4, 0}, {0, 0}}) {
                Matrix z = ops.zeros(s[0], s[1]);
                Matrix f = ops.fromRowMajor(s[0], s[1], new double[0]);
                assertEquals(s[0], z.rows());
                assertEquals(s[1], f.cols());
                assertEquals(0, ops.toRowMajor(f).length);
                assertEquals(s[0], ops.toArray(z).length);
            }
            assertEquals(0, ops.fromArray(new double[0][]).size());
        }

        @Test
        void wrongLengthsAndShapesAreRejected() {
            assertRejected(() -> ops.fromRowMajor(2, 3, new double[5]), "fromRowMajor", "2x3", "5");
            assertRejected(() -> ops.zeros(-1, 3), "zeros", "-1x3");
            assertRejected(() -> ops.setRowMajor(ops.zeros(2, 2), new double[3]), "setRowMajor", "2x2", "3");
            assertRejected(() -> ops.getRowMajor(ops.zeros(2, 2), new double[5]), "getRowMajor", "2x2", "5");
            assertRejected(() -> ops.fromArray(new double[][] {{1, 2}, {3}}), "fromArray", "row 1");
        }

        @Test
        void getOutsideTheMatrixIsRejected() {
            Matrix m = ops.zeros(2, 3);
            assertThrows(IndexOutOfBoundsException.class, () -> ops.get(m, 2, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> ops.get(m, 0, 3));
            assertThrows(IndexOutOfBoundsException.class, () -> ops.get(m, -1, 0));
        }

        @Test
        void fillSetsEveryElement() {
            for (int[] s : SHAPES) {
                Matrix m = random(s[0], s[1], 2);
                ops.fill(m, -2.5);
                assertExactOp(Reference.constant(s[0], s[1], -2.5), read(m), "fill " + shape(s[0], s[1]));
            }
            ops.fill(ops.zeros(0, 3), 1.0);
        }

        @Test
        void copyCopiesAndLeavesTheSourceAlone() {
            for (int[] s : SHAPES) {
                double[][] data = data(s[0], s[1], 3);
                Matrix src = ops.fromArray(data);
                Matrix dst = ops.zeros(s[0], s[1]);
                ops.copy(src, dst);
                assertExactOp(data, read(dst), "copy " + shape(s[0], s[1]));
                ops.fill(dst, 7.0);
                assertExactOp(data, read(src), "source after copy " + shape(s[0], s[1]));
                ops.copy(src, src);
                assertExactOp(data, read(src), "copy onto itself");
            }
            ops.copy(ops.zeros(3, 0), ops.zeros(3, 0));
            assertRejected(() -> ops.copy(ops.zeros(2, 3), ops.zeros(3, 2)), "copy", "2x3", "3x2");
        }

        @Test
        void fillUniformDrawsInRowMajorOrderFromTheGenerator() {
            Matrix m = ops.zeros(13, 7);
            ops.fillUniform(m, -0.5, 2.0, new SplittableRandom(42));
            SplittableRandom rng = new SplittableRandom(42);
            double[] actual = ops.toRowMajor(m);
            for (int i = 0; i < actual.length; i++) {
                assertEquals(tol.round(-0.5 + 2.5 * rng.nextDouble()), actual[i], 0.0, "element " + i);
            }
        }

        @Test
        void fillNormalDrawsInRowMajorOrderFromTheGenerator() {
            Matrix m = ops.zeros(9, 11);
            ops.fillNormal(m, 1.0, 0.1, new SplittableRandom(7));
            SplittableRandom rng = new SplittableRandom(7);
            double[] actual = ops.toRowMajor(m);
            for (int i = 0; i < actual.length; i++) {
                assertEquals(tol.round(1.0 + 0.1 * rng.nextGaussian()), actual[i], 0.0, "element " + i);
            }
        }
    }

    // ---- linear algebra ----------------------------------------------------------------------------------------

    @Nested
    class Gemm {

        /** (m, k, n): C is m x n, the inner dimension is k. */
        static final int[][] PRODUCTS = {
            {1, 1, 1}, {1, 7, 9}, {9, 7, 1}, {5, 1, 6}, {7, 13, 5}, {64, 30, 20}, {33, 65, 17}, {300, 257, 129},
        };

        static Stream<Arguments> cases() {
            List<Arguments> cases = new ArrayList<>();
            for (int[] p : PRODUCTS) {
                for (boolean transA : new boolean[] {false, true}) {
                    for (boolean transB : new boolean[] {false, true}) {
                        cases.add(Arguments.of(transA, transB, p[0], p[1], p[2], 1.0, 0.0));
                        cases.add(Arguments.of(transA, transB, p[0], p[1], p[2], -0.75, 0.5));
                    }
                }
            }
            return cases.stream();
        }

        static Stream<Arguments> transposes() {
            return Stream.of(Arguments.of(false, false), Arguments.of(false, true), Arguments.of(true, false),
                    Arguments.of(true, true));
        }

        private double[][] operand(boolean trans, int rows, int cols, long seed) {
            return trans ? data(cols, rows, seed) : data(rows, cols, seed);
        }

        private void check(boolean transA, boolean transB, int m, int k, int n, double alpha, double beta,
                           double[][] c0) {
            double[][] a = operand(transA, m, k, 11);
            double[][] b = operand(transB, k, n, 12);
            Matrix c = matrix(c0, n);
            ops.gemm(transA, transB, alpha, matrix(a, transA ? m : k), matrix(b, transB ? k : n), beta, c);
            assertAccumulated(Reference.gemm(transA, transB, alpha, a, b, beta, c0, m, k, n), read(c),
                    "gemm transA=" + transA + " transB=" + transB + " " + m + "x" + k + "x" + n
                            + " alpha=" + alpha + " beta=" + beta, k + 2,
                    Reference.gemm(transA, transB, Math.abs(alpha), abs(a), abs(b), Math.abs(beta), abs(c0), m, k, n));
        }

        @ParameterizedTest(name = "transA={0} transB={1} {2}x{3}x{4} alpha={5} beta={6}")
        @MethodSource("cases")
        void matchesTheReference(boolean transA, boolean transB, int m, int k, int n, double alpha, double beta) {
            check(transA, transB, m, k, n, alpha, beta, data(m, n, 13));
        }

        @ParameterizedTest(name = "transA={0} transB={1}")
        @MethodSource("transposes")
        void betaZeroIgnoresNaNInC(boolean transA, boolean transB) {
            check(transA, transB, 7, 13, 5, 1.0, 0.0, Reference.constant(7, 5, Double.NaN));
            check(transA, transB, 130, 70, 90, 2.0, 0.0, Reference.constant(130, 90, Double.NaN));
        }

        @ParameterizedTest(name = "transA={0} transB={1}")
        @MethodSource("transposes")
        void betaOneAccumulates(boolean transA, boolean transB) {
            int m = 35;
            int k = 18;
            int n = 21;
            double[][] a = operand(transA, m, k, 21);
            double[][] b = operand(transB, k, n, 22);
            double[][] c0 = data(m, n, 23);
            Matrix am = matrix(a, transA ? m : k);
            Matrix bm = matrix(b, transB ? k : n);
            Matrix c = matrix(c0, n);
            ops.gemm(transA, transB, 1.0, am, bm, 1.0, c);
            ops.gemm(transA, transB, 1.0, am, bm, 1.0, c);
            double[][] once = Reference.gemm(transA, transB, 1.0, a, b, 1.0, c0, m, k, n);
            double[][] onceMagnitude = Reference.gemm(transA, transB, 1.0, abs(a), abs(b), 1.0, abs(c0), m, k, n);
            assertAccumulated(Reference.gemm(transA, transB, 1.0, a, b, 1.0, once, m, k, n), read(c),
                    "gemm twice with beta=1", 2 * k + 4,
                    Reference.gemm(transA, transB, 1.0, abs(a), abs(b), 1.0, onceMagnitude, m, k, n));
        }

        @ParameterizedTest(name = "transA={0} transB={1}")
        @MethodSource("transposes")
        void emptyInnerDimensionScalesC(boolean transA, boolean transB) {
            Matrix a = transA ? ops.zeros(0, 4) : ops.zeros(4, 0);
            Matrix b = transB ? ops.zeros(3, 0) : ops.zeros(0, 3);
            Matrix c = ops.fromArray(Reference.constant(4, 3, 2.0));
            ops.gemm(transA, transB, 1.0, a, b, 0.5, c);
            assertExactOp(Reference.constant(4, 3, 1.0), read(c), "k = 0, beta = 0.5");
            ops.fill(c, Double.NaN);
            ops.gemm(transA, transB, 1.0, a, b, 0.0, c);
            assertExactOp(Reference.constant(4, 3, 0.0), read(c), "k = 0, beta = 0");
        }

        @Test
        void emptyOutputsAreAllowed() {
            ops.gemm(false, false, 1.0, ops.zeros(0, 5), ops.zeros(5, 3), 0.0, ops.zeros(0, 3));
            ops.gemm(false, false, 1.0, ops.zeros(4, 5), ops.zeros(5, 0), 0.0, ops.zeros(4, 0));
        }

        @Test
        void matmulAllocatesTheProduct() {
            double[][] a = data(6, 4, 31);
            double[][] b = data(4, 3, 32);
            Matrix c = ops.matmul(ops.fromArray(a), ops.fromArray(b));
            assertAccumulated(Reference.gemm(false, false, 1.0, a, b, 0.0, null, 6, 4, 3), read(c), "matmul", 6,
                    Reference.gemm(false, false, 1.0, abs(a), abs(b), 0.0, null, 6, 4, 3));
        }

        @Test
        void mismatchedShapesAreRejectedNamingBothShapes() {
            Matrix a = ops.zeros(4, 3);
            Matrix b = ops.zeros(5, 2);
            assertRejected(() -> ops.gemm(false, false, 1.0, a, b, 0.0, ops.zeros(4, 2)), "gemm", "4x3", "5x2");
            assertRejected(() -> ops.gemm(false, false, 1.0, a, ops.zeros(3, 2), 0.0, ops.zeros(2, 4)),
                    "gemm", "4x3", "3x2", "2x4");
            assertRejected(() -> ops.gemm(true, false, 1.0, a, ops.zeros(3, 2), 0.0, ops.zeros(3, 2)),
                    "gemm", "4x3", "3x2");
        }

        @Test
        void anOutputThatIsAlsoAnInputIsRejected() {
            Matrix a = ops.fromArray(data(4, 4, 41));
            Matrix b = ops.fromArray(data(4, 4, 42));
            assertRejected(() -> ops.gemm(false, false, 1.0, a, b, 0.0, a), "gemm", "4x4");
            assertRejected(() -> ops.gemm(false, true, 1.0, a, b, 0.0, b), "gemm", "4x4");
        }

        @Test
        void foreignMatricesAreRejected() {
            assertRejected(() -> ops.gemm(false, false, 1.0, foreign(2, 2), ops.zeros(2, 2), 0.0, ops.zeros(2, 2)),
                    "gemm", "2x2");
            assertRejected(() -> ops.gemm(false, false, 1.0, ops.zeros(2, 2), ops.zeros(2, 2), 0.0, foreign(2, 2)),
                    "gemm", "2x2");
        }
    }

    /** The product on blocks of rows of larger matrices: see {@link RowBlockGemmContract}. */
    @Nested
    class RowBlockGemm extends RowBlockGemmContract {

        @Override
        protected MatrixOps ops() {
            return ops;
        }
    }

    /** The convolution's forward product and weight gradient: see {@link ConvolutionContract}. */
    @Nested
    class Convolution extends ConvolutionContract {

        @Override
        protected MatrixOps ops() {
            return ops;
        }
    }

    /** A convolution's input gradient in one call: see {@link InputGradientContract}. */
    @Nested
    class InputGradient extends InputGradientContract {

        @Override
        protected MatrixOps ops() {
            return ops;
        }

        @Override
        protected Tolerance tol() {
            return tol;
        }
    }

    // ---- element-wise ------------------------------------------------------------------------------------------

    @Nested
    class ElementWise {

        /** Random inputs scaled to [-5, 5), where every unary operation is interesting. */
        private double[][] inputs(int rows, int cols, long seed) {
            double[][] x = Reference.random(rows, cols, seed);
            for (double[] row : x) {
                for (int c = 0; c < cols; c++) {
                    row[c] *= 5.0;
                }
            }
            return dtype() == DType.FLOAT64 ? x : held(x, cols);
        }

        /** EXP, LOG, SIGMOID and TANH within a few ulps in float32; the other operations exactly. */
        private void assertMapped(UnaryOp op, double[][] expected, double[][] actual, String what) {
            boolean function = op == UnaryOp.EXP || op == UnaryOp.LOG || op == UnaryOp.SIGMOID
                    || op == UnaryOp.TANH;
            assertNear(expected, actual, what, (r, c, e, a) -> function ? tol.function(e, a) : tol.exact(e, a));
        }

        @ParameterizedTest
        @EnumSource(UnaryOp.class)
        void mapMatchesTheScalarDefinition(UnaryOp op) {
            for (int[] s : SHAPES) {
                double[][] x = inputs(s[0], s[1], 51);
                Matrix xm = ops.fromArray(x);
                Matrix out = ops.fromArray(Reference.constant(s[0], s[1], Double.NaN));
                ops.map(op, xm, out);
                assertMapped(op, Reference.map(op, x), read(out), "map " + op + " " + shape(s[0], s[1]));
                assertExactOp(x, read(xm), "map " + op + " must not change its input");
                ops.map(op, xm, xm);
                assertMapped(op, Reference.map(op, x), read(xm), "map " + op + " in place " + shape(s[0], s[1]));
            }
        }

        @ParameterizedTest
        @EnumSource(UnaryOp.class)
        void mapHandlesSpecialValues(UnaryOp op) {
            Matrix out = ops.zeros(SPECIAL.length, SPECIAL[0].length);
            double[][] special = held(SPECIAL, SPECIAL[0].length);
            ops.map(op, ops.fromArray(special), out);
            assertMapped(op, Reference.map(op, special), read(out), "map " + op + " of special values");
            Matrix zeros = ops.zeros(3, 5);
            ops.map(op, zeros, zeros);
            assertMapped(op, Reference.constant(3, 5, op.apply(0.0)), read(zeros), "map " + op + " of zeros");
        }

        @Test
        void overflowGivesTheLimitsExactly() {
            double[][] x = {{800.0, -800.0, 1000.0, -1000.0, 0.0}};
            Matrix xm = ops.fromArray(x);
            Matrix out = ops.zeros(1, 5);
            ops.map(UnaryOp.EXP, xm, out);
            assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, 0.0, Double.POSITIVE_INFINITY, 0.0, 1.0},
                    ops.toRowMajor(out));
            ops.map(UnaryOp.SIGMOID, xm, out);
            assertArrayEquals(new double[] {1.0, 0.0, 1.0, 0.0, 0.5}, ops.toRowMajor(out));
            ops.map(UnaryOp.TANH, xm, out);
            assertArrayEquals(new double[] {1.0, -1.0, 1.0, -1.0, 0.0}, ops.toRowMajor(out));
            ops.map(UnaryOp.LOG, ops.zeros(1, 5), out);
            assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}, ops.toRowMajor(out));
            ops.map(UnaryOp.RECIPROCAL, ops.zeros(1, 5), out);
            assertEquals(Double.POSITIVE_INFINITY, ops.get(out, 0, 0));
        }

        @ParameterizedTest
        @EnumSource(BinaryOp.class)
        void zipMatchesTheScalarDefinition(BinaryOp op) {
            for (int[] s : SHAPES) {
                double[][] a = data(s[0], s[1], 61);
                double[][] b = data(s[0], s[1], 62);
                Matrix am = ops.fromArray(a);
                Matrix bm = ops.fromArray(b);
                Matrix out = ops.zeros(s[0], s[1]);
                String what = "zip " + op + " " + shape(s[0], s[1]);
                ops.zip(op, am, bm, out);
                assertExactOp(Reference.zip(op, a, b), read(out), what);
                ops.zip(op, am, am, out);
                assertExactOp(Reference.zip(op, a, a), read(out), what + " of a matrix with itself");
                ops.zip(op, am, bm, am);
                assertExactOp(Reference.zip(op, a, b), read(am), what + " into the first input");
                assertExactOp(b, read(bm), what + " must not change the other input");
                ops.zip(op, am, bm, bm);
                assertExactOp(Reference.zip(op, stored(Reference.zip(op, a, b)), b), read(bm),
                        what + " into the second input");
                Matrix both = ops.fromArray(a);
                ops.zip(op, both, both, both);
                assertExactOp(Reference.zip(op, a, a), read(both), what + " with all three the same");
            }
        }

        @ParameterizedTest
        @EnumSource(BinaryOp.class)
        void zipHandlesSpecialValues(BinaryOp op) {
            double[][] a = {{1.0, -1.0, 0.0, 0.0, Double.POSITIVE_INFINITY, 3.0, -0.0}};
            double[][] b = {{0.0, 0.0, 0.0, -2.0, 1.0, Double.NEGATIVE_INFINITY, 0.0}};
            Matrix out = ops.zeros(1, 7);
            ops.zip(op, ops.fromArray(a), ops.fromArray(b), out);
            assertExactOp(Reference.zip(op, a, b), read(out), "zip " + op + " of special values");
        }

        @Test
        void affineScalesAndShifts() {
            for (int[] s : SHAPES) {
                double[][] x = data(s[0], s[1], 71);
                double[][] expected = new double[s[0]][s[1]];
                for (int r = 0; r < s[0]; r++) {
                    for (int c = 0; c < s[1]; c++) {
                        expected[r][c] = -1.5 * x[r][c] + 0.25;
                    }
                }
                Matrix xm = ops.fromArray(x);
                Matrix out = ops.zeros(s[0], s[1]);
                ops.affine(xm, -1.5, 0.25, out);
                double[][] magnitude = Reference.zip(BinaryOp.ADD, Reference.zip(BinaryOp.MUL, abs(x),
                        Reference.constant(s[0], s[1], 1.5)), Reference.constant(s[0], s[1], 0.25));
                assertAccumulated(expected, read(out), "affine " + shape(s[0], s[1]), 2, magnitude);
                ops.affine(xm, -1.5, 0.25, xm);
                assertAccumulated(expected, read(xm), "affine in place " + shape(s[0], s[1]), 2, magnitude);
            }
        }

        @Test
        void clipBoundsEveryElement() {
            for (int[] s : SHAPES) {
                double[][] x = data(s[0], s[1], 81);
                double[][] expected = new double[s[0]][s[1]];
                for (int r = 0; r < s[0]; r++) {
                    for (int c = 0; c < s[1]; c++) {
                        expected[r][c] = Math.min(Math.max(x[r][c], -0.3), 0.6);
                    }
                }
                Matrix xm = ops.fromArray(x);
                Matrix out = ops.zeros(s[0], s[1]);
                ops.clip(xm, -0.3, 0.6, out);
                assertExactOp(expected, read(out), "clip " + shape(s[0], s[1]));
                ops.clip(xm, -0.3, 0.6, xm);
                assertExactOp(expected, read(xm), "clip in place " + shape(s[0], s[1]));
            }
            Matrix x = ops.fromArray(new double[][] {{-5, 0.5, 5, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}});
            ops.clip(x, 1.0, 1.0, x);
            assertArrayEquals(new double[] {1, 1, 1, 1, 1}, ops.toRowMajor(x));
        }

        @Test
        void clipRejectsCrossedBounds() {
            Matrix x = ops.zeros(2, 2);
            assertRejected(() -> ops.clip(x, 1.0, -1.0, x), "clip", "1.0", "-1.0");
        }

        @Test
        void axpyAddsAScaledMatrix() {
            for (int[] s : SHAPES) {
                double[][] x = data(s[0], s[1], 91);
                double[][] y = data(s[0], s[1], 92);
                double[][] expected = new double[s[0]][s[1]];
                for (int r = 0; r < s[0]; r++) {
                    for (int c = 0; c < s[1]; c++) {
                        expected[r][c] = y[r][c] + -0.125 * x[r][c];
                    }
                }
                Matrix xm = ops.fromArray(x);
                Matrix ym = ops.fromArray(y);
                ops.axpy(-0.125, xm, ym);
                double[][] magnitude = Reference.zip(BinaryOp.ADD, abs(y), Reference.zip(BinaryOp.MUL, abs(x),
                        Reference.constant(s[0], s[1], 0.125)));
                assertAccumulated(expected, read(ym), "axpy " + shape(s[0], s[1]), 2, magnitude);
                assertExactOp(x, read(xm), "axpy must not change x");
                ops.axpy(2.0, xm, xm);
                double[][] tripled = Reference.zip(BinaryOp.MUL, x, Reference.constant(s[0], s[1], 3.0));
                assertAccumulated(tripled, read(xm), "axpy with x == y", 2, abs(tripled));
            }
        }

        @Test
        void emptyMatricesAreFine() {
            for (int[] s : new int[][] {{0, 5}, {5, 0}}) {
                Matrix a = ops.zeros(s[0], s[1]);
                Matrix b = ops.zeros(s[0], s[1]);
                ops.map(UnaryOp.EXP, a, b);
                ops.zip(BinaryOp.ADD, a, b, b);
                ops.affine(a, 2.0, 1.0, b);
                ops.clip(a, 0.0, 1.0, b);
                ops.axpy(2.0, a, b);
                assertEquals(0, ops.toRowMajor(b).length);
            }
        }

        @Test
        void mismatchedShapesAreRejectedNamingBothShapes() {
            Matrix a = ops.zeros(2, 3);
            Matrix b = ops.zeros(3, 2);
            assertRejected(() -> ops.map(UnaryOp.EXP, a, b), "map", "EXP", "2x3", "3x2");
            assertRejected(() -> ops.zip(BinaryOp.ADD, a, b, a), "zip", "ADD", "2x3", "3x2");
            assertRejected(() -> ops.zip(BinaryOp.ADD, a, a, b), "zip", "ADD", "2x3", "3x2");
            assertRejected(() -> ops.affine(a, 1.0, 0.0, b), "affine", "2x3", "3x2");
            assertRejected(() -> ops.clip(a, 0.0, 1.0, b), "clip", "2x3", "3x2");
            assertRejected(() -> ops.axpy(1.0, a, b), "axpy", "2x3", "3x2");
        }

        @Test
        void foreignMatricesAreRejected() {
            Matrix own = ops.zeros(2, 2);
            assertRejected(() -> ops.map(UnaryOp.EXP, foreign(2, 2), own), "map", "2x2", backendName());
            assertRejected(() -> ops.zip(BinaryOp.MUL, own, foreign(2, 2), own), "zip", "2x2");
            assertRejected(() -> ops.axpy(1.0, own, foreign(2, 2)), "axpy", "2x2");
            assertRejected(() -> ops.copy(foreign(2, 2), own), "copy", "2x2");
        }
    }

    // ---- broadcasting ------------------------------------------------------------------------------------------

    @Nested
    class Broadcasting {

        @ParameterizedTest
        @EnumSource(BinaryOp.class)
        void broadcastRowAppliesTheRowToEveryRow(BinaryOp op) {
            for (int[] s : SHAPES) {
                double[][] x = data(s[0], s[1], 101);
                double[][] row = data(1, s[1], 102);
                Matrix xm = ops.fromArray(x);
                Matrix rm = ops.fromArray(row);
                Matrix out = ops.zeros(s[0], s[1]);
                double[][] expected = Reference.broadcastRow(op, x, row[0]);
                ops.broadcastRow(op, xm, rm, out);
                assertExactOp(expected, read(out), "broadcastRow " + op + " " + shape(s[0], s[1]));
                ops.broadcastRow(op, xm, rm, xm);
                assertExactOp(expected, read(xm), "broadcastRow " + op + " in place " + shape(s[0], s[1]));
                assertExactOp(row, read(rm), "broadcastRow must not change the row");
            }
        }

        @ParameterizedTest
        @EnumSource(BinaryOp.class)
        void broadcastColumnAppliesTheColumnToEveryColumn(BinaryOp op) {
            for (int[] s : SHAPES) {
                double[][] x = data(s[0], s[1], 111);
                double[][] column = data(s[0], 1, 112);
                double[] flat = new double[s[0]];
                for (int r = 0; r < s[0]; r++) {
                    flat[r] = column[r][0];
                }
                Matrix xm = ops.fromArray(x);
                Matrix cm = ops.fromArray(column);
                Matrix out = ops.zeros(s[0], s[1]);
                double[][] expected = Reference.broadcastColumn(op, x, flat);
                ops.broadcastColumn(op, xm, cm, out);
                assertExactOp(expected, read(out), "broadcastColumn " + op + " " + shape(s[0], s[1]));
                ops.broadcastColumn(op, xm, cm, xm);
                assertExactOp(expected, read(xm), "broadcastColumn " + op + " in place " + shape(s[0], s[1]));
                assertExactOp(column, read(cm), "broadcastColumn must not change the column");
            }
        }

        @Test
        void aOneByOneBroadcastMayBeItsOwnOperand() {
            Matrix x = ops.fromArray(new double[][] {{3.0}});
            ops.broadcastRow(BinaryOp.MUL, x, x, x);
            assertEquals(9.0, ops.get(x, 0, 0));
            ops.broadcastColumn(BinaryOp.ADD, x, x, x);
            assertEquals(18.0, ops.get(x, 0, 0));
        }

        @Test
        void emptyMatricesAreFine() {
            ops.broadcastRow(BinaryOp.ADD, ops.zeros(0, 4), ops.zeros(1, 4), ops.zeros(0, 4));
            ops.broadcastColumn(BinaryOp.ADD, ops.zeros(4, 0), ops.zeros(4, 1), ops.zeros(4, 0));
        }

        @Test
        void wrongShapesAreRejectedNamingBothShapes() {
            Matrix x = ops.zeros(3, 4);
            assertRejected(() -> ops.broadcastRow(BinaryOp.ADD, x, ops.zeros(1, 3), x), "broadcastRow", "3x4", "1x3");
            assertRejected(() -> ops.broadcastRow(BinaryOp.ADD, x, ops.zeros(4, 1), x), "broadcastRow", "3x4", "4x1");
            assertRejected(() -> ops.broadcastRow(BinaryOp.ADD, x, ops.zeros(1, 4), ops.zeros(4, 3)),
                    "broadcastRow", "3x4", "4x3");
            assertRejected(() -> ops.broadcastColumn(BinaryOp.SUB, x, ops.zeros(4, 1), x),
                    "broadcastColumn", "3x4", "4x1");
            assertRejected(() -> ops.broadcastColumn(BinaryOp.SUB, x, ops.zeros(3, 1), ops.zeros(3, 3)),
                    "broadcastColumn", "3x4", "3x3");
        }

        @Test
        void foreignMatricesAreRejected() {
            Matrix x = ops.zeros(3, 4);
            assertRejected(() -> ops.broadcastRow(BinaryOp.ADD, x, foreign(1, 4), x), "broadcastRow", "1x4");
            assertRejected(() -> ops.broadcastColumn(BinaryOp.ADD, foreign(3, 4), ops.zeros(3, 1), x),
                    "broadcastColumn", "3x4");
        }
    }

    // ---- reductions --------------------------------------------------------------------------------------------

    @Nested
    class Reductions {

        static Stream<Arguments> cases() {
            List<Arguments> cases = new ArrayList<>();
            for (Reduction op : Reduction.values()) {
                for (Axis axis : Axis.values()) {
                    cases.add(Arguments.of(op, axis));
                }
            }
            return cases.stream();
        }

        @ParameterizedTest(name = "{0} {1}")
        @MethodSource("cases")
        void reduceMatchesTheReference(Reduction op, Axis axis) {
            for (int[] s : SHAPES) {
                double[][] x = data(s[0], s[1], 121);
                Matrix xm = ops.fromArray(x);
                Matrix out = ops.fromArray(Reference.constant(axis.resultRows(s[0]), axis.resultCols(s[1]), Double.NaN));
                ops.reduce(op, axis, xm, out);
                int n = axis == Axis.OVER_ROWS ? s[0] : s[1];
                double[][] magnitude = Reference.reduce(op, axis, abs(x), s[0], s[1]);
                assertNear(Reference.reduce(op, axis, x, s[0], s[1]), read(out),
                        "reduce " + op + " " + axis + " " + shape(s[0], s[1]), (r, c, e, a) -> op == Reduction.MAX
                                ? tol.exact(e, a) : tol.accumulatedInDouble(e, a, n + 1, magnitude[r][c]));
                assertExactOp(x, read(xm), "reduce must not change its input");
            }
        }

        @ParameterizedTest(name = "{1}")
        @EnumSource(Axis.class)
        void maxOfNegativeNumbersIsNegative(Axis axis) {
            double[][] x = {{-3.0, -1.0, Double.NEGATIVE_INFINITY}, {-2.0, -5.0, -7.0}};
            Matrix out = ops.zeros(axis.resultRows(2), axis.resultCols(3));
            ops.reduce(Reduction.MAX, axis, ops.fromArray(x), out);
            assertExactOp(Reference.reduce(Reduction.MAX, axis, x, 2, 3), read(out), "MAX " + axis);
        }

        @Test
        void sumOfAnEmptyAxisIsZero() {
            Matrix overRows = ops.fromArray(Reference.constant(1, 4, Double.NaN));
            ops.reduce(Reduction.SUM, Axis.OVER_ROWS, ops.zeros(0, 4), overRows);
            assertExactOp(new double[1][4], read(overRows), "SUM over the rows of 0x4");
            Matrix overColumns = ops.fromArray(Reference.constant(4, 1, Double.NaN));
            ops.reduce(Reduction.SUM, Axis.OVER_COLUMNS, ops.zeros(4, 0), overColumns);
            assertExactOp(new double[4][1], read(overColumns), "SUM over the columns of 4x0");
            ops.reduce(Reduction.MAX, Axis.OVER_COLUMNS, ops.zeros(0, 4), ops.zeros(0, 1));
        }

        @Test
        void meanAndMaxOfAnEmptyAxisAreRejected() {
            assertRejected(() -> ops.reduce(Reduction.MAX, Axis.OVER_ROWS, ops.zeros(0, 4), ops.zeros(1, 4)),
                    "reduce", "MAX", "0x4");
            assertRejected(() -> ops.reduce(Reduction.MEAN, Axis.OVER_COLUMNS, ops.zeros(4, 0), ops.zeros(4, 1)),
                    "reduce", "MEAN", "4x0");
        }

        @Test
        void wrongOutputShapesAndAliasesAreRejected() {
            Matrix x = ops.zeros(3, 4);
            assertRejected(() -> ops.reduce(Reduction.SUM, Axis.OVER_ROWS, x, ops.zeros(3, 1)), "reduce", "3x4", "3x1");
            assertRejected(() -> ops.reduce(Reduction.SUM, Axis.OVER_COLUMNS, x, ops.zeros(1, 4)),
                    "reduce", "3x4", "1x4");
            Matrix one = ops.zeros(1, 1);
            assertRejected(() -> ops.reduce(Reduction.SUM, Axis.OVER_ROWS, one, one), "reduce", "1x1");
            assertRejected(() -> ops.reduce(Reduction.SUM, Axis.OVER_ROWS, foreign(3, 4), ops.zeros(1, 4)),
                    "reduce", "3x4");
        }

        @Test
        void sumAddsEveryElement() {
            for (int[] s : SHAPES) {
                double[][] x = data(s[0], s[1], 131);
                double expected = 0.0;
                double magnitude = 0.0;
                for (double[] row : x) {
                    for (double v : row) {
                        expected += v;
                        magnitude += Math.abs(v);
                    }
                }
                assertScalar(expected, ops.sum(ops.fromArray(x)), "sum " + shape(s[0], s[1]), true, s[0] * s[1],
                        magnitude);
            }
            assertEquals(0.0, ops.sum(ops.zeros(0, 3)));
            assertEquals(0.0, ops.sum(ops.zeros(3, 0)));
        }

        @Test
        void argmaxRowsPicksTheFirstLargest() {
            double[][] x = {
                {1, 5, 5, 2},
                {-3, -1, -1, -2},
                {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY},
                {0, 0, 0, 0},
                {1, 2, 3, 4},
            };
            int[] out = new int[5];
            ops.argmaxRows(ops.fromArray(x), out);
            assertArrayEquals(new int[] {1, 1, 0, 0, 3}, out);
        }

        @Test
        void argmaxRowsOfLargeRandomMatrices() {
            for (int[] s : SHAPES) {
                double[][] x = data(s[0], s[1], 141);
                int[] expected = new int[s[0]];
                for (int r = 0; r < s[0]; r++) {
                    for (int c = 1; c < s[1]; c++) {
                        if (x[r][c] > x[r][expected[r]]) {
                            expected[r] = c;
                        }
                    }
                }
                int[] out = new int[s[0]];
                ops.argmaxRows(ops.fromArray(x), out);
                assertArrayEquals(expected, out, "argmaxRows " + shape(s[0], s[1]));
            }
        }

        @Test
        void argmaxRowsChecksItsArguments() {
            ops.argmaxRows(ops.zeros(0, 3), new int[0]);
            assertRejected(() -> ops.argmaxRows(ops.zeros(3, 0), new int[3]), "argmaxRows", "3x0");
            assertRejected(() -> ops.argmaxRows(ops.zeros(3, 2), new int[2]), "argmaxRows", "3x2", "2");
        }
    }

    // ---- special values ----------------------------------------------------------------------------------------

    /** NaN, the infinities, signed zeros, subnormals and tiny values in every operation: see {@link SpecialValuesContract}. */
    @Nested
    class SpecialValues extends SpecialValuesContract {

        @Override
        protected MatrixOps ops() {
            return ops;
        }
    }

    // ---- recurrent layers --------------------------------------------------------------------------------------

    /** Row-block copies and the LSTM and GRU cells: see {@link RecurrentContract}. */
    @Nested
    class Recurrent extends RecurrentContract {

        @Override
        protected MatrixOps ops() {
            return ops;
        }
    }

    // ---- gathering ---------------------------------------------------------------------------------------------

    @Nested
    class Gathering {

        @Test
        void gatherRowsCopiesTheChosenRowsInOrder() {
            double[][] src = data(10, 7, 151);
            int[] rows = {9, 3, 3, 0, 9, 5};
            Matrix out = ops.fromArray(Reference.constant(4, 7, Double.NaN));
            ops.gatherRows(ops.fromArray(src), rows, 1, 4, out);
            assertExactOp(new double[][] {src[3], src[3], src[0], src[9]}, read(out), "gatherRows");
        }

        @Test
        void gatherRowsOfSingleColumnsAndLargeMatrices() {
            for (int[] s : SHAPES) {
                double[][] src = data(s[0], s[1], 161);
                int[] rows = new int[s[0]];
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = (int) ((i * 7L + 3) % s[0]);
                }
                double[][] expected = new double[s[0]][];
                for (int i = 0; i < rows.length; i++) {
                    expected[i] = src[rows[i]];
                }
                Matrix out = ops.zeros(s[0], s[1]);
                ops.gatherRows(ops.fromArray(src), rows, 0, rows.length, out);
                assertExactOp(expected, read(out), "gatherRows " + shape(s[0], s[1]));
            }
        }

        @Test
        void gatheringNothingIsFine() {
            Matrix out = ops.zeros(0, 3);
            ops.gatherRows(ops.zeros(4, 3), new int[] {1, 2}, 2, 0, out);
            assertEquals(0, out.rows());
        }

        @Test
        void badIndicesAndShapesAreRejected() {
            Matrix src = ops.zeros(4, 3);
            assertThrows(IndexOutOfBoundsException.class, () -> ops.gatherRows(src, new int[] {0, 4}, 0, 2, ops.zeros(2, 3)));
            assertThrows(IndexOutOfBoundsException.class, () -> ops.gatherRows(src, new int[] {-1}, 0, 1, ops.zeros(1, 3)));
            assertRejected(() -> ops.gatherRows(src, new int[] {0, 1}, 1, 2, ops.zeros(2, 3)), "gatherRows", "2");
            assertRejected(() -> ops.gatherRows(src, new int[] {0, 1}, 0, 2, ops.zeros(2, 4)), "gatherRows", "4x3", "2x4");
            Matrix square = ops.zeros(3, 3);
            assertRejected(() -> ops.gatherRows(square, new int[] {0, 1, 2}, 0, 3, square), "gatherRows", "3x3");
            assertRejected(() -> ops.gatherRows(foreign(4, 3), new int[] {0}, 0, 1, ops.zeros(1, 3)), "gatherRows", "4x3");
        }

        @Test
        void reshapeKeepsTheRowMajorOrder() {
            for (int[] s : SHAPES) {
                double[][] src = data(s[0], s[1], 171);
                int cols = s[0] * s[1] == 0 ? 1 : s[1] % 2 == 0 ? 2 : 1;
                int rows = s[0] * s[1] / cols;
                double[][] expected = new double[rows][cols];
                for (int i = 0; i < s[0] * s[1]; i++) {
                    expected[i / cols][i % cols] = src[i / s[1]][i % s[1]];
                }
                Matrix out = ops.fromArray(Reference.constant(rows, cols, Double.NaN));
                ops.reshape(ops.fromArray(src), out);
                assertSameElements(expected, out, "reshape " + shape(s[0], s[1]) + " to " + shape(rows, cols));
                Matrix back = ops.zeros(s[0], s[1]);
                ops.reshape(out, back);
                assertSameElements(src, back, "reshape back to " + shape(s[0], s[1]));
            }
        }

        private void assertSameElements(double[][] expected, Matrix actual, String what) {
            double[][] got = read(actual);
            assertEquals(expected.length, got.length, what + ": rows");
            for (int r = 0; r < expected.length; r++) {
                assertArrayEquals(expected[r], got[r], what + ", row " + r);
            }
        }

        @Test
        void reshapeRejectsAnotherSizeAndItself() {
            assertRejected(() -> ops.reshape(ops.zeros(2, 6), ops.zeros(4, 4)), "reshape", "2x6", "4x4");
            Matrix same = ops.zeros(3, 4);
            assertRejected(() -> ops.reshape(same, same), "reshape", "3x4");
            assertRejected(() -> ops.reshape(foreign(2, 3), ops.zeros(3, 2)), "reshape", "2x3");
        }
    }

    // ---- embeddings --------------------------------------------------------------------------------------------

    @Nested
    class Embeddings {

        @Test
        void scatterAddRowsAddsEachRowWhereItsIndexSays() {
            double[][] src = data(4, 7, 181);
            double[][] base = data(5, 7, 182);
            int[] rows = {9, 3, 0, 3, 4, 9};
            double[][] expected = new double[5][];
            double[][] magnitude = abs(base);
            for (int r = 0; r < 5; r++) {
                expected[r] = base[r].clone();
            }
            for (int i = 0; i < 4; i++) {
                for (int c = 0; c < 7; c++) {
                    expected[rows[1 + i]][c] += src[i][c];
                    magnitude[rows[1 + i]][c] += Math.abs(src[i][c]);
                }
            }
            Matrix out = ops.fromArray(base);
            ops.scatterAddRows(ops.fromArray(src), rows, 1, out);
            assertAddedInOrder(expected, read(out), "scatterAddRows (row 3 twice, in order)", 3, magnitude);
        }

        @Test
        void repeatedIndicesAddInTheOrderOfTheSourceRows() {
            for (int[] s : SHAPES) {
                double[][] src = data(s[0], s[1], 191);
                int[] rows = new int[s[0]];
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = i % 3;
                }
                double[][] expected = new double[3][s[1]];
                double[][] magnitude = new double[3][s[1]];
                for (int i = 0; i < rows.length; i++) {
                    for (int c = 0; c < s[1]; c++) {
                        expected[rows[i]][c] += src[i][c];
                        magnitude[rows[i]][c] += Math.abs(src[i][c]);
                    }
                }
                Matrix out = ops.zeros(3, s[1]);
                ops.scatterAddRows(ops.fromArray(src), rows, 0, out);
                assertAddedInOrder(expected, read(out), "scatterAddRows " + shape(s[0], s[1]), s[0] / 3 + 1,
                        magnitude);
            }
        }

        /**
         * Rows added to in a fixed order: in float64 the bits of the reference, which adds in that order; in float32
         * within the rounding of {@code n} float additions (a backend adds in float, the float32 test double in
         * double), whose magnitudes add up to {@code magnitude}.
         */
        private void assertAddedInOrder(double[][] expected, double[][] got, String what, int n,
                                        double[][] magnitude) {
            if (dtype() == DType.FLOAT64) {
                for (int r = 0; r < expected.length; r++) {
                    assertArrayEquals(expected[r], got[r], what + ", row " + r);
                }
            } else {
                assertAccumulated(expected, got, what, n, magnitude);
            }
        }

        @Test
        void scatteringNothingLeavesTheOutput() {
            Matrix out = ops.fromArray(new double[][] {{1, 2}, {3, 4}});
            ops.scatterAddRows(ops.zeros(0, 2), new int[0], 0, out);
            assertExactOp(new double[][] {{1, 2}, {3, 4}}, read(out), "scatterAddRows of no rows");
        }

        @Test
        void badIndicesAndShapesAreRejected() {
            Matrix out = ops.zeros(4, 3);
            IndexOutOfBoundsException high = assertThrows(IndexOutOfBoundsException.class,
                    () -> ops.scatterAddRows(ops.zeros(2, 3), new int[] {0, 4}, 0, out));
            assertTrue(high.getMessage().contains("4") && high.getMessage().contains("position 1")
                    && high.getMessage().contains("4x3"), high.getMessage());
            assertThrows(IndexOutOfBoundsException.class,
                    () -> ops.scatterAddRows(ops.zeros(1, 3), new int[] {-1}, 0, out));
            assertRejected(() -> ops.scatterAddRows(ops.zeros(2, 3), new int[] {0, 1}, 1, out), "scatterAddRows", "2");
            assertRejected(() -> ops.scatterAddRows(ops.zeros(2, 4), new int[] {0, 1}, 0, out), "scatterAddRows",
                    "2x4", "4x3");
            assertRejected(() -> ops.scatterAddRows(out, new int[] {0, 1, 2, 3}, 0, out), "scatterAddRows", "4x3");
            assertRejected(() -> ops.scatterAddRows(foreign(1, 3), new int[] {0}, 0, out), "scatterAddRows", "1x3");
        }
    }

    // ---- images ------------------------------------------------------------------------------------------------

    /**
     * Geometries with padding, strides above one, 1x1 kernels, a kernel as large as the padded input, one channel
     * and many, and non-square images, kernels and strides; each runs on a batch of one and of three.
     */
    static Stream<Arguments> geometries() {
        ConvGeometry[] geometries = {
            new ConvGeometry(1, 5, 5, 3, 3, 1, 1, 0, 0),
            new ConvGeometry(2, 6, 5, 3, 3, 1, 1, 1, 1),
            new ConvGeometry(3, 7, 7, 3, 3, 2, 2, 1, 1),
            new ConvGeometry(4, 3, 3, 1, 1, 1, 1, 0, 0),
            new ConvGeometry(2, 4, 4, 6, 6, 1, 1, 1, 1),
            new ConvGeometry(2, 6, 7, 2, 3, 2, 1, 0, 1),
            new ConvGeometry(1, 9, 8, 4, 2, 3, 2, 2, 1),
            new ConvGeometry(3, 8, 8, 2, 2, 2, 2, 0, 0),
            new ConvGeometry(2, 7, 9, 2, 2, 3, 3, 0, 0),  // rows between and below the windows
            new ConvGeometry(2, 5, 5, 2, 2, 2, 2, 1, 1),  // padded windows that do not overlap
        };
        List<Arguments> cases = new ArrayList<>();
        for (ConvGeometry g : geometries) {
            cases.add(Arguments.of(g, 1));
            cases.add(Arguments.of(g, 3));
        }
        return cases.stream();
    }

    @Nested
    class Images {

        private double[][] images(int batch, ConvGeometry g, long seed) {
            return data(batch, g.imageSize(), seed);
        }

        private void assertExact(double[][] expected, Matrix actual, String what) {
            double[][] got = read(actual);
            assertEquals(expected.length, got.length, what + ": rows");
            for (int r = 0; r < expected.length; r++) {
                assertArrayEquals(expected[r], got[r], 0.0, what + ": row " + r);
            }
        }

        @ParameterizedTest(name = "{0}, batch {1}")
        @MethodSource("dev.tinytorch.api.contract.MatrixOpsContract#geometries")
        void im2colCopiesEachPatchIntoAColumn(ConvGeometry g, int batch) {
            double[][] x = images(batch, g, 1);
            Matrix cols = ops.zeros(g.patchSize(), batch * g.outputPlane());
            ops.fill(cols, Double.NaN);  // every element must be overwritten, padding with zeros
            ops.im2col(ops.fromArray(x), g, cols);
            assertExact(ImageReference.im2col(x, g), cols, "im2col " + g);
        }

        @ParameterizedTest(name = "{0}, batch {1}")
        @MethodSource("dev.tinytorch.api.contract.MatrixOpsContract#geometries")
        void col2imIsTheAdjointOfIm2col(ConvGeometry g, int batch) {
            double[][] x = images(batch, g, 2);
            double[][] y = data(g.patchSize(), batch * g.outputPlane(), 3);
            Matrix cols = ops.zeros(g.patchSize(), batch * g.outputPlane());
            ops.im2col(ops.fromArray(x), g, cols);
            Matrix back = ops.zeros(batch, g.imageSize());
            ops.fill(back, Double.NaN);  // overwritten, not accumulated into
            ops.col2im(ops.fromArray(y), g, back);
            int window = g.kernelH() * g.kernelW();
            double[][] magnitude = ImageReference.col2im(abs(y), batch, g);
            assertAccumulated(ImageReference.col2im(y, batch, g), read(back), "col2im " + g, window, magnitude);
            assertScalar(ImageReference.dot(read(cols), y), ImageReference.dot(x, read(back)),
                    "<im2col(x), y> vs <x, col2im(y)> for " + g, false, window + 2,
                    ImageReference.dot(abs(x), magnitude));
        }

        @ParameterizedTest(name = "{0}, batch {1}")
        @MethodSource("dev.tinytorch.api.contract.MatrixOpsContract#geometries")
        void im2colGemmAndTransposeBlocksConvolve(ConvGeometry g, int batch) {
            int outChannels = 3;
            double[][] x = images(batch, g, 4);
            double[][] w = data(outChannels, g.patchSize(), 5);
            double[] bias = {0.5, -0.25, 2.0};
            Matrix cols = ops.zeros(g.patchSize(), batch * g.outputPlane());
            ops.im2col(ops.fromArray(x), g, cols);
            Matrix y = ops.zeros(outChannels, batch * g.outputPlane());
            ops.gemm(false, false, 1.0, ops.fromArray(w), cols, 0.0, y);
            ops.broadcastColumn(BinaryOp.ADD, y, ops.fromRowMajor(outChannels, 1, bias), y);
            Matrix out = ops.zeros(batch, outChannels * g.outputPlane());
            ops.transposeBlocks(y, g.outputPlane(), out);
            assertAccumulated(ImageReference.conv2d(x, w, bias, g), read(out), "convolution " + g, g.patchSize() + 2,
                    ImageReference.conv2d(abs(x), abs(w), new double[] {0.5, 0.25, 2.0}, g));
            Matrix back = ops.zeros(outChannels, batch * g.outputPlane());
            ops.transposeBlocks(out, g.outputPlane(), back);
            assertExact(read(y), back, "transposeBlocks twice");
        }

        @ParameterizedTest(name = "{0}, batch {1}")
        @MethodSource("dev.tinytorch.api.contract.MatrixOpsContract#geometries")
        void maxPoolPicksTheFirstLargestAndItsGradientGoesThere(ConvGeometry g, int batch) {
            if (2 * g.padH() > g.kernelH() || 2 * g.padW() > g.kernelW()) {
                return;
            }
            double[][] x = images(batch, g, 6);
            // ties: round to a coarse grid so that windows hold equal maxima
            for (double[] row : x) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = Math.round(row[i] * 2) / 2.0;
                }
            }
            int[] expectedWinners = new int[batch * g.pooledSize()];
            double[][] expected = ImageReference.maxPool(x, g, expectedWinners);
            Matrix out = ops.zeros(batch, g.pooledSize());
            int[] winners = new int[batch * g.pooledSize()];
            ops.maxPool(ops.fromArray(x), g, out, winners);
            assertExact(expected, out, "maxPool " + g);
            assertArrayEquals(expectedWinners, winners, "maxPool winners " + g);

            double[][] y = data(batch, g.pooledSize(), 7);
            Matrix gradIn = ops.zeros(batch, g.imageSize());
            ops.fill(gradIn, Double.NaN);
            ops.maxPoolBackward(ops.fromArray(y), g, winners, gradIn);
            double[][] expectedGrad = new double[batch][g.imageSize()];
            double[][] magnitude = new double[batch][g.imageSize()];
            for (int n = 0, k = 0; n < batch; n++) {
                for (int j = 0; j < g.pooledSize(); j++, k++) {
                    expectedGrad[n][winners[k]] += y[n][j];
                    magnitude[n][winners[k]] += Math.abs(y[n][j]);
                }
            }
            assertAccumulated(expectedGrad, read(gradIn), "maxPoolBackward " + g, g.kernelH() * g.kernelW(),
                    magnitude);
        }

        /** Winners that are not in their own window (maxPool never gives them) still add where they point. */
        @Test
        void maxPoolBackwardAddsWhereverTheWinnersPoint() {
            ConvGeometry g = new ConvGeometry(2, 4, 4, 2, 2, 2, 2, 0, 0);
            int batch = 2;
            double[][] y = data(batch, g.pooledSize(), 8);
            int[] winners = new int[batch * g.pooledSize()];
            double[][] expected = new double[batch][g.imageSize()];
            double[][] magnitude = new double[batch][g.imageSize()];
            for (int n = 0, k = 0; n < batch; n++) {
                for (int j = 0; j < g.pooledSize(); j++, k++) {
                    winners[k] = (j * 7 + n) % g.imageSize();  // the last windows' point into earlier rows
                    expected[n][winners[k]] += y[n][j];
                    magnitude[n][winners[k]] += Math.abs(y[n][j]);
                }
            }
            Matrix gradIn = ops.zeros(batch, g.imageSize());
            ops.fill(gradIn, Double.NaN);
            ops.maxPoolBackward(ops.fromArray(y), g, winners, gradIn);
            assertAccumulated(expected, read(gradIn), "maxPoolBackward, winners outside their windows", 2,
                    magnitude);
        }

        @ParameterizedTest(name = "{0}, batch {1}")
        @MethodSource("dev.tinytorch.api.contract.MatrixOpsContract#geometries")
        void avgPoolDividesByTheKernelAreaAndItsGradientIsTheAdjoint(ConvGeometry g, int batch) {
            if (2 * g.padH() > g.kernelH() || 2 * g.padW() > g.kernelW()) {
                return;
            }
            double[][] x = images(batch, g, 8);
            Matrix out = ops.zeros(batch, g.pooledSize());
            ops.avgPool(ops.fromArray(x), g, out);
            int window = g.kernelH() * g.kernelW();
            double[][] magnitude = ImageReference.avgPool(abs(x), g);
            assertAccumulated(ImageReference.avgPool(x, g), read(out), "avgPool " + g, window + 1, magnitude);
            double[][] y = data(batch, g.pooledSize(), 9);
            Matrix gradIn = ops.zeros(batch, g.imageSize());
            ops.fill(gradIn, Double.NaN);
            ops.avgPoolBackward(ops.fromArray(y), g, gradIn);
            assertScalar(ImageReference.dot(read(out), y), ImageReference.dot(x, read(gradIn)),
                    "<avgPool(x), y> vs <x, avgPoolBackward(y)> for " + g, false, 2 * window + 4,
                    ImageReference.dot(magnitude, abs(y)));
        }

        @Test
        void aNanIsTheMaximumAndTheFirstNanWins() {
            ConvGeometry g = new ConvGeometry(1, 2, 4, 2, 2, 2, 2, 0, 0);
            double nan = Double.NaN;
            double[][] x = {{1, nan, 5, Double.POSITIVE_INFINITY,
                             nan, 9, Double.NEGATIVE_INFINITY, nan}};
            Matrix out = ops.zeros(1, 2);
            int[] winners = new int[2];
            ops.maxPool(ops.fromArray(x), g, out, winners);
            assertTrue(Double.isNaN(ops.get(out, 0, 0)) && Double.isNaN(ops.get(out, 0, 1)));
            assertArrayEquals(new int[] {1, 7}, winners, "the first NaN of each window, row-major");
            Matrix avg = ops.zeros(1, 2);
            ops.avgPool(ops.fromArray(x), g, avg);
            assertTrue(Double.isNaN(ops.get(avg, 0, 0)) && Double.isNaN(ops.get(avg, 0, 1)));
        }

        @Test
        void tiesAndNegativeZeroGoToTheFirstElement() {
            ConvGeometry g = new ConvGeometry(2, 2, 2, 2, 2, 1, 1, 0, 0);
            double[][] x = {{-0.0, 0.0, 0.0, -1, -3, -2, -2, -2}};
            Matrix out = ops.zeros(1, 2);
            int[] winners = new int[2];
            ops.maxPool(ops.fromArray(x), g, out, winners);
            assertArrayEquals(new int[] {0, 5}, winners);
            assertEquals(-2.0, ops.get(out, 0, 1));
        }

        /**
         * The common pooling, 2 x 2 windows moving by 2, which backends may take apart from the rest: ties across
         * rows and columns, signed zeros, a difference beyond float32's range and one of the smallest subnormal, each
         * to the window's first largest element, with its own sign.
         */
        @Test
        void twoByTwoWindowsMovingByTwoGoToTheFirstLargest() {
            ConvGeometry g = new ConvGeometry(1, 2, 16, 2, 2, 2, 2, 0, 0);
            double big = 0x1p127;
            double tiny = Float.MIN_VALUE;
            double[][] x = {{-0.0, 0.0, 1, 3, 1, 2, -1, -1, -big, big, 0, tiny, 2, 1, 0.0, -0.0,
                0.0, -0.0, 3, 2, 3, 3, -1, -1, 0, big, tiny, 0, 1, 2, -1, -1}};
            Matrix out = ops.zeros(1, 8);
            int[] winners = new int[8];
            ops.maxPool(ops.fromArray(x), g, out, winners);
            assertArrayEquals(new int[] {0, 3, 20, 6, 9, 11, 12, 14}, winners);
            double[] expected = {-0.0, 3, 3, -1, big, tiny, 2, 0.0};
            for (int j = 0; j < expected.length; j++) {
                assertEquals(expected[j], ops.get(out, 0, j), "window " + j);  // -0.0 is not 0.0 here
            }
        }

        @Test
        void shapesThatDoNotFitTheGeometryAreRejected() {
            ConvGeometry g = new ConvGeometry(2, 5, 5, 3, 3, 1, 1, 0, 0);
            Matrix x = ops.zeros(4, 50);
            assertRejected(() -> ops.im2col(ops.zeros(4, 49), g, ops.zeros(18, 36)), "im2col", "50", "4x49",
                    g.toString());
            assertRejected(() -> ops.im2col(x, g, ops.zeros(18, 35)), "im2col", "18x36", "18x35", g.toString());
            assertRejected(() -> ops.col2im(ops.zeros(9, 36), g, x), "col2im", "18x36", "9x36");
            assertRejected(() -> ops.transposeBlocks(ops.zeros(2, 9), 2, ops.zeros(4, 4)), "transposeBlocks", "2x9");
            assertRejected(() -> ops.transposeBlocks(ops.zeros(2, 8), 2, ops.zeros(2, 8)), "transposeBlocks", "4x4",
                    "2x8");
            assertRejected(() -> ops.maxPool(x, g, ops.zeros(4, 18), new int[71]), "maxPool", "71", "4x18");
            assertRejected(() -> ops.avgPool(x, g, ops.zeros(4, 19)), "avgPool", "4x18", "4x19");
            assertRejected(() -> ops.avgPoolBackward(ops.zeros(4, 18), g, ops.zeros(3, 50)), "avgPoolBackward",
                    "3x18", "4x18");
            ConvGeometry wide = new ConvGeometry(1, 5, 5, 3, 3, 1, 1, 2, 2);
            assertRejected(() -> ops.maxPool(ops.zeros(1, 25), wide, ops.zeros(1, 49), new int[49]), "maxPool",
                    "half the kernel", wide.toString());
            int[] outside = new int[72];
            outside[5] = 50;
            assertThrows(IndexOutOfBoundsException.class, () -> ops.maxPoolBackward(ops.zeros(4, 18), g, outside, x));
            Matrix same = ops.zeros(2, 2);
            assertRejected(() -> ops.transposeBlocks(same, 1, same), "transposeBlocks", "2x2");
            assertRejected(() -> new ConvGeometry(1, 3, 3, 4, 4, 1, 1, 0, 0), "kernel is larger", "3x3 image");
            assertRejected(() -> new ConvGeometry(1, 3, 3, 2, 2, 0, 1, 0, 0), "positive", "stride 0x1");
        }
    }
}
