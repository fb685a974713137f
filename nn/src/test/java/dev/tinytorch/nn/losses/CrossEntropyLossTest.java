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
import dev.tinytorch.nn.layers.Softmax;
import dev.tinytorch.nn.layers.Tanh;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CrossEntropyLossTest {

    private final MatrixOps ops = Backends.getDefault();

    @Test
    void gradientMatchesFiniteDifferencesOnTheLogits() {
        Random rng = new Random(121);
        Matrix z = Fixtures.uniform(ops, 6, 4, -3, 3, rng);
        GradientChecker.check(List.of(), new CrossEntropyLoss(), z, classes(6, 4, rng));
    }

    @Test
    void gradientMatchesFiniteDifferencesThroughANetwork() {
        Random rng = new Random(122);
        Matrix x = Fixtures.uniform(ops, 8, 5, -1, 1, rng);
        GradientChecker.check(List.of(new Linear(5, 6, rng), new Tanh(), new Linear(6, 3, rng)),
                new CrossEntropyLoss(), x, classes(8, 3, rng));
    }

    @Test
    void lossAndFusedGradientByHand() {
        CrossEntropyLoss loss = new CrossEntropyLoss();
        // softmax([0, ln 3]) = [1/4, 3/4]
        Matrix losses = loss.forward(ops.fromArray(new double[][] {{0, Math.log(3)}, {0, Math.log(3)}}),
                ops.fromArray(new double[][] {{1}, {0}}));
        assertEquals("2x1", losses.shape());
        assertArrayEquals(new double[] {-Math.log(0.75), -Math.log(0.25)}, ops.toRowMajor(losses), 1e-15);
        assertArrayEquals(new double[] {0.25, -0.25, -0.75, 0.75}, ops.toRowMajor(loss.backward()), 1e-15);
    }

    @Test
    void isMinusTheLogOfTheSoftmaxOfTheTargetClass() {
        Random rng = new Random(123);
        Matrix z = Fixtures.uniform(ops, 5, 7, -4, 4, rng);
        Matrix t = classes(5, 7, rng);
        double[] softmax = ops.toRowMajor(new Softmax().forward(z));
        double[] losses = ops.toRowMajor(new CrossEntropyLoss().forward(z, t));
        for (int i = 0; i < 5; i++) {
            int c = (int) ops.get(t, i, 0);
            assertEquals(-Math.log(softmax[i * 7 + c]), losses[i], 1e-13, "row " + i);
        }
    }

    @Test
    void largeLogitsGiveFiniteLossesAndGradients() {
        CrossEntropyLoss loss = new CrossEntropyLoss();
        double[] losses = ops.toRowMajor(loss.forward(
                ops.fromArray(new double[][] {{1000, 0, -1000}, {1000, 0, -1000}, {1000, 1000, 0}, {-1000, -1000, -1000}}),
                ops.fromArray(new double[][] {{0}, {2}, {1}, {2}})));
        double[] grad = ops.toRowMajor(loss.backward());
        assertTrue(Arrays.stream(losses).allMatch(Double::isFinite), Arrays.toString(losses));
        assertTrue(Arrays.stream(grad).allMatch(Double::isFinite), Arrays.toString(grad));
        assertArrayEquals(new double[] {0, 2000, Math.log(2), Math.log(3)}, losses, 1e-12);
        assertArrayEquals(new double[] {0, 0, 0, 1, 0, -1, 0.5, -0.5, 0}, Arrays.copyOf(grad, 9), 1e-12);
    }

    @Test
    void aTargetThatIsNotAClassIndexNamesTheRowAndValue() {
        Matrix z = ops.zeros(3, 4);
        for (double bad : new double[] {2.5, 4, -1, Double.NaN}) {
            Matrix t = ops.fromArray(new double[][] {{0}, {3}, {bad}});
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> new CrossEntropyLoss().forward(z, t), "" + bad);
            assertTrue(e.getMessage().contains("row 2") && e.getMessage().contains("is " + bad)
                    && e.getMessage().contains("0..3"), e.getMessage());
        }
    }

    @Test
    void targetsMustBeOneColumnOfIndices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CrossEntropyLoss().forward(ops.zeros(4, 3), ops.zeros(4, 3)));
        assertTrue(e.getMessage().contains("4x1") && e.getMessage().contains("4x3"), e.getMessage());
    }

    @Test
    void backwardBeforeForwardFails() {
        assertThrows(IllegalStateException.class, () -> new CrossEntropyLoss().backward());
    }

    /** A column of {@code n} class indices in {@code 0..k-1}. */
    private Matrix classes(int n, int k, Random rng) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = rng.nextInt(k);
        }
        return ops.fromRowMajor(n, 1, t);
    }
}
