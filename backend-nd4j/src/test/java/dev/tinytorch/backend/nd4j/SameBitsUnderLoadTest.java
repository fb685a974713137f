package dev.tinytorch.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tinytorch.api.Axis;
import dev.tinytorch.api.Backends;
import dev.tinytorch.api.DType;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.Reduction;
import dev.tinytorch.api.UnaryOp;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What decides the bits of a result on this backend: not ND4J's thread count ({@code OMP_NUM_THREADS}), nor other
 * products running at once; OpenBLAS's thread count does (see {@link NativeThreads}). In both precisions
 * ({@code dgemm} and {@code sgemm}, libnd4j's kernels on doubles and on floats).
 */
class SameBitsUnderLoadTest {

    private static final int[] THREADS = {1, 2, 3, 4};
    /** (m, k, n): the MNIST-size layer, and one ragged against every block size (large enough to be shared). */
    private static final int[][] PRODUCTS = {{64, 784, 256}, {257, 515, 131}};

    private MatrixOps ops;

    @AfterEach
    void restoreTheSettings() {
        NativeThreads.from(System.getenv(), Runtime.getRuntime().availableProcessors()).apply();
    }

    /**
     * OpenBLAS splits a product differently on one thread than on several (and differently again on three), so its
     * bits follow {@code OPENBLAS_NUM_THREADS} (see {@link NativeThreads}); at a given setting they must not
     * follow the load: on two OpenBLAS threads, products computed while three other threads run products of their
     * own through the same OpenBLAS give the bits of the same products run alone.
     */
    @ParameterizedTest
    @EnumSource(DType.class)
    void openBlasProductsDoNotDependOnOtherProductsRunningAtOnce(DType dtype) throws Exception {
        ops = Backends.get(Nd4jBackend.NAME, dtype);
        new NativeThreads(1, 2).apply();
        List<double[]> alone = new ArrayList<>();
        for (int[] p : PRODUCTS) {
            for (int t = 0; t < 4; t++) {
                alone.add(product(p, t));
            }
        }
        ExecutorService others = Executors.newFixedThreadPool(3);
        AtomicBoolean stop = new AtomicBoolean();
        try {
            List<Future<?>> load = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                load.add(others.submit(() -> {
                    while (!stop.get()) {
                        product(PRODUCTS[1], 3);
                    }
                }));
            }
            for (int round = 0; round < 2; round++) {
                int index = 0;
                for (int[] p : PRODUCTS) {
                    for (int t = 0; t < 4; t++) {
                        sameBits(alone.get(index++), product(p, t), "gemm " + p[0] + "x" + p[1] + "x" + p[2]
                                + " with transposes " + t + " while other threads multiply");
                    }
                }
            }
            stop.set(true);
            for (Future<?> f : load) {
                f.get();
            }
        } finally {
            stop.set(true);
            others.shutdownNow();
        }
    }

    /** {@code op(A) op(B)} on fixed random operands, transposed as {@code t} says, alpha and beta not 1 and 0 when odd. */
    private double[] product(int[] p, int t) {
        boolean transA = t >= 2;
        boolean transB = t % 2 == 1;
        Matrix a = random(transA ? p[1] : p[0], transA ? p[0] : p[1], 1);
        Matrix b = random(transB ? p[2] : p[1], transB ? p[1] : p[2], 2);
        Matrix c = random(p[0], p[2], 3);
        ops.gemm(transA, transB, t % 2 == 0 ? 1.0 : -0.5, a, b, t % 2 == 0 ? 0.0 : 0.25, c);
        return ops.toRowMajor(c);
    }

    /** Reductions and element-wise operations long enough for ND4J to share, on one to four of its threads. */
    @ParameterizedTest
    @EnumSource(DType.class)
    void nd4jKernelsDoNotDependOnItsThreadCount(DType dtype) {
        ops = Backends.get(Nd4jBackend.NAME, dtype);
        Matrix x = random(512, 1024, 4);
        double[] expected = null;
        for (int threads : THREADS) {
            new NativeThreads(threads, 1).apply();
            Matrix columns = ops.zeros(1, 1024);
            Matrix rows = ops.zeros(512, 1);
            Matrix mapped = ops.zeros(512, 1024);
            ops.reduce(Reduction.SUM, Axis.OVER_ROWS, x, columns);
            ops.reduce(Reduction.SUM, Axis.OVER_COLUMNS, x, rows);
            ops.map(UnaryOp.EXP, x, mapped);
            double[] all = new double[1024 + 512 + 1 + 1];
            System.arraycopy(ops.toRowMajor(columns), 0, all, 0, 1024);
            System.arraycopy(ops.toRowMajor(rows), 0, all, 1024, 512);
            all[1536] = ops.sum(x);
            all[1537] = ops.sum(mapped);
            expected = sameBits(expected, all, "sums and exponentials on " + threads + " ND4J threads");
        }
    }

    private Matrix random(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] data = new double[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = 2 * rng.nextDouble() - 1;
        }
        return ops.fromRowMajor(rows, cols, data);
    }

    /** {@code actual}, after checking it against {@code expected} when there is one. */
    private static double[] sameBits(double[] expected, double[] actual, String what) {
        if (expected != null) {
            assertEquals(expected.length, actual.length, what);
            for (int i = 0; i < expected.length; i++) {
                if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i])) {
                    fail(what + ": element " + i + " is " + actual[i] + ", on one thread " + expected[i]);
                }
            }
        }
        return actual;
    }
}
