package dev.tinytorch.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Fixtures;
import dev.tinytorch.nn.GradientChecker;
import dev.tinytorch.nn.WeightedSumLoss;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SoftmaxTest {

    private final MatrixOps ops = Backends.getDefault();

    @Test
    void gradientsMatchFiniteDifferences() {
        Random rng = new Random(91);
        Matrix x = Fixtures.uniform(ops, 5, 4, -3, 3, rng);
        Matrix t = Fixtures.uniform(ops, 5, 4, -1, 1, rng);
        GradientChecker.check(List.of(new Softmax()), new WeightedSumLoss(), x, t);
    }

    @Test
    void gradientsMatchFiniteDifferencesBehindALinearLayer() {
        Random rng = new Random(92);
        Matrix x = Fixtures.uniform(ops, 6, 3, -1, 1, rng);
        Matrix t = Fixtures.uniform(ops, 6, 4, -1, 1, rng);
        GradientChecker.check(List.of(new Linear(3, 4, rng), new Softmax()), new WeightedSumLoss(), x, t);
    }

    @Test
    void eachRowBecomesADistributionByHand() {
        Matrix y = new Softmax().forward(ops.fromArray(new double[][] {{0, Math.log(3)}, {2, 2}}));
        assertArrayEquals(new double[] {0.25, 0.75, 0.5, 0.5}, ops.toRowMajor(y), 1e-15);
    }

    @Test
    void largeScoresDoNotOverflow() {
        Softmax softmax = new Softmax();
        double[] y = ops.toRowMajor(softmax.forward(ops.fromArray(new double[][] {{1000, 1000 - Math.log(3), -1000}})));
        assertArrayEquals(new double[] {0.75, 0.25, 0}, y, 1e-12);
        double[] dx = ops.toRowMajor(softmax.backward(ops.fromArray(new double[][] {{1, 0, 0}})));
        assertTrue(Arrays.stream(dx).allMatch(Double::isFinite), Arrays.toString(dx));
        // dx = y (g - g.y) = [0.75 * 0.25, 0.25 * -0.75, 0]
        assertArrayEquals(new double[] {0.1875, -0.1875, 0}, dx, 1e-12);
    }

    @Test
    void addingAConstantToARowChangesNothing() {
        Random rng = new Random(93);
        double[] x = ops.toRowMajor(Fixtures.uniform(ops, 3, 5, -2, 2, rng));
        double[] shifted = Arrays.stream(x).map(v -> v + 50).toArray();
        double[] y = ops.toRowMajor(new Softmax().forward(ops.fromRowMajor(3, 5, x)));
        assertArrayEquals(y, ops.toRowMajor(new Softmax().forward(ops.fromRowMajor(3, 5, shifted))), 1e-13);
        for (int r = 0; r < 3; r++) {
            assertEquals(1.0, Arrays.stream(y, 5 * r, 5 * r + 5).sum(), 1e-15, "row " + r);
        }
    }

    @Test
    void aWrongGradientShapeNamesBothShapes() {
        Softmax softmax = new Softmax();
        softmax.forward(ops.zeros(2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> softmax.backward(ops.zeros(2, 4)));
        assertTrue(e.getMessage().contains("2x3") && e.getMessage().contains("2x4"), e.getMessage());
    }

    @Test
    void backwardBeforeForwardFails() {
        assertThrows(IllegalStateException.class, () -> new Softmax().backward(ops.zeros(1, 1)));
    }
}
