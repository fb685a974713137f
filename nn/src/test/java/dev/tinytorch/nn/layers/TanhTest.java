package dev.tinytorch.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Fixtures;
import dev.tinytorch.nn.GradientChecker;
import dev.tinytorch.nn.WeightedSumLoss;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TanhTest {

    private final MatrixOps ops = Backends.getDefault();

    @Test
    void gradientsMatchFiniteDifferences() {
        Random rng = new Random(71);
        Matrix x = Fixtures.uniform(ops, 5, 3, -3, 3, rng);
        Matrix t = Fixtures.uniform(ops, 5, 3, -1, 1, rng);
        GradientChecker.check(List.of(new Tanh()), new WeightedSumLoss(), x, t);
    }

    @Test
    void forwardAndBackwardByHand() {
        Tanh tanh = new Tanh();
        double t1 = Math.tanh(1);
        Matrix y = tanh.forward(ops.fromArray(new double[][] {{0, 1, -1}}));
        assertArrayEquals(new double[] {0, t1, -t1}, ops.toRowMajor(y), 1e-15);
        Matrix dx = tanh.backward(ops.fromArray(new double[][] {{2, 2, -1}}));
        assertArrayEquals(new double[] {2, 2 * (1 - t1 * t1), -(1 - t1 * t1)}, ops.toRowMajor(dx), 1e-15);
    }

    @Test
    void extremeInputsSaturateWithoutNaN() {
        Tanh tanh = new Tanh();
        assertArrayEquals(new double[] {1, -1}, ops.toRowMajor(tanh.forward(ops.fromArray(new double[][] {{1000, -1000}}))));
        assertArrayEquals(new double[] {0, 0}, ops.toRowMajor(tanh.backward(ops.fromArray(new double[][] {{1, 1}}))));
    }

    @Test
    void aWrongGradientShapeNamesBothShapes() {
        Tanh tanh = new Tanh();
        tanh.forward(ops.zeros(2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tanh.backward(ops.zeros(3, 2)));
        assertTrue(e.getMessage().contains("2x3") && e.getMessage().contains("3x2"), e.getMessage());
    }

    @Test
    void backwardBeforeForwardFails() {
        assertThrows(IllegalStateException.class, () -> new Tanh().backward(ops.zeros(1, 1)));
    }
}
