package dev.tinytorch.nn.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Fixtures;
import dev.tinytorch.nn.GradientChecker;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.Sigmoid;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BCEWithLogitsTest {

    private final MatrixOps ops = Backends.getDefault();

    @Test
    void gradientMatchesFiniteDifferencesForOneColumn() {
        Random rng = new Random(131);
        Matrix z = Fixtures.uniform(ops, 6, 1, -4, 4, rng);
        GradientChecker.check(List.of(), new BCEWithLogits(), z, Fixtures.labels(ops, 6, 1, rng));
    }

    @Test
    void gradientMatchesFiniteDifferencesForSeveralColumnsAndSoftTargetsThroughALayer() {
        Random rng = new Random(132);
        Matrix x = Fixtures.uniform(ops, 5, 4, -1, 1, rng);
        GradientChecker.check(List.of(new Linear(4, 3, rng)), new BCEWithLogits(), x,
                Fixtures.uniform(ops, 5, 3, 0, 1, rng));
    }

    @Test
    void equalsSigmoidThenBinaryCrossEntropy() {
        Random rng = new Random(133);
        Matrix z = Fixtures.uniform(ops, 6, 2, -5, 5, rng);
        Matrix y = Fixtures.labels(ops, 6, 2, rng);
        BCEWithLogits fused = new BCEWithLogits();
        double[] losses = ops.toRowMajor(fused.forward(z, y));
        Sigmoid sigmoid = new Sigmoid();
        BinaryCrossEntropy bce = new BinaryCrossEntropy();
        assertArrayEquals(ops.toRowMajor(bce.forward(sigmoid.forward(z), y)), losses, 1e-12);
        assertArrayEquals(ops.toRowMajor(sigmoid.backward(bce.backward())), ops.toRowMajor(fused.backward()), 1e-12);
    }

    @Test
    void scoresOfPlusMinusAThousandGiveExactFiniteLossesAndGradients() {
        BCEWithLogits loss = new BCEWithLogits();
        double[] losses = ops.toRowMajor(loss.forward(ops.fromArray(new double[][] {{1000}, {1000}, {-1000}, {-1000}}),
                ops.fromArray(new double[][] {{1}, {0}, {1}, {0}})));
        double[] grad = ops.toRowMajor(loss.backward());
        assertTrue(Arrays.stream(losses).allMatch(Double::isFinite), Arrays.toString(losses));
        assertArrayEquals(new double[] {0, 1000, 1000, 0}, losses, 1e-12);
        assertArrayEquals(new double[] {0, 1, -1, 0}, grad, 1e-12);
    }

    @Test
    void mismatchedTargetsNameBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BCEWithLogits().forward(ops.zeros(4, 1), ops.zeros(3, 1)));
        assertTrue(e.getMessage().contains("4x1") && e.getMessage().contains("3x1"), e.getMessage());
    }

    @Test
    void backwardBeforeForwardFails() {
        assertThrows(IllegalStateException.class, () -> new BCEWithLogits().backward());
    }
}
