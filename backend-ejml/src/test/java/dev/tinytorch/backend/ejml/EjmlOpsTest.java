package dev.tinytorch.backend.ejml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Axis;
import dev.tinytorch.api.Backends;
import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.Reduction;
import dev.tinytorch.api.UnaryOp;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Checks the EJML backend in float64 against hand computations, including the paths where EJML has no kernel; its
 * products are checked by {@code EjmlGemmTest} in both precisions.
 */
class EjmlOpsTest {

    private final MatrixOps ops = Backends.get("ejml");
    private final SplittableRandom rng = new SplittableRandom(7);

    private double[] random(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextDouble(-2, 2);
        }
        return v;
    }

    @Test
    void isDiscoveredBelowPlainPriority() {
        assertEquals("ejml", ops.name());
        assertTrue(new EjmlBackend().priority() < 100);
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void mapFollowsTheScalarDefinitionInPlaceAndOut(UnaryOp op) {
        double[] x = {-3, -0.5, -0.0, 0.0, 0.25, 2, 40, Double.NEGATIVE_INFINITY, Double.NaN};
        double[] want = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            want[i] = op.apply(x[i]);
        }
        Matrix m = ops.fromRowMajor(3, 3, x);
        Matrix out = ops.zeros(3, 3);
        ops.map(op, m, out);
        assertArrayEquals(want, ops.toRowMajor(out), 1e-15);
        ops.map(op, m, m);
        assertArrayEquals(want, ops.toRowMajor(m), 1e-15);
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void zipFollowsTheScalarDefinitionWithEitherInputAsOutput(BinaryOp op) {
        double[] a = random(6);
        double[] b = random(6);
        double[] want = new double[6];
        for (int i = 0; i < 6; i++) {
            want[i] = op.apply(a[i], b[i]);
        }
        Matrix am = ops.fromRowMajor(2, 3, a);
        Matrix bm = ops.fromRowMajor(2, 3, b);
        ops.zip(op, am, bm, bm);
        assertArrayEquals(want, ops.toRowMajor(bm), 0.0);
        bm = ops.fromRowMajor(2, 3, b);
        ops.zip(op, am, bm, am);
        assertArrayEquals(want, ops.toRowMajor(am), 0.0);
    }

    @Test
    void affineClipAndAxpy() {
        Matrix x = ops.fromRowMajor(1, 4, new double[] {-2, -1, 1, 3});
        ops.affine(x, 2.0, 0.5, x);
        assertArrayEquals(new double[] {-3.5, -1.5, 2.5, 6.5}, ops.toRowMajor(x), 0.0);
        Matrix out = ops.zeros(1, 4);
        ops.clip(x, -2, 3, out);
        assertArrayEquals(new double[] {-2, -1.5, 2.5, 3}, ops.toRowMajor(out), 0.0);
        ops.axpy(-2.0, out, x);
        assertArrayEquals(new double[] {0.5, 1.5, -2.5, 0.5}, ops.toRowMajor(x), 0.0);
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void broadcastsInPlaceOutOfPlaceAndIntoTheirOperand(BinaryOp op) {
        double[] x = random(6);
        double[] row = random(3);
        double[] col = random(2);
        double[] wantRow = new double[6];
        double[] wantCol = new double[6];
        for (int i = 0; i < 6; i++) {
            wantRow[i] = op.apply(x[i], row[i % 3]);
            wantCol[i] = op.apply(x[i], col[i / 3]);
        }
        Matrix xm = ops.fromRowMajor(2, 3, x);
        Matrix out = ops.zeros(2, 3);
        ops.broadcastRow(op, xm, ops.fromRowMajor(1, 3, row), out);
        assertArrayEquals(wantRow, ops.toRowMajor(out), 0.0);
        ops.broadcastRow(op, xm, ops.fromRowMajor(1, 3, row), xm);
        assertArrayEquals(wantRow, ops.toRowMajor(xm), 0.0);
        xm = ops.fromRowMajor(2, 3, x);
        ops.broadcastColumn(op, xm, ops.fromRowMajor(2, 1, col), out);
        assertArrayEquals(wantCol, ops.toRowMajor(out), 0.0);
        ops.broadcastColumn(op, xm, ops.fromRowMajor(2, 1, col), xm);
        assertArrayEquals(wantCol, ops.toRowMajor(xm), 0.0);

        // a one-row x broadcast with a row that is also the output
        Matrix single = ops.fromRowMajor(1, 3, new double[] {x[0], x[1], x[2]});
        Matrix r = ops.fromRowMajor(1, 3, row);
        ops.broadcastRow(op, single, r, r);
        assertArrayEquals(new double[] {wantRow[0], wantRow[1], wantRow[2]}, ops.toRowMajor(r), 0.0);
    }

    @Test
    void reductionsAlongBothAxes() {
        Matrix x = ops.fromRowMajor(2, 3, new double[] {1, 5, -3, 4, 2, -6});
        Matrix row = ops.zeros(1, 3);
        Matrix col = ops.zeros(2, 1);
        ops.reduce(Reduction.SUM, Axis.OVER_ROWS, x, row);
        assertArrayEquals(new double[] {5, 7, -9}, ops.toRowMajor(row), 0.0);
        ops.reduce(Reduction.MEAN, Axis.OVER_COLUMNS, x, col);
        assertArrayEquals(new double[] {1, 0}, ops.toRowMajor(col), 0.0);
        ops.reduce(Reduction.MAX, Axis.OVER_ROWS, x, row);
        assertArrayEquals(new double[] {4, 5, -3}, ops.toRowMajor(row), 0.0);
        ops.reduce(Reduction.MAX, Axis.OVER_COLUMNS, x, col);
        assertArrayEquals(new double[] {5, 4}, ops.toRowMajor(col), 0.0);
        assertEquals(3.0, ops.sum(x), 0.0);
    }

    /**
     * The SUM and MEAN reductions, {@code sum} and {@code axpy} are the backend's own float64 loops (EJML's float
     * kernels accumulate in float): in float64 they give EJML's bits.
     */
    @Test
    void ownSumsAndAxpyGiveTheBitsOfEjmlsKernelsInFloat64() {
        int rows = 37;
        int cols = 53;
        double[] data = random(rows * cols);
        double[] other = random(rows * cols);
        DMatrixRMaj dense = new DMatrixRMaj(rows, cols, true, data);
        Matrix x = ops.fromRowMajor(rows, cols, data);
        Matrix sums = ops.zeros(1, cols);
        ops.reduce(Reduction.SUM, Axis.OVER_ROWS, x, sums);
        assertArrayEquals(CommonOps_DDRM.sumCols(dense, null).data, ops.toRowMajor(sums));
        Matrix means = ops.zeros(rows, 1);
        ops.reduce(Reduction.MEAN, Axis.OVER_COLUMNS, x, means);
        DMatrixRMaj ejmlMeans = CommonOps_DDRM.sumRows(dense, null);
        CommonOps_DDRM.divide(ejmlMeans, cols);
        assertArrayEquals(ejmlMeans.data, ops.toRowMajor(means));
        assertEquals(CommonOps_DDRM.elementSum(dense), ops.sum(x));
        Matrix y = ops.fromRowMajor(rows, cols, other);
        ops.axpy(-0.3, x, y);
        DMatrixRMaj ejmlY = new DMatrixRMaj(rows, cols, true, other);
        CommonOps_DDRM.addEquals(ejmlY, -0.3, dense);
        assertArrayEquals(ejmlY.data, ops.toRowMajor(y));
    }

    @Test
    void maxKeepsMinusInfinityAndNaNAsMathMaxDoes() {
        double inf = Double.NEGATIVE_INFINITY;
        Matrix x = ops.fromRowMajor(2, 2, new double[] {inf, inf, 1, Double.NaN});
        Matrix col = ops.zeros(2, 1);
        ops.reduce(Reduction.MAX, Axis.OVER_COLUMNS, x, col);
        assertArrayEquals(new double[] {inf, Double.NaN}, ops.toRowMajor(col), 0.0);
        Matrix row = ops.zeros(1, 2);
        ops.reduce(Reduction.MAX, Axis.OVER_ROWS, x, row);
        assertArrayEquals(new double[] {1, Double.NaN}, ops.toRowMajor(row), 0.0);
    }

    @Test
    void argmaxAndGather() {
        Matrix x = ops.fromRowMajor(3, 3, new double[] {1, 3, 3, -1, -2, -0.5, 0, 0, 0});
        int[] best = new int[3];
        ops.argmaxRows(x, best);
        assertArrayEquals(new int[] {1, 2, 0}, best);
        Matrix out = ops.zeros(2, 3);
        ops.gatherRows(x, new int[] {9, 2, 0, 9}, 1, 2, out);
        assertArrayEquals(new double[] {0, 0, 0, 1, 3, 3}, ops.toRowMajor(out), 0.0);
    }

    @Test
    void refusesAShapeWhoseSizeOverflowsAnInt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ops.zeros(65536, 65537));
        assertTrue(e.getMessage().contains("65536x65537"), e.getMessage());
    }

    @Test
    void edgesCopyAndFill() {
        double[] data = {1, 2, 3, 4, 5, 6};
        Matrix m = ops.fromRowMajor(2, 3, data);
        data[0] = 99; // the matrix holds a copy
        assertEquals(1.0, ops.get(m, 0, 0));
        assertEquals(6.0, ops.get(m, 1, 2));
        ops.setRowMajor(m, new double[] {6, 5, 4, 3, 2, 1});
        Matrix copy = ops.zeros(2, 3);
        ops.copy(m, copy);
        assertArrayEquals(new double[] {6, 5, 4, 3, 2, 1}, ops.toRowMajor(copy), 0.0);
        ops.fill(copy, -1);
        assertArrayEquals(new double[] {-1, -1, -1, -1, -1, -1}, ops.toRowMajor(copy), 0.0);
        assertEquals(6.0, ops.get(m, 0, 0));
    }
}
