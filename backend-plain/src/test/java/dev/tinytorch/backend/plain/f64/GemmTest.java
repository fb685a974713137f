package dev.tinytorch.backend.plain.f64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.contract.Reference;
import dev.tinytorch.api.kernels.AlwaysDouble;
import dev.tinytorch.backend.plain.machine.BandThreads;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Gemm} with each kernel set, on shapes chosen against its own blocking: one past each block size, and
 * products shared between threads. The contract suite covers the usual shapes.
 */
class GemmTest {

    /** (m, k, n). */
    private static final int[][] PRODUCTS = {
        {Gemm.MC + 5, 2 * Gemm.KC + 3, 37},     // several row blocks and depth blocks, ragged
        {6, 17, Gemm.NC + 21},                  // two column blocks on one thread
        {3, 40, 20_000},                        // shared between threads: slices of columns, several blocks each
        {70, 300, 130},                         // shared, slices of columns, the last one ragged
        {523, 64, 70},                          // shared, slices of rows, each several row blocks, ragged
        {4 * Gemm.MC + 9, 40, 40},              // shared, slices of rows longer than a row block
        {20, 2 * Gemm.KC + 3, 40},              // one thread, B whole vectors wide: read in place when alpha is 1
        {70, 33, 10},                           // C narrow and small: unpacked, the last block of rows ragged
        {300, 100, 10},                         // C narrower than a tile, too large for that: (B^T A)^T
        {192, Gemm.KC + 5, 28},                 // a recurrent weight gradient: with A transposed, (B^T A)^T
        {256, Gemm.KC - 1, 28},                 // the same too shallow to repay the copy back, unless C < a tile
        {2, 3, 1},
        {1, 300, 77},                           // C a single row: sums of scaled rows, or dot products
        {77, 300, 1},                           // C a single column
        {1, 64, 27},                            // a single row two vectors, one vector and a few wide
        {20, 64, 1},                            // a single column from a transposed A: one sum of 64 rows
        {64, 1, 20},                            // depth one: an outer product
        {9, 1, 5},                              // depth one, C narrower than a vector: scalar
        {9, 1, 32},                             // depth one, C whole vectors wide: no overlapping last vector
        {64, 30, 20},                           // the seed network's layer: A in place, a ragged panel of B
        {30, 64, 20},                           // its weight gradient: a transposed A packed, ragged both ways
        {1, 1, 1},
        {6, 3 * DeepProduct.CHUNK + 5, 25},      // A B^T deep and small: chunked dot products, a ragged last chunk
        {7, DeepProduct.MIN_DEPTH, 3},          // the same on one thread: odd rows and columns left to the kernel
    };

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        Kernels.available().forEach(kernels -> {
            for (int[] p : PRODUCTS) {
                for (int t = 0; t < 4; t++) {
                    for (double beta : new double[] {0.25, 0.0}) {
                        for (double alpha : new double[] {-0.5, 1.0}) {
                            cases.add(Arguments.of(kernels, t >= 2, t % 2 == 1, p[0], p[1], p[2], alpha, beta));
                        }
                    }
                }
            }
        });
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: transA={1} transB={2} {3}x{4}x{5} alpha={6} beta={7}")
    @MethodSource("cases")
    void matchesTheReference(ScalarKernels kernels, boolean transA, boolean transB, int m, int k, int n,
                             double alpha, double beta) {
        @AlwaysDouble double[][] a = Elements.rounded(transA ? Reference.random(k, m, 1) : Reference.random(m, k, 1));
        @AlwaysDouble double[][] b = Elements.rounded(transB ? Reference.random(n, k, 2) : Reference.random(k, n, 2));
        @AlwaysDouble double[][] c = Elements.rounded(Reference.random(m, n, 3));
        double[] cd = Elements.flatten(c);
        new Gemm(kernels).multiply(transA, transB, alpha, Elements.flatten(a), a[0].length, Elements.flatten(b),
                b[0].length, beta, cd, m, n, k);
        Elements.assertClose(Reference.gemm(transA, transB, alpha, a, b, beta, c, m, k, n),
                Elements.unflatten(cd, m, n), kernels + " " + m + "x" + k + "x" + n);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tinytorch.backend.plain.f64.Kernels#available")
    void anOuterProductWithAlphaZeroReadsNeitherFactor(ScalarKernels kernels) {
        double[] x = new double[64];
        double[] y = new double[20];
        Arrays.fill(x, Double.NaN);
        Arrays.fill(y, Double.POSITIVE_INFINITY);
        double[] c = new double[64 * 20];
        Arrays.fill(c, 2.0);
        new Gemm(kernels).multiply(false, false, 0.0, x, 1, y, 20, 0.5, c, 64, 20, 1);
        for (double v : c) {
            assertEquals(1.0, v);
        }
    }

    /**
     * B is packed at a row stride of {@link Gemm#ALIASED_STRIDE} bytes, and from {@link Gemm#FAR_STRIDE} bytes
     * under a block of A's rows; the same B stored with rows less than {@link Gemm#FAR_STRIDE} bytes apart is read
     * in place: both give the same bits, on one thread and on two, over one depth block and two, one block of A's
     * rows and two.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tinytorch.backend.plain.f64.Kernels#available")
    void bPackedAtAFarStrideGivesTheBitsOfBReadInPlace(ScalarKernels kernels) {
        int aliased = Gemm.ALIASED_STRIDE / Double.BYTES;
        int far = Gemm.FAR_STRIDE / Double.BYTES;
        assertTrue(Gemm.packsB(aliased, 1) && Gemm.packsB(2 * aliased, 1), "rows 4 KB and 8 KB apart alias");
        assertTrue(Gemm.packsB(far, Gemm.MC) && Gemm.packsB(aliased + 1, Gemm.MC), "far rows under a block of A");
        assertFalse(Gemm.packsB(far, Gemm.MC - 1) || Gemm.packsB(aliased + 1, Gemm.MC - 1), "far rows, few of A");
        assertFalse(Gemm.packsB(far - 1, Integer.MAX_VALUE), "rows less than 2 KB apart");
        int n = far - kernels.vectorLength();
        for (int[] mk : new int[][] {{20, Gemm.KC + 3}, {Gemm.MC + 40, 60}}) {
            int m = mk[0];
            int k = mk[1];
            double[] a = Elements.flatten(Elements.rounded(Reference.random(m, k, 1)));
            double[] b = Elements.flatten(Elements.rounded(Reference.random(k, n, 2)));
            double[] bAliased = new double[k * aliased];
            for (int p = 0; p < k; p++) {
                System.arraycopy(b, p * n, bAliased, p * aliased, n);
            }
            for (int threads : new int[] {1, 2}) {
                Gemm gemm = new Gemm(kernels, new BandThreads(threads));
                double[] packed = new double[m * n];
                double[] inPlace = new double[m * n];
                gemm.multiply(false, false, 1.0, a, k, bAliased, aliased, 0.0, packed, m, n, k);
                gemm.multiply(false, false, 1.0, a, k, b, n, 0.0, inPlace, m, n, k);
                assertArrayEquals(inPlace, packed, kernels + " " + m + "x" + k + "x" + n + " on " + threads);
            }
        }
    }

    /**
     * Every operand at an offset of a larger array (A and C as blocks of rows of time-major matrices, B as the
     * product {@code (B^T A)^T} passes A): every path gives the bits of the product on compact copies, and the
     * elements around C are not written.
     */
    @ParameterizedTest(name = "{0}: transA={1} transB={2} {3}x{4}x{5} alpha={6} beta={7}")
    @MethodSource("cases")
    void operandsAtOffsetsGiveTheBitsOfCompactOnes(ScalarKernels kernels, boolean transA, boolean transB, int m,
                                                   int k, int n, double alpha, double beta) {
        if (alpha != 1.0) {
            return;  // one alpha is enough here; both betas run
        }
        double[] a = Elements.flatten(Elements.rounded(Reference.random(m, k, 1)));
        double[] b = Elements.flatten(Elements.rounded(Reference.random(k, n, 2)));
        double[] c = Elements.flatten(Elements.rounded(Reference.random(m, n, 3)));
        int ai = 3 * (transA ? m : k) + 1;
        int bi = 5;
        int ci = 2 * n + 3;
        double[] aAt = around(a, ai);
        double[] bAt = around(b, bi);
        double[] cAt = around(c, ci);
        Gemm gemm = new Gemm(kernels);
        gemm.multiply(transA, transB, alpha, a, transA ? m : k, b, transB ? k : n, beta, c, m, n, k);
        gemm.multiply(transA, transB, alpha, aAt, ai, transA ? m : k, bAt, bi, transB ? k : n, beta, cAt, ci, m, n,
                k);
        assertArrayEquals(around(c, ci), cAt, kernels + " " + m + "x" + k + "x" + n);
    }

    /** {@code x} at offset {@code at} of an array with NaN before it and after it. */
    private static double[] around(double[] x, int at) {
        double[] out = new double[at + x.length + 37];
        Arrays.fill(out, Double.NaN);
        System.arraycopy(x, 0, out, at, x.length);
        return out;
    }

    /**
     * C a tile and a vector wide (64 floats, 32 doubles at 512 bits), or a tile and one column: read in place, B's
     * last columns are cut into two panels of about half (see {@code Gemm.panelColumns}); packed (B stored
     * transposed), into a tile and a narrow one. Both give the same bits, on one thread and on two.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tinytorch.backend.plain.f64.Kernels#available")
    void panelsCutInHalfInPlaceGiveTheBitsOfPackedPanels(ScalarKernels kernels) {
        int k = 70;
        int vector = kernels.vectorLength();
        if (kernels.panelWidth(vector) == vector && kernels.tileCols() > vector) {
            Gemm gemm = new Gemm(kernels);
            int n = kernels.tileCols() + vector;
            assertEquals((n / 2 + vector - 1) / vector * vector, gemm.panelColumns(n, true), kernels + " in place");
            assertEquals(kernels.tileCols(), gemm.panelColumns(n, false), kernels + " packed");
            assertEquals(kernels.tileCols(), gemm.panelColumns(n + 1, true), kernels + " a vector and one more");
        }
        for (int n : new int[] {kernels.tileCols() + vector, kernels.tileCols() + 1}) {
            for (int m : new int[] {20, 4 * Gemm.MC + 9}) {
                double[] b = Elements.flatten(Elements.rounded(Reference.random(k, n, 2)));
                double[] bt = new double[n * k];
                for (int p = 0; p < k; p++) {
                    for (int j = 0; j < n; j++) {
                        bt[j * k + p] = b[p * n + j];
                    }
                }
                double[] a = Elements.flatten(Elements.rounded(Reference.random(m, k, 1)));
                for (int threads : new int[] {1, 2}) {
                    Gemm gemm = new Gemm(kernels, new BandThreads(threads));
                    double[] inPlace = new double[m * n];
                    double[] packed = new double[m * n];
                    gemm.multiply(false, false, 1.0, a, k, b, n, 0.0, inPlace, m, n, k);
                    gemm.multiply(false, true, 1.0, a, k, bt, k, 0.0, packed, m, n, k);
                    assertArrayEquals(packed, inPlace, kernels + " " + m + "x" + k + "x" + n + " on " + threads);
                }
            }
        }
    }

    /**
     * A product small enough for the micro-kernel to read A's rows where they lie (see {@code Gemm.readsAInPlace}),
     * A a block of rows of a larger array, gives the bits of the same product with A stored transposed, which is
     * packed; C overwritten and C added to.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tinytorch.backend.plain.f64.Kernels#available")
    void aReadInPlaceGivesTheBitsOfAPacked(ScalarKernels kernels) {
        int m = 2 * kernels.tileRows();
        int k = 32;
        int n = 4 * kernels.vectorLength() + 5;
        int offset = 3 * k;
        double[] a = Elements.flatten(Elements.rounded(Reference.random(m + 5, k, 1)));
        double[] at = new double[m * k];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                at[p * m + i] = a[offset + i * k + p];
            }
        }
        double[] b = Elements.flatten(Elements.rounded(Reference.random(k, n, 2)));
        double[] c0 = Elements.flatten(Elements.rounded(Reference.random(m, n, 3)));
        Gemm gemm = new Gemm(kernels, new BandThreads(1));
        for (double beta : new double[] {0.0, 1.0}) {
            double[] inPlace = c0.clone();
            double[] packed = c0.clone();
            gemm.multiply(false, false, 1.0, a, offset, k, b, 0, n, beta, inPlace, 0, m, n, k);
            gemm.multiply(true, false, 1.0, at, 0, m, b, 0, n, beta, packed, 0, m, n, k);
            assertArrayEquals(packed, inPlace, kernels + " beta " + beta);
        }
    }

    /**
     * The padding of packed panels holds whatever the buffers held, here NaN from an earlier product: it must only
     * reach columns and rows of the tiles that are dropped.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tinytorch.backend.plain.f64.Kernels#available")
    void leftoversInThePackingBuffersDoNotReachC(ScalarKernels kernels) {
        Gemm gemm = new Gemm(kernels);
        int size = 300;
        double[] nan = new double[size * size];
        Arrays.fill(nan, Double.NaN);
        for (int t = 0; t < 4; t++) {
            gemm.multiply(t >= 2, t % 2 == 1, 1.0, nan, size, nan, size, 0.0, new double[size * size], size, size, size);
            gemm.multiply(t >= 2, t % 2 == 1, 1.0, nan, 10, nan, 24, 0.0, new double[24 * 24], 24, 24, 10);
        }
        for (int[] p : new int[][] {{37, 41, 29}, {64, 30, 20}, {30, 64, 20}, {9, 70, 13}}) {
            for (int t = 0; t < 4; t++) {
                boolean transA = t >= 2;
                boolean transB = t % 2 == 1;
                @AlwaysDouble double[][] a = Elements.rounded(transA ? Reference.random(p[1], p[0], 1)
                        : Reference.random(p[0], p[1], 1));
                @AlwaysDouble double[][] b = Elements.rounded(transB ? Reference.random(p[2], p[1], 2)
                        : Reference.random(p[1], p[2], 2));
                double[] c = new double[p[0] * p[2]];
                gemm.multiply(transA, transB, 0.5, Elements.flatten(a), a[0].length, Elements.flatten(b),
                        b[0].length, 0.0, c, p[0], p[2], p[1]);
                @AlwaysDouble double[][] zero = Reference.constant(p[0], p[2], 0);
                Elements.assertClose(Reference.gemm(transA, transB, 0.5, a, b, 0.0, zero, p[0], p[1], p[2]),
                        Elements.unflatten(c, p[0], p[2]), kernels + " " + Arrays.toString(p) + " transA=" + transA
                                + " transB=" + transB);
            }
        }
    }
}
