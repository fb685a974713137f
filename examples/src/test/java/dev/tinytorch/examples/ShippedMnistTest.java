package dev.tinytorch.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.data.Dataset;
import dev.tinytorch.nn.data.IdxImages;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The 10,000 MNIST digits shipped in the examples jar, checked against figures Python computed from the IDX files. */
class ShippedMnistTest {

    @Test
    void theImagesAre10000DigitsOf28x28WithTheKnownPixels() {
        IdxImages images = ShippedData.mnistImages();
        assertEquals(10_000, images.count());
        assertEquals(28, images.rows());
        assertEquals(28, images.cols());
        long sum = 0;
        long weighted = 0;  // sum of position * value over all pixels, image after image, row after row
        long position = 0;
        for (int i = 0; i < images.count(); i++) {
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    int value = images.pixel(i, r, c);
                    sum += value;
                    weighted += position++ * value;
                }
            }
        }
        assertEquals(262_146_600L, sum);
        assertEquals(1_027_480_524_698_864L, weighted);
        assertEquals(253, images.pixel(0, 10, 13));
    }

    @Test
    void theDatasetHasOneScaledImagePerRowAndTheDigitAsTarget() {
        MatrixOps ops = Backends.getDefault();
        Dataset data = ShippedData.mnist(ops);
        assertEquals(10_000, data.size());
        assertEquals(784, data.features());
        double[] targets = ops.toRowMajor(data.targets());
        assertArrayEquals(new double[] {1, 7, 9, 1, 9, 3, 2, 2, 9, 4}, Arrays.copyOf(targets, 10));
        int[] perClass = new int[10];
        for (double t : targets) {
            perClass[(int) t]++;
        }
        assertArrayEquals(new int[] {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978}, perClass);
        double[] inputs = ops.toRowMajor(data.inputs());
        double[] expected = {0, 0, 70, 253, 253, 210};  // image 0, row 10, columns 10 to 15
        for (int c = 0; c < expected.length; c++) {
            assertEquals(expected[c] / 255, inputs[28 * 10 + 10 + c], 0.0);
        }
        double total = 0;
        for (double x : inputs) {
            total += x;
        }
        assertEquals(262_146_600 / 255.0, total, 1e-6);
    }
}
