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

class SigmoidTest {

    private final MatrixOps ops = Backends.getDefault();

    @Test
    void gradientsMatchFiniteDifferences() {
        Random rng = new Random(21);
        Matrix x = Fixtures.uniform(ops, 5, 3, -4, 4, rng);
        Matrix t = Fixtures.uniform(ops, 5, 3, -1, 1, rng);
        GradientChecker.check(List.of(new Sigmoid()), new WeightedSumLoss(), x, t);
    }

    @Test
    void forwardIsTheLogisticFunction() {
        Matrix s = new Sigmoid().forward(ops.fromArray(new double[][] {{0, 2, -2}}));
        double e2 = 1 / (1 + Math.exp(-2));
        assertArrayEquals(new double[] {0.5, e2, 1 - e2}, ops.toRowMajor(s), 1e-15);
    }

    @Test
    void extremeInputsGiveNoNaN() {
        Sigmoid sigmoid = new Sigmoid();
        double[] s = ops.toRowMajor(sigmoid.forward(ops.fromArray(new double[][] {{1000, -1000}})));
        assertArrayEquals(new double[] {1, 0}, s, 1e-300);
        double[] dx = ops.toRowMajor(sigmoid.backward(ops.fromArray(new double[][] {{1, 1}})));
        assertArrayEquals(new double[] {0, 0}, dx, 1e-300);
    }

    @Test
    void aWrongGradientShapeNamesBothShapes() {
        Sigmoid sigmoid = new Sigmoid();
        sigmoid.forward(ops.zeros(2, 3));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> sigmoid.backward(ops.zeros(3, 2)));
        assertTrue(e.getMessage().contains("2x3") && e.getMessage().contains("3x2"), e.getMessage());
    }
}
