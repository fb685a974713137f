package dev.tinytorch.backend.plain.f64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tinytorch.api.ConvGeometry;
import dev.tinytorch.api.contract.Reference;
import dev.tinytorch.backend.plain.machine.BandThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A product shared between threads gives the bits of the same product on one thread, whatever the size of the team
 * and however busy its helpers are: how the work is split may change, the order of the additions into an element
 * of C may not. Each product is computed by teams of one to four threads while other threads keep the same teams
 * busy with products of their own (so that some calls find the helpers taken and run alone, others share them).
 * The direct convolution's bands are checked on teams of one to four too.
 */
class SameBitsOnAnyTeamTest {

    /**
     * (m, k, n), each at least {@link Gemm#PARALLEL_MIN_WORK} multiply-adds or, cut into bands of rows, at least
     * {@link Gemm#ROW_BANDS_MIN_WORK}; each with every transposition.
     */
    private static final int[][] SHARED_PRODUCTS = {
        {64, 784, 256},                         // the MNIST-size network's layer: bands of rows in float32 (alpha 1)
        {150, 16, 6400},                        // wide and shallow, op(B) small: bands of rows
        {257, 2 * Gemm.KC + 3, 131},            // ragged everywhere: rows, depth blocks, columns
        {4 * Gemm.MC + 9, 40, 45},              // slices of rows longer than a row block
        {2 * Gemm.NC + 77, 40, 2 * Gemm.NC + 77}, // slices of rows on one packed B of several blocks of columns
        {3, 40, 20_000},                        // a few rows, many blocks of columns
        {523, 64, 70},                          // ragged row and column blocks
        {6, 40 * DeepProduct.CHUNK + 7, 25},     // A B^T deep and small: chunks of depth shared, added in order
        {64, 64, 256},                          // an LSTM step's h W_hh^T: a band of rows per thread
        {64, 256, 64},                          // and its dG W_hh
        {50, 64, 192},                          // a GRU step's, rows not a multiple of the bands
        {784, 64, 256},                         // the MNIST-size weight gradient: on two threads, at the depth halves
        {64, 2 * Gemm.KC - 15, 256},            // two depth blocks, one per thread of two, unequal (alpha 1, beta 0)
    };
    private static final int[] TEAMS = {1, 2, 3, 4};
    /** (alpha, beta), taken in turn: B read in place on one thread, or scaled as it is packed and C scaled first. */
    private static final double[][] ALPHA_BETA = {{1.0, 0.0}, {-0.5, 0.25}};

    static Stream<ScalarKernels> kernels() {
        return Kernels.available();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void sharedProductsGiveTheBitsOfOneThreadWhateverTheTeamAndItsLoad(ScalarKernels kernels) throws Exception {
        Gemm alone = new Gemm(kernels, new BandThreads(1));
        List<BandThreads> teams = new ArrayList<>();
        for (int size : TEAMS) {
            teams.add(new BandThreads(size));
        }
        AtomicReference<BandThreads> underTest = new AtomicReference<>(teams.get(0));
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService load = Executors.newSingleThreadExecutor();
        try {
            Future<?> busy = load.submit(() -> keepBusy(kernels, underTest, stop));
            for (int s = 0; s < SHARED_PRODUCTS.length; s++) {
                int[] p = SHARED_PRODUCTS[s];
                for (int t = 0; t < 4; t++) {
                    double[] ab = ALPHA_BETA[(s + t) % 2];
                    Product product = new Product(t >= 2, t % 2 == 1, ab[0], ab[1], p[0], p[1], p[2]);
                    double[] expected = product.on(alone);
                    for (BandThreads team : teams) {
                        underTest.set(team);
                        assertSameBits(expected, product.on(new Gemm(kernels, team)),
                                kernels + ", " + team.threads() + " threads, " + product);
                    }
                }
            }
            stop.set(true);
            busy.get();
        } finally {
            stop.set(true);
            load.shutdownNow();
        }
    }

    /**
     * The direct convolution and its weight gradient ({@link SplitConvolution}), whose bands of images each sum
     * their own part of the gradient: LeNet-5's first layer at a batch that leaves the last band short, and a
     * smaller geometry whose planes are not a whole number of vectors.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void directConvolutionsGiveTheBitsOfOneThreadWhateverTheTeam(ScalarKernels kernels) {
        ConvGeometry[] geometries = {
            ConvGeometry.square(1, 28, 28, 5, 1, 2), new ConvGeometry(1, 9, 11, 3, 2, 1, 1, 1, 0),
        };
        int batch = 5 * SplitConvolution.IMAGES_PER_BAND + 3;
        int outChannels = 5;
        for (ConvGeometry g : geometries) {
            double[] x = Elements.flatten(Reference.random(batch, g.imageSize(), 4));
            double[] weight = Elements.flatten(Reference.random(outChannels, g.patchSize(), 5));
            double[] grad = Elements.flatten(Reference.random(outChannels, batch * g.outputPlane(), 6));
            double[][] alone = convolutions(new SplitConvolution(kernels, new BandThreads(1)), x, batch, g, weight,
                    grad, outChannels);
            for (int size : TEAMS) {
                double[][] shared = convolutions(new SplitConvolution(kernels, new BandThreads(size)), x, batch, g,
                        weight, grad, outChannels);
                String what = kernels + ", " + size + " threads, " + g;
                assertSameBits(alone[0], shared[0], "convolve " + what);
                assertSameBits(alone[1], shared[1], "weight gradient " + what);
            }
        }
    }

    /** The output and the weight gradient (alpha 0.25) of the convolution. */
    private static double[][] convolutions(SplitConvolution convolution, double[] x, int batch, ConvGeometry g,
            double[] weight, double[] grad, int outChannels) {
        double[] out = new double[outChannels * batch * g.outputPlane()];
        double[] dW = new double[outChannels * g.patchSize()];
        convolution.convolve(x, batch, g, weight, outChannels, out);
        convolution.weightGradient(grad, x, batch, g, 0.25, outChannels, dW);
        return new double[][] {out, dW};
    }

    /** Shared products on the team under test, one after another, until {@code stop}. */
    private static void keepBusy(ScalarKernels kernels, AtomicReference<BandThreads> team, AtomicBoolean stop) {
        Product product = new Product(false, true, 1.0, 0.0, 96, 300, 200);
        while (!stop.get()) {
            product.on(new Gemm(kernels, team.get()));
        }
    }

    private static void assertSameBits(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i])) {
                fail(what + ": element " + i + " is " + actual[i] + ", on one thread " + expected[i]);
            }
        }
    }

    /** {@code C = alpha op(A) op(B) + beta C} on fixed random operands. */
    private record Product(boolean transA, boolean transB, double alpha, double beta, int m, int k, int n) {

        double[] on(Gemm gemm) {
            double[] a = Elements.flatten(transA ? Reference.random(k, m, 1) : Reference.random(m, k, 1));
            double[] b = Elements.flatten(transB ? Reference.random(n, k, 2) : Reference.random(k, n, 2));
            double[] c = Elements.flatten(Reference.random(m, n, 3));
            gemm.multiply(transA, transB, alpha, a, transA ? m : k, b, transB ? k : n, beta, c, m, n, k);
            return c;
        }

        @Override
        public String toString() {
            return (transA ? "A^T" : "A") + " (" + m + "x" + k + ") by " + (transB ? "B^T" : "B") + " (" + k + "x" + n
                    + "), alpha " + alpha + ", beta " + beta;
        }
    }
}
