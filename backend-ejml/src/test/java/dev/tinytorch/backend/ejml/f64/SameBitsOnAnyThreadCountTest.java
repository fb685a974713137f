package dev.tinytorch.backend.ejml.f64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.ejml.concurrency.EjmlConcurrency;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A product gives the same bits whether {@link EjmlGemm} uses EJML's concurrent kernels (machines with more than one
 * core) or not, and on any number of EJML's threads: EJML shares out rows of C, each summed as on one thread.
 */
@SuppressWarnings("cast")  // (double) (...): redundant in the float64 source, rounds to float32 in its generated copy
class SameBitsOnAnyThreadCountTest {

    /** (m, k, n), all above {@link EjmlGemm#CONCURRENT_THRESHOLD}: C wide and narrow, ragged, the MNIST-size layer. */
    private static final int[][] PRODUCTS = {{64, 784, 256}, {257, 515, 131}, {784, 64, 256}, {300, 400, 10}};

    private final int threadsBefore = EjmlConcurrency.getMaxThreads();

    @AfterEach
    void restoreTheThreadCount() {
        EjmlConcurrency.setMaxThreads(threadsBefore);
    }

    @Test
    void concurrentKernelsOnOneToFourThreadsGiveTheBitsOfTheSingleThreadedOnes() {
        for (int[] p : PRODUCTS) {
            for (int t = 0; t < 4; t++) {
                boolean transA = t >= 2;
                boolean transB = t % 2 == 1;
                double alpha = t % 2 == 0 ? 1.0 : -0.5;
                double beta = t < 2 ? 0.0 : 0.25;
                DMatrixRMaj a = random(transA ? p[1] : p[0], transA ? p[0] : p[1], 1);
                DMatrixRMaj b = random(transB ? p[2] : p[1], transB ? p[1] : p[2], 2);
                DMatrixRMaj expected = random(p[0], p[2], 3);
                new EjmlGemm(false).gemm(transA, transB, alpha, a, b, beta, expected);
                for (int threads = 1; threads <= 4; threads++) {
                    EjmlConcurrency.setMaxThreads(threads);
                    DMatrixRMaj c = random(p[0], p[2], 3);
                    new EjmlGemm(true).gemm(transA, transB, alpha, a, b, beta, c);
                    assertSameBits(expected.data, c.data, p[0] + "x" + p[1] + "x" + p[2] + " transA=" + transA
                            + " transB=" + transB + " on " + threads + " threads");
                }
            }
        }
    }

    private static DMatrixRMaj random(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = (double) (2 * rng.nextDouble() - 1);
        }
        return m;
    }

    private static void assertSameBits(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i])) {
                fail(what + ": element " + i + " is " + actual[i] + ", single-threaded " + expected[i]);
            }
        }
    }
}
