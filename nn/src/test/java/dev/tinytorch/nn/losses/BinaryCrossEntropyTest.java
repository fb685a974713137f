package dev.tinytorch.nn.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.DType;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.contract.Float32TestDouble;
import dev.tinytorch.nn.Fixtures;
import dev.tinytorch.nn.GradientChecker;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BinaryCrossEntropyTest {

    private final MatrixOps ops = Backends.getDefault();

    @Test
    void gradientMatchesFiniteDifferencesForOneColumn() {
        Random rng = new Random(41);
        Matrix p = Fixtures.uniform(ops, 6, 1, 0.05, 0.95, rng);
        Matrix t = Fixtures.labels(ops, 6, 1, rng);
        GradientChecker.check(List.of(), new BinaryCrossEntropy(), p, t);
    }

    @Test
    void gradientMatchesFiniteDifferencesForSeveralColumnsAndSoftTargets() {
        Random rng = new Random(42);
        Matrix p = Fixtures.uniform(ops, 4, 3, 0.05, 0.95, rng);
        Matrix t = Fixtures.uniform(ops, 4, 3, 0, 1, rng);
        GradientChecker.check(List.of(), new BinaryCrossEntropy(), p, t);
    }

    @Test
    void perSampleLossesByHand() {
        BinaryCrossEntropy bce = new BinaryCrossEntropy();
        Matrix losses = bce.forward(ops.fromArray(new double[][] {{0.8}, {0.3}}), ops.fromArray(new double[][] {{1}, {0}}));
        assertEquals("2x1", losses.shape());
        assertArrayEquals(new double[] {-Math.log(0.8), -Math.log(0.7)}, ops.toRowMajor(losses), 1e-12);
        // d/dp = (p - t) / (p (1 - p)): -1/0.8 and 1/0.7
        assertArrayEquals(new double[] {-1 / 0.8, 1 / 0.7}, ops.toRowMajor(bce.backward()), 1e-12);
    }

    @Test
    void severalColumnsAverageIntoOneLossPerSample() {
        BinaryCrossEntropy bce = new BinaryCrossEntropy();
        Matrix losses = bce.forward(ops.fromArray(new double[][] {{0.8, 0.4}}), ops.fromArray(new double[][] {{1, 0}}));
        assertArrayEquals(new double[] {-(Math.log(0.8) + Math.log(0.6)) / 2}, ops.toRowMajor(losses), 1e-12);
        assertArrayEquals(new double[] {-1 / 0.8 / 2, 1 / 0.6 / 2}, ops.toRowMajor(bce.backward()), 1e-12);
    }

    @Test
    void predictionsOfExactlyZeroAndOneGiveFiniteLossesAndGradients() {
        BinaryCrossEntropy bce = new BinaryCrossEntropy();
        double[] losses = ops.toRowMajor(bce.forward(ops.fromArray(new double[][] {{0}, {1}, {0}, {1}}),
                ops.fromArray(new double[][] {{1}, {0}, {0}, {1}})));
        double[] grad = ops.toRowMajor(bce.backward());
        assertTrue(Arrays.stream(losses).allMatch(Double::isFinite), Arrays.toString(losses));
        assertTrue(Arrays.stream(grad).allMatch(Double::isFinite), Arrays.toString(grad));
        assertEquals(-Math.log(BinaryCrossEntropy.EPSILON), losses[0], 1e-6, "a confident mistake costs about 18.4");
        assertEquals(0, losses[2], 1e-7, "a confident right answer costs nearly nothing");
        assertTrue(grad[0] < 0 && grad[1] > 0, "saturated mistakes still get pushed the right way");
    }

    @Test
    void inFloat32TheClipKeepsOneMinusPAboveZero() {
        MatrixOps float32 = Float32TestDouble.of("plain");
        Matrix one = float32.fromArray(new double[][] {{1}});
        float32.clip(one, BinaryCrossEntropy.EPSILON, 1 - BinaryCrossEntropy.EPSILON, one);
        assertEquals(1.0, float32.get(one, 0, 0), "1 - 1e-8 is stored as 1 in float32: log(1 - p) would be -inf");

        BinaryCrossEntropy bce = new BinaryCrossEntropy();
        bce.to(float32);
        double[] losses = float32.toRowMajor(bce.forward(float32.fromArray(new double[][] {{0}, {1}, {0}, {1}}),
                float32.fromArray(new double[][] {{1}, {0}, {0}, {1}})));
        double[] grad = float32.toRowMajor(bce.backward());
        assertTrue(Arrays.stream(losses).allMatch(Double::isFinite), Arrays.toString(losses));
        assertTrue(Arrays.stream(grad).allMatch(Double::isFinite), Arrays.toString(grad));
        assertEquals(-Math.log(0x1p-23), losses[1], 1e-5, "1 - 1e-7 is stored as 1 - 2^-23: a mistake costs 15.9");
        assertEquals(-Math.log((float) BinaryCrossEntropy.EPSILON_FLOAT32), losses[0], 1e-5);
        assertTrue(grad[0] < 0 && grad[1] > 0, "saturated mistakes still get pushed the right way");
        assertEquals(BinaryCrossEntropy.EPSILON_FLOAT32, BinaryCrossEntropy.epsilon(DType.FLOAT32));
        assertEquals(BinaryCrossEntropy.EPSILON, BinaryCrossEntropy.epsilon(DType.FLOAT64));
    }

    @Test
    void aNaNPredictionGivesANaNLossNotAClippedOne() {
        BinaryCrossEntropy bce = new BinaryCrossEntropy();
        double[] losses = ops.toRowMajor(bce.forward(ops.fromArray(new double[][] {{Double.NaN}, {0.5}}),
                ops.fromArray(new double[][] {{1}, {1}})));
        assertTrue(Double.isNaN(losses[0]), "clip keeps NaN, so divergence is seen: " + Arrays.toString(losses));
        assertEquals(Math.log(2), losses[1], 1e-15);
        assertTrue(Double.isNaN(ops.toRowMajor(bce.backward())[0]));
    }

    @Test
    void mismatchedTargetsNameBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BinaryCrossEntropy().forward(ops.zeros(4, 1), ops.zeros(3, 1)));
        assertTrue(e.getMessage().contains("4x1") && e.getMessage().contains("3x1"), e.getMessage());
    }

    @Test
    void backwardBeforeForwardFails() {
        assertThrows(IllegalStateException.class, () -> new BinaryCrossEntropy().backward());
    }
}
