package dev.tinytorch.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Fixtures;
import dev.tinytorch.nn.GradientChecker;
import dev.tinytorch.nn.WeightedSumLoss;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReLUTest {

    private final MatrixOps ops = Backends.getDefault();

    @Test
    void gradientsMatchFiniteDifferencesAwayFromTheKink() {
        Random rng = new Random(31);
        Matrix x = Fixtures.awayFromZero(ops, 6, 4, rng);
        Matrix t = Fixtures.uniform(ops, 6, 4, -1, 1, rng);
        GradientChecker.check(List.of(new ReLU()), new WeightedSumLoss(), x, t);
    }

    @Test
    void passesPositiveInputsAndTheirGradientOnly() {
        ReLU relu = new ReLU();
        Matrix y = relu.forward(ops.fromArray(new double[][] {{-2, 0, 3}}));
        assertArrayEquals(new double[] {0, 0, 3}, ops.toRowMajor(y));
        Matrix dx = relu.backward(ops.fromArray(new double[][] {{5, 6, 7}}));
        assertArrayEquals(new double[] {0, 0, 7}, ops.toRowMajor(dx));
    }

    @Test
    void aNaNInputGivesNaNInBothPassesNotAZero() {
        ReLU relu = new ReLU();
        Matrix y = relu.forward(ops.fromArray(new double[][] {{Double.NaN, -1, 2}}));
        assertArrayEquals(new double[] {Double.NaN, 0, 2}, ops.toRowMajor(y));
        Matrix dx = relu.backward(ops.fromArray(new double[][] {{5, 6, 7}}));
        assertArrayEquals(new double[] {Double.NaN, 0, 7}, ops.toRowMajor(dx));
    }

    /** As PyTorch's {@code threshold_backward}: +0.0 wherever x <= 0, whatever the gradient's sign or size. */
    @Test
    void theGradientAtAndBelowTheKinkIsPositiveZero() {
        ReLU relu = new ReLU();
        double inf = Double.POSITIVE_INFINITY;
        relu.forward(ops.fromArray(new double[][] {{0.0, -0.0, -3, 0.0, -inf, 1e-300, inf}}));
        Matrix dx = relu.backward(ops.fromArray(new double[][] {{-5, -6, inf, -inf, 2, -0.0, -7}}));
        assertArrayEquals(new double[] {0.0, 0.0, 0.0, 0.0, 0.0, -0.0, -7}, ops.toRowMajor(dx));  // bits: -0.0 != 0.0
    }

    @Test
    void aNaNGradientStaysNaNWhereverTheInputIs() {
        ReLU relu = new ReLU();
        relu.forward(ops.fromArray(new double[][] {{-1, 0, 2}}));
        Matrix dx = relu.backward(ops.fromArray(new double[][] {{Double.NaN, Double.NaN, Double.NaN}}));
        assertArrayEquals(new double[] {Double.NaN, Double.NaN, Double.NaN}, ops.toRowMajor(dx));
    }

    @Test
    void backwardBeforeForwardFails() {
        assertThrows(IllegalStateException.class, () -> new ReLU().backward(ops.zeros(1, 1)));
    }
}
