package dev.tinytorch.nn.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Fixtures;
import dev.tinytorch.nn.GradientChecker;
import dev.tinytorch.nn.layers.Linear;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MSELossTest {

    private final MatrixOps ops = Backends.getDefault();

    @Test
    void gradientMatchesFiniteDifferences() {
        Random rng = new Random(141);
        Matrix p = Fixtures.uniform(ops, 5, 3, -2, 2, rng);
        GradientChecker.check(List.of(), new MSELoss(), p, Fixtures.uniform(ops, 5, 3, -2, 2, rng));
    }

    @Test
    void gradientMatchesFiniteDifferencesThroughALayer() {
        Random rng = new Random(142);
        Matrix x = Fixtures.uniform(ops, 7, 4, -1, 1, rng);
        GradientChecker.check(List.of(new Linear(4, 2, rng)), new MSELoss(), x, Fixtures.uniform(ops, 7, 2, -1, 1, rng));
    }

    @Test
    void perSampleMeanOfSquaresAndItsGradientByHand() {
        MSELoss mse = new MSELoss();
        Matrix losses = mse.forward(ops.fromArray(new double[][] {{1, 2}, {0, 0}}), ops.fromArray(new double[][] {{0, 4}, {3, 0}}));
        assertArrayEquals(new double[] {(1 + 4) / 2.0, 9 / 2.0}, ops.toRowMajor(losses), 1e-15);
        // 2 (p - y) / k
        assertArrayEquals(new double[] {1, -2, -3, 0}, ops.toRowMajor(mse.backward()), 1e-15);
    }

    @Test
    void theBatchMeanIsTheMeanOverAllElementsAsInPyTorch() {
        Random rng = new Random(143);
        Matrix p = Fixtures.uniform(ops, 6, 3, -1, 1, rng);
        Matrix y = Fixtures.uniform(ops, 6, 3, -1, 1, rng);
        double[] pv = ops.toRowMajor(p);
        double[] yv = ops.toRowMajor(y);
        double sum = 0;
        for (int i = 0; i < pv.length; i++) {
            sum += (pv[i] - yv[i]) * (pv[i] - yv[i]);
        }
        assertEquals(sum / pv.length, ops.sum(new MSELoss().forward(p, y)) / 6, 1e-15);
    }

    @Test
    void mismatchedTargetsNameBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MSELoss().forward(ops.zeros(4, 2), ops.zeros(4, 1)));
        assertTrue(e.getMessage().contains("4x2") && e.getMessage().contains("4x1"), e.getMessage());
    }

    @Test
    void backwardBeforeForwardFails() {
        assertThrows(IllegalStateException.class, () -> new MSELoss().backward());
    }
}
