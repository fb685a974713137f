package dev.tinytorch.backend.plain.f64;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tinytorch.api.ConvGeometry;
import dev.tinytorch.api.kernels.f64.ImageKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorImages#col2im} gives {@link ImageKernels}' bits: on geometries whose runs' vectors stay inside a row,
 * spill into the next rows and channels, start before the image (padding) and end past the columns matrix, with
 * vertical strides, images narrower than a vector, and NaN, infinities and signed zeros among the columns. Also on
 * a range of images in the middle of a batch, whose neighbours it must not touch. Skipped when the JDK runs without
 * the Vector API module.
 */
@SuppressWarnings("cast")  // (double) x: redundant in the float64 source, rounds to float32 in its generated copy
class VectorImagesTest {

    private static final double[] SPECIAL = {Double.NaN, -0.0, 0.0, Double.NEGATIVE_INFINITY,
        Double.POSITIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE};

    @Test
    void col2imGivesTheBitsOfTheScalarLoop() {
        assumeTrue(KernelLoader.kernels() instanceof VectorKernels, "the JDK runs without " + KernelLoader.VECTOR_MODULE
                + " or would run it emulated");
        int checked = 0;
        for (ConvGeometry g : geometries()) {
            if (!VectorImages.handles(g)) {
                continue;
            }
            for (int batch : new int[] {1, 3}) {
                double[] cols = values(g.patchSize() * batch * g.outputPlane(), 31L * checked + batch);
                double[] expected = new double[batch * g.imageSize()];
                double[] actual = values(expected.length, 7);  // overwritten
                ImageKernels.col2im(cols, batch, g, expected);
                VectorImages.col2im(cols, batch, g, actual, 0, batch);
                assertSameBits(expected, actual, g + ", batch " + batch);
                // the middle image alone: its neighbours keep their (garbage) values
                double[] middle = values(expected.length, 8);
                double[] untouched = middle.clone();
                if (batch == 3) {
                    VectorImages.col2im(cols, batch, g, middle, 1, 2);
                    int size = g.imageSize();
                    for (int i = 0; i < middle.length; i++) {
                        double want = i >= size && i < 2 * size ? expected[i] : untouched[i];
                        if (Double.doubleToLongBits(want) != Double.doubleToLongBits(middle[i])) {
                            fail(g + ", image 1 alone, at " + i + ": expected " + want + " but was " + middle[i]);
                        }
                    }
                }
            }
            checked++;
        }
        assertTrue(checked >= 10, "geometries the vector loop handles: " + checked);
    }

    private static List<ConvGeometry> geometries() {
        List<ConvGeometry> list = new ArrayList<>();
        list.add(ConvGeometry.square(6, 14, 14, 5, 1, 0));  // LeNet-5's conv2
        list.add(ConvGeometry.square(1, 28, 28, 5, 1, 2));  // LeNet-5's conv1 (outW 28: scalar on 16 lanes)
        for (int channels : new int[] {1, 2}) {
            for (int size : new int[] {2, 3, 5, 8, 9, 12, 17}) {  // 2 and 3: outputs of one or two columns (128-bit doubles)
                for (int kernel : new int[] {1, 2, 3}) {
                    for (int pad = 0; pad <= 2 && kernel <= size + 2 * pad; pad++) {
                        list.add(new ConvGeometry(channels, size, size, kernel, kernel, 1, 1, pad, pad));
                        list.add(new ConvGeometry(channels, size, size + 1, kernel, kernel, 2, 1, pad, pad));
                    }
                }
            }
        }
        return list;
    }

    /** Values in [-4, 4) with the special ones scattered in. */
    private static double[] values(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextInt(5) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : (double) (8 * rng.nextDouble() - 4);
        }
        return x;
    }

    private static void assertSameBits(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToLongBits(expected[i]) != Double.doubleToLongBits(actual[i])) {
                fail(what + " at " + i + ": expected " + expected[i] + " but was " + actual[i]);
            }
        }
    }
}
