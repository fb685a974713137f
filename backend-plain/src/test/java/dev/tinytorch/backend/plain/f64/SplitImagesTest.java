package dev.tinytorch.backend.plain.f64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.tinytorch.api.ConvGeometry;
import dev.tinytorch.api.kernels.f64.ImageKernels;
import dev.tinytorch.backend.plain.machine.BandThreads;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Image operations split by images between threads give the bits of the whole batch on one thread, whatever the
 * team: each image's columns, pixels and col2im sums are its own. The batch is large enough to be split, and not a
 * multiple of the band, so the last band is short.
 */
@SuppressWarnings("cast")  // (double) x: redundant in the float64 source, rounds to float32 in its generated copy
class SplitImagesTest {

    private static final int BATCH = 63;
    private static final ConvGeometry CONV = ConvGeometry.square(6, 14, 14, 5, 1, 1);
    private static final ConvGeometry POOL = ConvGeometry.square(6, 28, 28, 2, 2, 0);

    @Test
    void im2colAndCol2imGiveTheBitsOfOneThreadOnAnyTeam() {
        double[] x = random(BATCH * CONV.imageSize(), 1);
        double[] cols = random(CONV.patchSize() * BATCH * CONV.outputPlane(), 2);
        double[] expectedCols = new double[cols.length];
        double[] expectedImages = new double[x.length];
        ImageKernels.im2col(x, BATCH, CONV, expectedCols);
        ImageKernels.col2im(cols, BATCH, CONV, expectedImages);
        for (int threads = 1; threads <= 4; threads++) {
            SplitImages split = new SplitImages(KernelLoader.kernels(), new BandThreads(threads));
            double[] actualCols = random(cols.length, 3);  // overwritten, padding included
            double[] actualImages = random(x.length, 4);
            split.im2col(x, BATCH, CONV, actualCols);
            split.col2im(cols, BATCH, CONV, actualImages);
            assertArrayEquals(expectedCols, actualCols, threads + " threads");
            assertArrayEquals(expectedImages, actualImages, threads + " threads");  // bit for bit
        }
    }

    @Test
    void maxPoolAndItsGradientGiveTheResultsOfOneThreadOnAnyTeam() {
        double[] x = random(BATCH * POOL.imageSize(), 5);
        x[7] = Double.NaN;
        x[POOL.imageSize() + 30] = Double.POSITIVE_INFINITY;
        double[] gradOut = random(BATCH * POOL.pooledSize(), 6);
        double[] expectedOut = new double[gradOut.length];
        int[] expectedWinners = new int[gradOut.length];
        double[] expectedGrad = new double[x.length];
        ImageKernels.maxPool(x, BATCH, POOL, expectedOut, expectedWinners);
        ImageKernels.maxPoolBackward(gradOut, BATCH, POOL, expectedWinners, expectedGrad);
        for (int threads = 1; threads <= 4; threads++) {
            SplitImages split = new SplitImages(KernelLoader.kernels(), new BandThreads(threads));
            double[] out = new double[gradOut.length];
            int[] winners = new int[gradOut.length];
            double[] grad = random(x.length, 7);
            split.maxPool(x, BATCH, POOL, out, winners);
            split.maxPoolBackward(gradOut, BATCH, POOL, winners, grad);
            assertArrayEquals(expectedOut, out, threads + " threads");
            assertArrayEquals(expectedWinners, winners, threads + " threads");
            assertArrayEquals(expectedGrad, grad, threads + " threads");
        }
    }

    private static double[] random(int size, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = (double) rng.nextDouble(-1, 1);
        }
        return x;
    }
}
