package dev.tinytorch.api.contract;

import static dev.tinytorch.api.contract.Rejections.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract of {@link MatrixOps#gemm(boolean, boolean, double, Matrix, int, int, Matrix, double, Matrix, int, int)},
 * the product on blocks of rows: it must give, bit for bit, what {@link MatrixOps#gemm} gives on copies of the
 * blocks, write nothing outside C's block, and be rejected naming the shapes and the row range when a block falls
 * outside its matrix or the shapes disagree. {@link MatrixOpsContract} runs it as a nested class, so every backend
 * does, in both precisions.
 */
public abstract class RowBlockGemmContract {

    /** Blocks per time-major matrix; each case runs with its block first, in the middle and last. */
    private static final int BLOCKS = 5;

    /**
     * Products {@code m x k x n}: a row, a column and depth one (plain's vector and outer products), odd sizes, the
     * recurrent layers' steps (batch 64, H 64, 3H and 4H), a narrow transposed product, a deep one and one large
     * enough to be shared between threads.
     */
    private static final int[][] PRODUCTS = {
        {1, 7, 9}, {9, 7, 1}, {5, 1, 6}, {7, 13, 5}, {33, 17, 65}, {64, 64, 256}, {64, 192, 64}, {40, 2000, 5},
        {3, 2100, 5}, {130, 130, 129},
    };

    /** The backend under test. */
    protected abstract MatrixOps ops();

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (int[] p : PRODUCTS) {
            for (int t = 0; t < 4; t++) {
                cases.add(Arguments.of(t >= 2, t % 2 == 1, p[0], p[1], p[2]));
            }
        }
        return cases.stream();
    }

    private Matrix random(int rows, int cols, Random rng) {
        double[] data = new double[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = 2 * rng.nextDouble() - 1;
        }
        return ops().fromRowMajor(rows, cols, data);
    }

    /** A new matrix holding rows {@code row .. row + rows - 1} of {@code m}. */
    private Matrix block(Matrix m, int row, int rows) {
        Matrix out = ops().zeros(rows, m.cols());
        ops().copyRows(m, row, out, 0, rows);
        return out;
    }

    private double[] bits(Matrix m) {
        return ops().toRowMajor(m);
    }

    /**
     * One product with A's block at {@code aBlock} of {@link #BLOCKS} (A whole when negative) and C's at
     * {@code cBlock} (likewise), against gemm on copies of the blocks.
     */
    private void check(boolean transA, boolean transB, int m, int k, int n, double alpha, double beta, int aBlock,
                       int cBlock, long seed) {
        Random rng = new Random(seed);
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        Matrix a = random(aBlock < 0 ? aRows : BLOCKS * aRows, aCols, rng);
        Matrix b = transB ? random(n, k, rng) : random(k, n, rng);
        Matrix c = random(cBlock < 0 ? m : BLOCKS * m, n, rng);
        int aRow = Math.max(aBlock, 0) * aRows;
        int cRow = Math.max(cBlock, 0) * m;
        Matrix aCopy = block(a, aRow, aRows);
        Matrix expected = block(c, cRow, m);
        double[] before = bits(c);
        ops().gemm(transA, transB, alpha, aCopy, b, beta, expected);

        ops().gemm(transA, transB, alpha, a, aRow, aRows, b, beta, c, cRow, m);

        String what = "gemm transA=" + transA + " transB=" + transB + " " + m + "x" + k + "x" + n + " alpha=" + alpha
                + " beta=" + beta + ", A rows from " + aRow + " of " + a.shape() + ", C rows from " + cRow + " of "
                + c.shape();
        double[] after = bits(c);
        double[] block = bits(expected);
        for (int i = 0; i < after.length; i++) {
            int inBlock = i - cRow * n;
            boolean inside = inBlock >= 0 && inBlock < block.length;
            double want = inside ? block[inBlock] : before[i];
            if (Double.doubleToLongBits(want) != Double.doubleToLongBits(after[i])) {
                throw new AssertionError(what + ": element " + i + " (row " + i / n + ") expected " + want
                        + " but was " + after[i] + (inside ? "" : ", outside C's block"));
            }
        }
    }

    @ParameterizedTest(name = "transA={0} transB={1} {2}x{3}x{4}")
    @MethodSource("cases")
    void givesTheBitsOfGemmOnCopiesOfTheBlocksAndKeepsTheOtherRows(boolean transA, boolean transB, int m, int k,
                                                                   int n) {
        long seed = 7;
        for (int block : new int[] {0, BLOCKS / 2, BLOCKS - 1}) {
            check(transA, transB, m, k, n, 1.0, 0.0, block, -1, seed++);       // A's block, as a step's dG W_hh
            check(transA, transB, m, k, n, 1.0, 1.0, -1, block, seed++);       // C's block, as a step's h W_hh^T
            check(transA, transB, m, k, n, -0.75, 0.5, block, BLOCKS - 1 - block, seed++);  // both
        }
    }

    @Test
    void theWholeMatrixIsGemm() {
        Random rng = new Random(3);
        Matrix a = random(7, 13, rng);
        Matrix b = random(13, 5, rng);
        Matrix c = random(7, 5, rng);
        Matrix expected = block(c, 0, 7);
        ops().gemm(false, false, 0.5, a, b, 2.0, expected);
        ops().gemm(false, false, 0.5, a, 0, 7, b, 2.0, c, 0, 7);
        assertEquals(List.of(box(bits(expected))), List.of(box(bits(c))));
    }

    private static Double[] box(double[] x) {
        return java.util.Arrays.stream(x).boxed().toArray(Double[]::new);
    }

    @Test
    void betaZeroIgnoresNaNInTheBlockAndKeepsTheOtherRows() {
        Random rng = new Random(5);
        Matrix a = random(6, 4, rng);
        Matrix b = random(4, 3, rng);
        Matrix c = ops().fromRowMajor(BLOCKS * 2, 3, nan(BLOCKS * 2 * 3));
        ops().gemm(false, false, 1.0, a, 2, 2, b, 0.0, c, 4, 2);
        double[] after = bits(c);
        for (int i = 0; i < after.length; i++) {
            boolean inBlock = i >= 4 * 3 && i < 6 * 3;
            assertTrue(inBlock != Double.isNaN(after[i]), "element " + i + ": " + after[i]);
        }
    }

    private static double[] nan(int n) {
        double[] x = new double[n];
        java.util.Arrays.fill(x, Double.NaN);
        return x;
    }

    @Test
    void emptyBlocksAreAllowed() {
        Matrix c = ops().fromRowMajor(2, 3, new double[] {1, 2, 3, 4, 5, 6});
        ops().gemm(false, false, 1.0, ops().zeros(4, 5), 1, 0, ops().zeros(5, 3), 0.0, c, 1, 0);
        ops().gemm(true, false, 1.0, ops().zeros(4, 2), 1, 0, ops().zeros(0, 3), 0.5, c, 0, 2);
        assertEquals(List.of(0.5, 1.0, 1.5, 2.0, 2.5, 3.0), List.of(box(bits(c))));
    }

    @Test
    void blocksOutsideTheirMatrixAreRejectedNamingTheRowRange() {
        Matrix a = ops().zeros(10, 3);
        Matrix b = ops().zeros(3, 4);
        Matrix c = ops().zeros(10, 4);
        assertRejected(() -> ops().gemm(false, false, 1.0, a, 8, 4, b, 0.0, c, 0, 4), "gemm", "A", "8..11",
                "10x3", "3x4", "10x4");
        assertRejected(() -> ops().gemm(false, false, 1.0, a, -1, 4, b, 0.0, c, 0, 4), "gemm", "-1..2", "10x3");
        assertRejected(() -> ops().gemm(false, false, 1.0, a, 0, 4, b, 0.0, c, 7, 4), "gemm", "C", "7..10",
                "10x4", "10x3");
        assertRejected(() -> ops().gemm(false, false, 1.0, a, 0, -2, b, 0.0, c, 0, 4), "gemm", "-2 rows");
    }

    @Test
    void mismatchedShapesAreRejectedNamingBothShapesAndTheRows() {
        Matrix a = ops().zeros(10, 3);
        assertRejected(() -> ops().gemm(false, false, 1.0, a, 2, 4, ops().zeros(5, 4), 0.0, ops().zeros(8, 4), 0, 4),
                "gemm", "inner", "2..5", "10x3", "5x4");
        assertRejected(() -> ops().gemm(false, false, 1.0, a, 2, 4, ops().zeros(3, 4), 0.0, ops().zeros(8, 4), 0, 3),
                "gemm", "4x4", "2..5", "10x3", "0..2", "8x4");
        assertRejected(() -> ops().gemm(true, false, 1.0, a, 2, 4, ops().zeros(4, 5), 0.0, ops().zeros(8, 5), 0, 4),
                "gemm", "3x5", "A^T", "10x3", "8x5");
        assertRejected(() -> ops().gemm(false, false, 1.0, a, 0, 2, ops().zeros(3, 3), 0.0, a, 4, 2), "gemm",
                "may not", "10x3");
    }
}
