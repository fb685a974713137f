package dev.tinytorch.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tinytorch.api.Axis;
import dev.tinytorch.api.Backends;
import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.Reduction;
import dev.tinytorch.api.UnaryOp;
import org.junit.jupiter.api.Test;

/** Each ND4J kernel this backend picks, against answers worked out by hand, including the edge cases ND4J trips on. */
class Nd4jOpsTest {

    private final MatrixOps ops = Backends.get(Nd4jBackend.NAME);

    private Matrix m(double[][] data) {
        return ops.fromArray(data);
    }

    @Test
    void gemmHonoursTransposesAlphaAndBeta() {
        Matrix a = m(new double[][] {{1, 2, 3}, {4, 5, 6}});
        Matrix b = m(new double[][] {{1, 0}, {0, 1}, {1, 1}});
        Matrix c = m(new double[][] {{1, 1}, {1, 1}});
        ops.gemm(false, false, 2.0, a, b, 0.5, c);
        assertArrayEquals(new double[] {8.5, 10.5, 20.5, 22.5}, ops.toRowMajor(c));

        Matrix at = m(new double[][] {{1, 4}, {2, 5}, {3, 6}});
        Matrix bt = m(new double[][] {{1, 0, 1}, {0, 1, 1}});
        Matrix d = m(new double[][] {{Double.NaN, Double.NaN}, {Double.NaN, Double.NaN}});
        ops.gemm(true, true, 1.0, at, bt, 0.0, d);
        assertArrayEquals(new double[] {4, 5, 10, 11}, ops.toRowMajor(d));
    }

    @Test
    void gemmWithAnEmptyInnerDimensionOnlyScalesC() {
        Matrix c = m(new double[][] {{2, 4}});
        ops.gemm(false, false, 1.0, ops.zeros(1, 0), ops.zeros(0, 2), 0.5, c);
        assertArrayEquals(new double[] {1, 2}, ops.toRowMajor(c));
    }

    @Test
    void sigmoidAndExpStayFiniteWhereTheyShould() {
        Matrix x = m(new double[][] {{-1000, -745, 0, 745, 1000}});
        Matrix out = ops.zeros(1, 5);
        ops.map(UnaryOp.SIGMOID, x, out);
        double[] s = ops.toRowMajor(out);
        assertEquals(0.0, s[0]);
        assertEquals(0.5, s[2]);
        assertEquals(1.0, s[4]);
        ops.map(UnaryOp.EXP, x, out);
        assertEquals(Double.POSITIVE_INFINITY, ops.get(out, 0, 4));
        ops.map(UnaryOp.LOG, ops.zeros(1, 5), out);
        assertEquals(Double.NEGATIVE_INFINITY, ops.get(out, 0, 0));
    }

    @Test
    void reluAndStepAreZeroAtZero() {
        Matrix x = m(new double[][] {{-2, 0, 3}});
        Matrix out = ops.zeros(1, 3);
        ops.map(UnaryOp.RELU, x, out);
        assertArrayEquals(new double[] {0, 0, 3}, ops.toRowMajor(out));
        ops.map(UnaryOp.STEP, x, out);
        assertArrayEquals(new double[] {0, 0, 1}, ops.toRowMajor(out));
    }

    @Test
    void broadcastsRunAlongTheRightDimension() {
        Matrix x = m(new double[][] {{1, 2, 3}, {4, 5, 6}});
        Matrix out = ops.zeros(2, 3);
        ops.broadcastRow(BinaryOp.SUB, x, m(new double[][] {{1, 2, 3}}), out);
        assertArrayEquals(new double[] {0, 0, 0, 3, 3, 3}, ops.toRowMajor(out));
        ops.broadcastColumn(BinaryOp.DIV, x, m(new double[][] {{1}, {2}}), out);
        assertArrayEquals(new double[] {1, 2, 3, 2, 2.5, 3}, ops.toRowMajor(out));
        ops.broadcastColumn(BinaryOp.MAX, x, m(new double[][] {{2}, {5}}), x);
        assertArrayEquals(new double[] {2, 2, 3, 5, 5, 6}, ops.toRowMajor(x));
    }

    @Test
    void reductionsKeepTheirRowOrColumnShape() {
        Matrix x = m(new double[][] {{1, 5, 3}, {4, 2, 6}});
        Matrix row = ops.zeros(1, 3);
        Matrix column = ops.zeros(2, 1);
        ops.reduce(Reduction.SUM, Axis.OVER_ROWS, x, row);
        assertArrayEquals(new double[] {5, 7, 9}, ops.toRowMajor(row));
        ops.reduce(Reduction.MEAN, Axis.OVER_COLUMNS, x, column);
        assertArrayEquals(new double[] {3, 4}, ops.toRowMajor(column));
        ops.reduce(Reduction.MAX, Axis.OVER_ROWS, x, row);
        assertArrayEquals(new double[] {4, 5, 6}, ops.toRowMajor(row));
        assertEquals(21.0, ops.sum(x));
    }

    @Test
    void argmaxTakesTheFirstOfEqualMaxima() {
        int[] out = new int[3];
        ops.argmaxRows(m(new double[][] {{1, 7, 7}, {9, 9, 0}, {-1, -2, -1}}), out);
        assertArrayEquals(new int[] {1, 0, 0}, out);
        int[] one = new int[1];
        ops.argmaxRows(m(new double[][] {{0, 3}}), one);
        assertArrayEquals(new int[] {1}, one);
    }

    @Test
    void gatherRowsTakesASliceOfTheIndexArray() {
        Matrix src = m(new double[][] {{0, 0}, {1, 1}, {2, 2}});
        Matrix out = ops.zeros(2, 2);
        ops.gatherRows(src, new int[] {0, 2, 1, 0}, 1, 2, out);
        assertArrayEquals(new double[] {2, 2, 1, 1}, ops.toRowMajor(out));
    }

    @Test
    void affineClipAndAxpyWriteInPlace() {
        Matrix x = m(new double[][] {{-2, 0.5, 4}});
        ops.affine(x, 2.0, 1.0, x);
        assertArrayEquals(new double[] {-3, 2, 9}, ops.toRowMajor(x));
        ops.clip(x, -1.0, 3.0, x);
        assertArrayEquals(new double[] {-1, 2, 3}, ops.toRowMajor(x));
        Matrix y = m(new double[][] {{1, 1, 1}});
        ops.axpy(-2.0, x, y);
        assertArrayEquals(new double[] {3, -3, -5}, ops.toRowMajor(y));
    }

    @Test
    void affineGivesTheSameNumbersByEachOfItsKernelPaths() {
        double[] x = {-2.5, 0.1, 3.0, 1e300, Double.NEGATIVE_INFINITY};
        double[][] forms = {{3.0, 0.0}, {1.0, 0.7}, {-1.0, 1.0}, {-1.0, 0.0}, {0.5, -2.0}, {1.0, 0.0}};
        for (double[] form : forms) {
            double scale = form[0];
            double shift = form[1];
            double[] expected = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                expected[i] = scale * x[i] + shift;
            }
            Matrix in = m(new double[][] {x});
            Matrix out = ops.zeros(1, x.length);
            ops.affine(in, scale, shift, out);
            assertArrayEquals(expected, ops.toRowMajor(out), "affine " + scale + " x + " + shift);
            ops.affine(in, scale, shift, in);
            assertArrayEquals(expected, ops.toRowMajor(in), "affine in place " + scale + " x + " + shift);
        }
    }

    @Test
    void emptyMatricesNeedNoNativeCall() {
        Matrix empty = ops.zeros(0, 3);
        ops.fill(empty, 1.0);
        ops.map(UnaryOp.EXP, empty, empty);
        Matrix sums = m(new double[][] {{Double.NaN, Double.NaN, Double.NaN}});
        ops.reduce(Reduction.SUM, Axis.OVER_ROWS, empty, sums);
        assertArrayEquals(new double[3], ops.toRowMajor(sums));
        assertEquals(0.0, ops.sum(empty));
    }
}
