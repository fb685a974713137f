package dev.tinytorch.api.contract;

import static dev.tinytorch.api.contract.Rejections.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tinytorch.api.ConvGeometry;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract of {@link MatrixOps#convolve} and {@link MatrixOps#convolveWeightGradient}: they must give what
 * {@code im2col} and {@code gemm} give, within the bound of a sum of as many terms in the backend's precision
 * ({@link Tolerance#accumulated}: a backend may convolve directly, summing in another order), leave the columns
 * workspace either untouched or holding {@code im2col(x)}, and be rejected naming the shapes when they disagree.
 * {@link MatrixOpsContract} runs it as a nested class, so every backend does, in both precisions.
 */
public abstract class ConvolutionContract {

    /** Output channels of every case: odd, so that a kernel pairing channels has one left over. */
    private static final int OUT_CHANNELS = 3;

    /** The backend under test. */
    protected abstract MatrixOps ops();

    /**
     * One and several input channels; padding 0, 1 and 2; strides 1 and 2; odd sizes and rectangular kernels;
     * output planes narrower than a vector and not a whole number of vectors; LeNet-5's first layer. Each at batch
     * 1 and 5; LeNet-5's also at 20, more images than a thread's band.
     */
    static Stream<Arguments> cases() {
        ConvGeometry[] geometries = {
            new ConvGeometry(1, 5, 5, 3, 3, 1, 1, 0, 0),
            new ConvGeometry(1, 3, 3, 3, 3, 1, 1, 0, 0),    // a 1x1 output plane
            new ConvGeometry(1, 7, 9, 3, 2, 1, 1, 1, 2),    // 7x12: not a whole number of vectors
            new ConvGeometry(1, 13, 11, 5, 5, 1, 1, 2, 2),
            new ConvGeometry(1, 20, 19, 4, 3, 1, 1, 0, 1),
            new ConvGeometry(1, 9, 8, 3, 3, 2, 2, 1, 1),    // one channel, stride 2
            new ConvGeometry(1, 10, 10, 3, 3, 1, 2, 1, 0),  // one channel, stride 2 across only
            new ConvGeometry(2, 6, 5, 3, 3, 1, 1, 1, 1),
            new ConvGeometry(3, 7, 7, 3, 3, 2, 2, 2, 2),
            new ConvGeometry(1, 28, 28, 5, 5, 1, 1, 2, 2),  // LeNet-5's conv1
        };
        List<Arguments> cases = new ArrayList<>();
        for (ConvGeometry g : geometries) {
            cases.add(Arguments.of(g, 1));
            cases.add(Arguments.of(g, 5));
        }
        cases.add(Arguments.of(geometries[geometries.length - 1], 20));
        return cases.stream();
    }

    private Tolerance tol() {
        return Tolerance.of(ops().dtype());
    }

    /** Random values in [-1, 1) as the backend holds them. */
    private Matrix random(int rows, int cols, long seed) {
        return ops().fromArray(Reference.random(rows, cols, seed));
    }

    private static double[][] abs(double[][] x) {
        double[][] out = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            out[r] = java.util.Arrays.stream(x[r]).map(Math::abs).toArray();
        }
        return out;
    }

    private void assertAccumulated(double[][] expected, Matrix actual, int n, double[][] magnitude, String what) {
        double[][] got = ops().toArray(actual);
        assertEquals(expected.length, got.length, what + ": rows");
        for (int r = 0; r < expected.length; r++) {
            for (int c = 0; c < expected[r].length; c++) {
                if (!tol().accumulated(expected[r][c], got[r][c], n, magnitude[r][c])) {
                    fail(what + " at (" + r + ", " + c + ") in " + ops().dtype() + ": expected " + expected[r][c]
                            + " but was " + got[r][c]);
                }
            }
        }
    }

    /** Whether {@code cols} still holds NaN everywhere or holds {@code im2col(x)}, bit for bit. */
    private void assertUntouchedOrColumns(double[][] columns, Matrix cols, String what) {
        double[][] got = ops().toArray(cols);
        boolean untouched = java.util.Arrays.stream(got).flatMapToDouble(java.util.Arrays::stream)
                .allMatch(Double::isNaN);
        if (!untouched) {
            for (int r = 0; r < columns.length; r++) {
                for (int c = 0; c < columns[r].length; c++) {
                    assertTrue(Tolerance.same(columns[r][c], got[r][c]), what + ": the workspace is neither"
                            + " untouched nor im2col(x) at (" + r + ", " + c + ")");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}, batch {1}")
    @MethodSource("cases")
    void convolveIsWeightTimesIm2col(ConvGeometry g, int batch) {
        Matrix x = random(batch, g.imageSize(), 1);
        Matrix w = random(OUT_CHANNELS, g.patchSize(), 2);
        double[][] columns = ImageReference.im2col(ops().toArray(x), g);
        double[][] weights = ops().toArray(w);
        int n = batch * g.outputPlane();
        Matrix cols = ops().zeros(g.patchSize(), n);
        ops().fill(cols, Double.NaN);
        Matrix out = ops().zeros(OUT_CHANNELS, n);
        ops().fill(out, Double.NaN);  // overwritten
        ops().convolve(x, g, w, cols, out);
        String what = "convolve " + g + ", batch " + batch;
        assertAccumulated(Reference.gemm(false, false, 1.0, weights, columns, 0.0, null, OUT_CHANNELS,
                g.patchSize(), n), out, g.patchSize(), Reference.gemm(false, false, 1.0, abs(weights), abs(columns),
                0.0, null, OUT_CHANNELS, g.patchSize(), n), what);
        assertUntouchedOrColumns(columns, cols, what);
    }

    @ParameterizedTest(name = "{0}, batch {1}")
    @MethodSource("cases")
    void convolveWeightGradientIsGradTimesIm2colTransposed(ConvGeometry g, int batch) {
        Matrix x = random(batch, g.imageSize(), 3);
        Matrix w = random(OUT_CHANNELS, g.patchSize(), 4);
        int n = batch * g.outputPlane();
        Matrix grad = random(OUT_CHANNELS, n, 5);
        double[][] columns = ImageReference.im2col(ops().toArray(x), g);
        double[][] gradient = ops().toArray(grad);
        Matrix cols = ops().zeros(g.patchSize(), n);
        ops().fill(cols, Double.NaN);
        ops().convolve(x, g, w, cols, ops().zeros(OUT_CHANNELS, n));  // the workspace as convolve leaves it
        Matrix dW = ops().zeros(OUT_CHANNELS, g.patchSize());
        ops().fill(dW, Double.NaN);  // overwritten
        double alpha = 1.0 / batch;
        ops().convolveWeightGradient(grad, x, g, alpha, cols, dW);
        assertAccumulated(Reference.gemm(false, true, alpha, gradient, columns, 0.0, null, OUT_CHANNELS, n,
                g.patchSize()), dW, n + 1, Reference.gemm(false, true, alpha, abs(gradient), abs(columns), 0.0, null,
                OUT_CHANNELS, n, g.patchSize()), "convolveWeightGradient " + g + ", batch " + batch);
    }

    @Test
    void shapesThatDoNotFitAreRejected() {
        ConvGeometry g = new ConvGeometry(1, 5, 5, 3, 3, 1, 1, 1, 1);
        Matrix x = ops().zeros(2, 25);
        Matrix w = ops().zeros(4, 9);
        Matrix cols = ops().zeros(9, 50);
        Matrix out = ops().zeros(4, 50);
        assertRejected(() -> ops().convolve(ops().zeros(2, 24), g, w, cols, out), "convolve", "25", "2x24");
        assertRejected(() -> ops().convolve(x, g, ops().zeros(4, 8), cols, out), "convolve", "9", "4x8");
        assertRejected(() -> ops().convolve(x, g, w, ops().zeros(9, 49), out), "convolve", "9x50", "9x49");
        assertRejected(() -> ops().convolve(x, g, w, cols, ops().zeros(3, 50)), "convolve", "4x50", "3x50");
        assertRejected(() -> ops().convolve(x, g, w, cols, cols), "convolve", "9x50");
        Matrix grad = ops().zeros(4, 50);
        Matrix dW = ops().zeros(4, 9);
        assertRejected(() -> ops().convolveWeightGradient(ops().zeros(4, 49), x, g, 1.0, cols, dW),
                "convolveWeightGradient", "50", "4x49");
        assertRejected(() -> ops().convolveWeightGradient(grad, x, g, 1.0, cols, ops().zeros(4, 8)),
                "convolveWeightGradient", "4x9", "4x8");
        assertRejected(() -> ops().convolveWeightGradient(grad, x, g, 1.0, ops().zeros(8, 50), dW),
                "convolveWeightGradient", "9x50", "8x50");
        assertRejected(() -> ops().convolveWeightGradient(grad, ops().zeros(3, 25), g, 1.0, cols, dW),
                "convolveWeightGradient", "9x75", "9x50");
    }
}
