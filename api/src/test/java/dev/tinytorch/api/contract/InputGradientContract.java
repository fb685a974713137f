package dev.tinytorch.api.contract;

import static dev.tinytorch.api.contract.Rejections.assertRejected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tinytorch.api.ConvGeometry;
import dev.tinytorch.api.DType;
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
 * The contract of {@link MatrixOps#convolveInputGradient}: {@code dx} must be what {@link MatrixOps#gemm} of
 * {@code weight^T} by {@code grad} followed by {@link MatrixOps#col2im} gives, within the rounding of those sums
 * (a backend may sum in another order; in float32 within {@link Tolerance#accumulated}), {@code dx} overwritten,
 * {@code weight} and {@code grad} left as they were, and mismatched shapes rejected naming both. Geometries with one
 * channel and several, padding, strides of two, odd and non-square sizes, and LeNet-5's two layers, on a batch of
 * one and several (more images than a band of plain's, and enough to share them between threads).
 * {@link MatrixOpsContract} runs it as a nested class, so every backend does, in both precisions.
 */
public abstract class InputGradientContract {

    /** The backend under test. */
    protected abstract MatrixOps ops();

    /** Its precision's bounds. */
    protected abstract Tolerance tol();

    static Stream<Arguments> cases() {
        Object[][] geometries = {
            {new ConvGeometry(1, 5, 5, 3, 3, 1, 1, 0, 0), 2},
            {new ConvGeometry(3, 7, 7, 3, 3, 2, 2, 1, 1), 4},
            {new ConvGeometry(2, 9, 8, 4, 3, 1, 2, 2, 1), 3},
            {new ConvGeometry(3, 11, 13, 3, 3, 1, 1, 1, 1), 8},
            {ConvGeometry.square(1, 28, 28, 5, 1, 2), 6},    // LeNet-5's conv1
            {ConvGeometry.square(6, 14, 14, 5, 1, 0), 16},   // and conv2
        };
        List<Arguments> cases = new ArrayList<>();
        for (Object[] g : geometries) {
            for (int batch : new int[] {1, 5, 9}) {
                cases.add(Arguments.of(g[0], g[1], batch));
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

    private Matrix filled(int rows, int cols, double value) {
        Matrix m = ops().zeros(rows, cols);
        ops().fill(m, value);
        return m;
    }

    private static double[] abs(double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Math.abs(x[i]);
        }
        return out;
    }

    @ParameterizedTest(name = "{0}, {1} output channels, batch {2}")
    @MethodSource("cases")
    void isGemmOfTheTransposedWeightThenCol2im(ConvGeometry g, int outChannels, int batch) {
        Random rng = new Random(31L * batch + outChannels);
        int pixels = batch * g.outputPlane();
        Matrix weight = random(outChannels, g.patchSize(), rng);
        Matrix grad = random(outChannels, pixels, rng);
        double[] weightBefore = ops().toRowMajor(weight);
        double[] gradBefore = ops().toRowMajor(grad);

        Matrix products = ops().zeros(g.patchSize(), pixels);
        Matrix expected = ops().zeros(batch, g.imageSize());
        ops().gemm(true, false, 1.0, weight, grad, 0.0, products);
        ops().col2im(products, g, expected);
        Matrix magnitudes = ops().zeros(batch, g.imageSize());
        ops().gemm(true, false, 1.0, ops().fromRowMajor(outChannels, g.patchSize(), abs(weightBefore)),
                ops().fromRowMajor(outChannels, pixels, abs(gradBefore)), 0.0, products);
        ops().col2im(products, g, magnitudes);

        Matrix dx = filled(batch, g.imageSize(), Double.NaN);  // overwritten, not accumulated into
        ops().convolveInputGradient(weight, grad, g, filled(g.patchSize(), pixels, Double.NaN), dx);

        double[] want = ops().toRowMajor(expected);
        double[] got = ops().toRowMajor(dx);
        double[] magnitude = ops().toRowMajor(magnitudes);
        int terms = 2 * (outChannels + g.kernelH() * g.kernelW());  // two sums of the same terms, in any orders
        for (int i = 0; i < want.length; i++) {
            boolean close = tol().dtype() == DType.FLOAT64 ? Approx.close(want[i], got[i])
                    : tol().accumulated(want[i], got[i], terms, magnitude[i]);
            if (!close) {
                fail("convolveInputGradient " + g + ", " + outChannels + " output channels, batch " + batch + " in "
                        + tol().dtype() + ": pixel " + i % g.imageSize() + " of image " + i / g.imageSize()
                        + " expected " + want[i] + " (gemm then col2im) but was " + got[i]);
            }
        }
        assertArrayEquals(weightBefore, ops().toRowMajor(weight), 0.0, "weight must not change");
        assertArrayEquals(gradBefore, ops().toRowMajor(grad), 0.0, "grad must not change");
    }

    @Test
    void mismatchedShapesAreRejectedNamingBothShapes() {
        ConvGeometry g = new ConvGeometry(2, 5, 5, 3, 3, 1, 1, 0, 0);  // patches of 18, 9 output pixels
        Matrix weight = ops().zeros(4, 18);
        Matrix grad = ops().zeros(4, 27);
        Matrix gradCols = ops().zeros(18, 27);
        Matrix dx = ops().zeros(3, 50);
        assertRejected(() -> ops().convolveInputGradient(ops().zeros(4, 17), grad, g, gradCols, dx),
                "convolveInputGradient", "weight", "18", "4x17");
        assertRejected(() -> ops().convolveInputGradient(weight, ops().zeros(3, 27), g, gradCols, dx),
                "convolveInputGradient", "grad", "4x27", "3x27", "4x18", "3x50");
        assertRejected(() -> ops().convolveInputGradient(weight, ops().zeros(4, 18), g, gradCols, dx),
                "convolveInputGradient", "4x27", "4x18", "3x50");
        assertRejected(() -> ops().convolveInputGradient(weight, grad, g, ops().zeros(18, 26), dx),
                "convolveInputGradient", "gradCols", "18x27", "18x26", "3x50");
        assertRejected(() -> ops().convolveInputGradient(weight, grad, g, gradCols, ops().zeros(3, 49)),
                "convolveInputGradient", "dx", "50", "3x49");
        Matrix square = ops().zeros(18, 18);
        ConvGeometry one = new ConvGeometry(2, 3, 3, 3, 3, 1, 1, 0, 0);  // one output pixel an image
        assertRejected(() -> ops().convolveInputGradient(ops().zeros(18, 18), square, one, square,
                ops().zeros(18, 18)), "convolveInputGradient", "same", "18x18");
    }
}
