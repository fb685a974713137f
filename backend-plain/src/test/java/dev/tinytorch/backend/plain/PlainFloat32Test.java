package dev.tinytorch.backend.plain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tinytorch.api.Axis;
import dev.tinytorch.api.Backends;
import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.ConvGeometry;
import dev.tinytorch.api.DType;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.Reduction;
import dev.tinytorch.api.UnaryOp;
import dev.tinytorch.api.contract.Reference;
import java.util.Arrays;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Plain in float32 against plain in float64, on the same inputs rounded to float first: every operation agrees to
 * within float32's rounding ({@value #TOLERANCE} relative), elements are stored as floats, and {@code sum}
 * accumulates in float64. The operation-by-operation check of plain's float32 until the contract suite runs in
 * float32 too.
 */
class PlainFloat32Test {

    /** Relative tolerance: a few hundred float32 roundings (2^-24 each), far below any wrong index or formula. */
    private static final double TOLERANCE = 2e-5;

    private final MatrixOps f32 = Backends.get(PlainBackend.NAME, DType.FLOAT32);
    private final MatrixOps f64 = Backends.get(PlainBackend.NAME, DType.FLOAT64);

    @Test
    void isOfferedInBothPrecisions() {
        assertEquals(DType.FLOAT32, f32.dtype());
        assertEquals(DType.FLOAT64, f64.dtype());
        assertTrue(new PlainBackend().dtypes().containsAll(Arrays.asList(DType.values())));
        assertFalse(f32.owns(f64.zeros(1, 1)), "a float64 matrix is not float32's");
        assertFalse(f64.owns(f32.zeros(1, 1)), "nor the other way round");
    }

    @Test
    void storesFloats() {
        Matrix m = f32.fromRowMajor(1, 2, new double[] {0.1, 1e-50});
        assertEquals((double) 0.1f, f32.get(m, 0, 0));
        assertEquals(0.0, f32.get(m, 0, 1), "1e-50 is below float's smallest subnormal");
        f32.fill(m, 1.0 / 3);
        assertArrayEquals(new double[] {(double) (1f / 3), (double) (1f / 3)}, f32.toRowMajor(m));
    }

    @Test
    void sumsAccumulateInFloat64() {
        double[] values = new double[1001];
        Arrays.fill(values, 1.0);
        values[0] = 1e8;  // in float, 1e8 + 1 is 1e8: a float accumulator would return 1e8
        assertEquals(1e8 + 1000, f32.sum(f32.fromRowMajor(1, values.length, values)));
        Matrix column = f32.zeros(1, 1);
        f32.reduce(Reduction.SUM, Axis.OVER_COLUMNS, f32.fromRowMajor(1, values.length, values), column);
        assertEquals((double) (float) (1e8 + 1000), f32.get(column, 0, 0), "then rounded once to float");
        for (int cols : new int[] {2, 100}) {
            Matrix x = f32.zeros(values.length, cols);
            f32.broadcastColumn(BinaryOp.ADD, x, f32.fromRowMajor(values.length, 1, values), x);
            Matrix sums = f32.zeros(1, cols);
            f32.reduce(Reduction.SUM, Axis.OVER_ROWS, x, sums);
            assertEquals((double) (float) (1e8 + 1000), f32.get(sums, 0, cols - 1), "column sums, " + cols + " wide");
        }
    }

    @Test
    void gemmAgreesOnEveryTransposeAndBlocking() {
        int[][] shapes = {{64, 30, 20}, {30, 64, 20}, {64, 784, 256}, {300, 100, 10}, {1, 300, 77}, {77, 300, 1},
            {64, 1, 20}, {6, 3000, 25}, {200, 517, 131}};
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                boolean ta = t >= 2;
                boolean tb = t % 2 == 1;
                double[][] a = ta ? Reference.random(s[1], s[0], 1) : Reference.random(s[0], s[1], 1);
                double[][] b = tb ? Reference.random(s[2], s[1], 2) : Reference.random(s[1], s[2], 2);
                double[][] c = Reference.random(s[0], s[2], 3);
                agree(Arrays.toString(s) + " transA=" + ta + " transB=" + tb, (ops, m) ->
                        ops.gemm(ta, tb, -0.5, m[0], m[1], 0.25, m[2]), a, b, c);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void mapAgrees(UnaryOp op) {
        agree(op.toString(), (ops, m) -> ops.map(op, m[0], m[1]), scaled(Reference.random(64, 67, 4), 4),
                new double[64][67]);
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void zipAndBroadcastsAgree(BinaryOp op) {
        double[][] x = Reference.random(64, 67, 5);
        double[][] y = Reference.random(64, 67, 6);
        agree("zip " + op, (ops, m) -> ops.zip(op, m[0], m[1], m[2]), x, y, new double[64][67]);
        for (int cols : new int[] {20, 67}) {
            double[][] narrow = Reference.random(64, cols, 7);
            agree("broadcastRow " + op + " " + cols, (ops, m) -> ops.broadcastRow(op, m[0], m[1], m[2]), narrow,
                    Reference.random(1, cols, 8), new double[64][cols]);
        }
        agree("broadcastColumn " + op, (ops, m) -> ops.broadcastColumn(op, m[0], m[1], m[2]), x,
                Reference.random(64, 1, 9), new double[64][67]);
    }

    @ParameterizedTest
    @EnumSource(Reduction.class)
    void reductionsAgree(Reduction op) {
        for (int cols : new int[] {1, 20, 300}) {
            double[][] x = Reference.random(64, cols, 10);
            agree(op + " over rows " + cols, (ops, m) -> ops.reduce(op, Axis.OVER_ROWS, m[0], m[1]), x,
                    new double[1][cols]);
            agree(op + " over columns " + cols, (ops, m) -> ops.reduce(op, Axis.OVER_COLUMNS, m[0], m[1]), x,
                    new double[64][1]);
        }
    }

    @Test
    void scalarUpdatesAgree() {
        double[][] x = Reference.random(300, 300, 11);
        double[][] y = Reference.random(300, 300, 12);
        agree("affine", (ops, m) -> ops.affine(m[0], -1.5, 0.25, m[1]), x, y);
        agree("clip", (ops, m) -> ops.clip(m[0], -0.5, 0.75, m[1]), x, y);
        agree("axpy, split between threads", (ops, m) -> ops.axpy(-0.1, m[0], m[1]), x, y);
        agree("axpy", (ops, m) -> ops.axpy(-0.1, m[0], m[1]), Reference.random(3, 5, 13), Reference.random(3, 5, 14));
    }

    @Test
    void rowOperationsAgree() {
        double[][] set = Reference.random(500, 784, 15);
        int[] rows = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4};
        agree("gatherRows", (ops, m) -> ops.gatherRows(m[0], rows, 2, 18, m[1]), set, new double[18][784]);
        agree("scatterAddRows", (ops, m) -> ops.scatterAddRows(m[0], rows, 0, m[1]), Reference.random(20, 7, 16),
                Reference.random(10, 7, 17));
        agree("copyRows", (ops, m) -> ops.copyRows(m[0], 2, m[1], 1, 3), Reference.random(6, 7, 18),
                new double[5][7]);
        double[][] x = Reference.random(64, 10, 19);
        int[] expected = new int[64];
        int[] actual = new int[64];
        f64.argmaxRows(f64.fromArray(rounded(x)), expected);
        f32.argmaxRows(f32.fromArray(x), actual);
        assertArrayEquals(expected, actual, "argmaxRows");
    }

    @Test
    void recurrentCellsAgree() {
        int h = 20;
        double[][] gates = scaled(Reference.random(16, 4 * h, 20), 3);
        double[][] state = Reference.random(16, h, 21);
        agree("lstmCell", (ops, m) -> ops.lstmCell(m[0], 0, m[1], m[2], m[3]), gates, state, new double[16][h],
                new double[16][h]);
        agree("lstmCellBackward", (ops, m) -> ops.lstmCellBackward(m[0], 0, m[1], m[2], m[3], m[4], m[5]),
                Reference.random(16, 4 * h, 22), state, Reference.random(16, h, 23), Reference.random(16, h, 24),
                Reference.random(16, h, 25), new double[16][4 * h]);
        double[][] three = scaled(Reference.random(16, 3 * h, 26), 3);
        agree("gruCell", (ops, m) -> ops.gruCell(m[0], 0, m[1], m[2], m[3]), three, Reference.random(16, 3 * h, 27),
                state, new double[16][h]);
        agree("gruCellBackward", (ops, m) -> ops.gruCellBackward(m[0], 0, m[1], m[2], m[3], m[4], m[5], m[6]),
                Reference.random(16, 3 * h, 28), three, state, Reference.random(16, h, 29), new double[16][3 * h],
                new double[16][3 * h], new double[16][h]);
    }

    @Test
    void imageOperationsAgree() {
        ConvGeometry conv = ConvGeometry.square(3, 12, 12, 5, 1, 2);
        ConvGeometry pool = ConvGeometry.square(3, 12, 12, 2, 2, 0);
        int batch = 40;  // large enough to be split by images between threads
        double[][] images = Reference.random(batch, conv.imageSize(), 30);
        int columns = batch * conv.outputPlane();
        agree("im2col", (ops, m) -> ops.im2col(m[0], conv, m[1]), images, new double[conv.patchSize()][columns]);
        agree("col2im", (ops, m) -> ops.col2im(m[0], conv, m[1]), Reference.random(conv.patchSize(), columns, 31),
                new double[batch][conv.imageSize()]);
        int pooled = pool.channels() * pool.outputPlane();
        agree("maxPool", (ops, m) -> ops.maxPool(m[0], pool, m[1], new int[batch * pooled]), images,
                new double[batch][pooled]);
        agree("avgPool", (ops, m) -> ops.avgPool(m[0], pool, m[1]), images, new double[batch][pooled]);
    }

    /**
     * Runs {@code op} on both precisions over matrices made of {@code inputs} (rounded to float), and compares every
     * matrix afterwards, inputs included (some operations update them).
     */
    private void agree(String what, BiConsumer<MatrixOps, Matrix[]> op, double[][]... inputs) {
        Matrix[] wide = new Matrix[inputs.length];
        Matrix[] narrow = new Matrix[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            wide[i] = f64.fromArray(rounded(inputs[i]));
            narrow[i] = f32.fromArray(inputs[i]);
        }
        op.accept(f64, wide);
        op.accept(f32, narrow);
        for (int i = 0; i < inputs.length; i++) {
            double[] expected = f64.toRowMajor(wide[i]);
            double[] actual = f32.toRowMajor(narrow[i]);
            for (int j = 0; j < expected.length; j++) {
                if (!close(expected[j], actual[j])) {
                    fail(what + ": matrix " + i + " element " + j + " is " + actual[j] + " in float32, " + expected[j]
                            + " in float64");
                }
            }
        }
    }

    private static boolean close(double expected, double actual) {
        if (Double.isNaN(expected) || Double.isInfinite(expected)) {
            return Double.compare(expected, actual) == 0;
        }
        if (Math.abs(expected) > Float.MAX_VALUE) {
            return Double.isInfinite(actual) && Math.signum(actual) == Math.signum(expected);
        }
        return Math.abs(expected - actual) <= TOLERANCE * Math.max(1.0, Math.abs(expected));
    }

    private static double[][] rounded(double[][] x) {
        double[][] out = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            out[r] = new double[x[r].length];
            for (int c = 0; c < x[r].length; c++) {
                out[r][c] = (float) x[r][c];
            }
        }
        return out;
    }

    private static double[][] scaled(double[][] x, double factor) {
        for (double[] row : x) {
            for (int c = 0; c < row.length; c++) {
                row[c] *= factor;
            }
        }
        return x;
    }
}
