package dev.tinytorch.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Fixtures;
import dev.tinytorch.nn.GradientChecker;
import dev.tinytorch.nn.Parameter;
import dev.tinytorch.nn.WeightedSumLoss;
import dev.tinytorch.nn.init.Seed;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinearTest {

    private final MatrixOps ops = Backends.getDefault();

    @ParameterizedTest(name = "batch of {0}")
    @ValueSource(ints = {1, 5})
    void gradientsMatchFiniteDifferences(int batch) {
        Random rng = new Random(11);
        Matrix x = Fixtures.uniform(ops, batch, 4, -1, 1, rng);
        Matrix t = Fixtures.uniform(ops, batch, 3, -1, 1, rng);
        Linear linear = new Linear(4, 3, rng);
        ops.fillUniform(linear.parameters().get(1).value(), -1, 1, rng);  // a non-zero bias, to test it too
        GradientChecker.check(List.of(linear), new WeightedSumLoss(), x, t);
    }

    @Test
    void parameterOnlyBackwardStoresTheSameGradientsWithoutTheInputGradient() {
        Linear linear = new Linear(2, 1, new Random(0));
        ops.setRowMajor(weight(linear).value(), new double[] {3, -2});
        linear.forward(ops.fromArray(new double[][] {{1, 2}, {3, 4}}));
        linear.backwardParametersOnly(ops.fromArray(new double[][] {{1}, {-2}}));
        // the same dW and db as backwardAveragesParameterGradientsOverTheBatch
        assertArrayEquals(new double[] {-2.5, -3}, ops.toRowMajor(weight(linear).grad()), 1e-12);
        assertArrayEquals(new double[] {-0.5}, ops.toRowMajor(bias(linear).grad()), 1e-12);
    }

    @Test
    void forwardIsXTimesWPlusB() {
        Linear linear = new Linear(2, 3, new Random(0));
        ops.setRowMajor(weight(linear).value(), new double[] {1, 2, 3, 4, 5, 6});
        ops.setRowMajor(bias(linear).value(), new double[] {0.5, -1, 0});
        Matrix y = linear.forward(ops.fromArray(new double[][] {{1, 0}, {2, -1}}));
        assertArrayEquals(new double[] {1.5, 1, 3, -1.5, -2, 0}, ops.toRowMajor(y), 1e-12);
    }

    @Test
    void backwardAveragesParameterGradientsOverTheBatch() {
        Linear linear = new Linear(2, 1, new Random(0));
        ops.setRowMajor(weight(linear).value(), new double[] {3, -2});
        Matrix x = ops.fromArray(new double[][] {{1, 2}, {3, 4}});
        linear.forward(x);
        Matrix dx = linear.backward(ops.fromArray(new double[][] {{1}, {-2}}));
        // dW = x^T g / 2 = [1*1 + 3*(-2), 2*1 + 4*(-2)] / 2; db = (1 - 2) / 2; dx = g W^T
        assertArrayEquals(new double[] {-2.5, -3}, ops.toRowMajor(weight(linear).grad()), 1e-12);
        assertArrayEquals(new double[] {-0.5}, ops.toRowMajor(bias(linear).grad()), 1e-12);
        assertArrayEquals(new double[] {3, -2, -6, 4}, ops.toRowMajor(dx), 1e-12);
    }

    @Test
    void weightsStartWithinOneOverRootNInAndBiasAtZero() {
        Linear linear = new Linear(50, 20, new Random(5));
        double bound = 1 / Math.sqrt(50);
        double[] w = ops.toRowMajor(weight(linear).value());
        assertEquals(50 * 20, w.length);
        assertTrue(Arrays.stream(w).allMatch(v -> v >= -bound && v <= bound), "all weights within +-" + bound);
        assertTrue(Arrays.stream(w).max().getAsDouble() > 0.9 * bound, "the draws spread over the range");
        assertTrue(Arrays.stream(w).min().getAsDouble() < -0.9 * bound, "the draws spread over the range");
        Matrix b = bias(linear).value();
        assertEquals("1x20", b.shape());
        assertArrayEquals(new double[20], ops.toRowMajor(b));
        assertEquals(List.of("weight", "bias"), linear.parameters().stream().map(Parameter::name).toList());
        assertEquals("50x20", weight(linear).value().shape());
    }

    @Test
    void theSameSeedGivesTheSameWeights() {
        assertArrayEquals(weights(new Linear(6, 4, new Random(9))), weights(new Linear(6, 4, new Random(9))));
        assertFalse(Arrays.equals(weights(new Linear(6, 4, new Random(9))), weights(new Linear(6, 4, new Random(10)))));

        Seed.manualSeed(123);
        double[] first = weights(new Linear(6, 4));
        Seed.manualSeed(123);
        assertArrayEquals(first, weights(new Linear(6, 4)));
        assertFalse(Arrays.equals(first, weights(new Linear(6, 4))), "without reseeding the draws go on");
    }

    @Test
    void aWrongInputShapeNamesBothShapes() {
        Linear linear = new Linear(3, 2, new Random(0));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> linear.forward(ops.zeros(4, 5)));
        assertTrue(e.getMessage().contains("4x5") && e.getMessage().contains("3x2"), e.getMessage());
    }

    @Test
    void aWrongGradientShapeNamesBothShapes() {
        Linear linear = new Linear(3, 2, new Random(0));
        linear.forward(ops.zeros(4, 3));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> linear.backward(ops.zeros(4, 3)));
        assertTrue(e.getMessage().contains("4x2") && e.getMessage().contains("4x3"), e.getMessage());
    }

    @Test
    void backwardBeforeForwardSaysSo() {
        Linear linear = new Linear(3, 2, new Random(0));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> linear.backward(ops.zeros(1, 2)));
        assertTrue(e.getMessage().contains("before forward"), e.getMessage());
    }

    @Test
    void buffersAreReusedWhileTheBatchShapeStays() {
        Linear linear = new Linear(3, 2, new Random(0));
        Matrix x = ops.zeros(4, 3);
        Matrix y = linear.forward(x);
        Matrix dx = linear.backward(ops.zeros(4, 2));
        assertSame(y, linear.forward(x));
        assertSame(dx, linear.backward(ops.zeros(4, 2)));
        Matrix smaller = linear.forward(ops.zeros(1, 3));
        assertNotSame(y, smaller);
        assertEquals("1x2", smaller.shape());
    }

    @Test
    void rejectsNonPositiveSizes() {
        assertThrows(IllegalArgumentException.class, () -> new Linear(0, 2));
    }

    private double[] weights(Linear linear) {
        return ops.toRowMajor(weight(linear).value());
    }

    private static Parameter weight(Linear linear) {
        return linear.parameters().get(0);
    }

    private static Parameter bias(Linear linear) {
        return linear.parameters().get(1);
    }
}
