package dev.tinytorch.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.ConvGeometry;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.kernels.f64.ImageKernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The image operations that run on libnd4j's kernels give the bits of the shared Java loops ({@link ImageKernels}),
 * which the other backends run: on LeNet-5's shapes, with padding, strides and windows larger than the padding,
 * on more shapes than a thread keeps prepared (so prepared shapes are replaced and come back), and on special
 * values, which the copy of the block transpose keeps to the bit.
 */
class NativeImageKernelsTest {

    private static final ConvGeometry[] GEOMETRIES = {
        ConvGeometry.square(6, 28, 28, 2, 2, 0),           // LeNet-5's first pool
        ConvGeometry.square(16, 10, 10, 2, 2, 0),          // and its second
        new ConvGeometry(1, 5, 5, 3, 3, 1, 1, 1, 1),
        new ConvGeometry(3, 7, 7, 3, 3, 2, 2, 1, 1),
        new ConvGeometry(2, 6, 7, 2, 3, 2, 1, 0, 1),
        new ConvGeometry(1, 9, 8, 4, 2, 3, 2, 2, 1),
        new ConvGeometry(2, 4, 4, 6, 6, 1, 1, 1, 1),
        new ConvGeometry(4, 3, 3, 1, 1, 1, 1, 0, 0),
        new ConvGeometry(2, 5, 6, 3, 2, 1, 2, 1, 0),
        new ConvGeometry(1, 10, 10, 3, 2, 1, 2, 0, 0),
    };

    private final MatrixOps ops = Backends.get(Nd4jBackend.NAME);
    private final SplittableRandom random = new SplittableRandom(15);

    private double[] values(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextDouble(-3, 3);
        }
        return v;
    }

    private static void assertSameBits(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    what + ", element " + i + ": " + expected[i] + " vs " + actual[i]);
        }
    }

    @Test
    void averagePoolingGivesTheJavaLoopsBitsOnEveryShapeTwice() {
        for (int round = 0; round < 2; round++) {  // the second round finds some shapes prepared, others replaced
            for (ConvGeometry g : GEOMETRIES) {
                for (int batch : new int[] {1, 3, 64}) {
                    double[] x = values(batch * g.imageSize());
                    double[] expected = new double[batch * g.pooledSize()];
                    ImageKernels.avgPool(x, batch, g, expected);
                    Matrix out = ops.zeros(batch, g.pooledSize());
                    ops.fill(out, Double.NaN);
                    ops.avgPool(ops.fromRowMajor(batch, g.imageSize(), x), g, out);
                    assertSameBits(expected, ops.toRowMajor(out), "avgPool " + g + ", batch " + batch);

                    double[] y = values(batch * g.pooledSize());
                    double[] expectedGrad = new double[batch * g.imageSize()];
                    ImageKernels.avgPoolBackward(y, batch, g, expectedGrad);
                    Matrix gradIn = ops.zeros(batch, g.imageSize());
                    ops.fill(gradIn, Double.NaN);
                    ops.avgPoolBackward(ops.fromRowMajor(batch, g.pooledSize(), y), g, gradIn);
                    assertSameBits(expectedGrad, ops.toRowMajor(gradIn), "avgPoolBackward " + g + ", batch " + batch);
                }
            }
        }
    }

    @Test
    void theBlockTransposeKeepsEveryBit() {
        int[][] shapes = {{6, 64, 784}, {64, 6, 784}, {16, 64, 100}, {1, 1, 1}, {3, 5, 1}, {1, 7, 3}, {2, 2, 2},
            {5, 3, 4}, {4, 1, 9}, {3, 3, 3}};
        for (int round = 0; round < 2; round++) {
            for (int[] s : shapes) {
                int rows = s[0];
                int blocks = s[1];
                int block = s[2];
                double[] x = values(rows * blocks * block);
                x[0] = -0.0;
                x[x.length - 1] = Double.longBitsToDouble(0x7ff0000000000123L);  // a NaN with a payload
                double[] expected = new double[x.length];
                ImageKernels.transposeBlocks(x, rows, blocks, block, expected);
                Matrix out = ops.zeros(blocks, rows * block);
                ops.transposeBlocks(ops.fromRowMajor(rows, blocks * block, x), block, out);
                assertSameBits(expected, ops.toRowMajor(out), "transposeBlocks " + rows + "x" + blocks + "x" + block);
            }
        }
    }

    @Test
    void anEmptyBatchWritesNothing() {
        ConvGeometry g = GEOMETRIES[2];
        ops.avgPool(ops.zeros(0, g.imageSize()), g, ops.zeros(0, g.pooledSize()));
        ops.avgPoolBackward(ops.zeros(0, g.pooledSize()), g, ops.zeros(0, g.imageSize()));
        ops.transposeBlocks(ops.zeros(0, 6), 3, ops.zeros(2, 0));
    }
}
