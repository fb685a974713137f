package dev.tinytorch.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

class TimeDistributedTest {

    private final MatrixOps ops = Backends.getDefault();

    @Test
    void appliesTheInnerLayerToEveryStepWithTheSameWeights() {
        Random rng = new Random(1);
        Linear linear = new Linear(3, 2, rng);
        TimeDistributed perStep = new TimeDistributed(3, linear);
        double[][] x = {{1, 2, 3, 4, 5, 6, 7, 8, 9}, {-1, 0, 1, 0.5, 0.25, 0, 2, 2, 2}};
        double[] y = ops.toRowMajor(perStep.forward(ops.fromArray(x)));
        assertEquals(12, y.length);
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 3; t++) {
                double[] step = {x[b][3 * t], x[b][3 * t + 1], x[b][3 * t + 2]};
                double[] expected = ops.toRowMajor(linear.forward(ops.fromArray(new double[][] {step})));
                assertArrayEquals(expected, new double[] {y[b * 6 + 2 * t], y[b * 6 + 2 * t + 1]}, 1e-15,
                        "sample " + b + ", step " + t);
            }
        }
        assertEquals(linear.parameters(), perStep.parameters());
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Random rng = new Random(2);
        Matrix x = Fixtures.uniform(ops, 3, 4 * 5, -1, 1, rng);
        Matrix t = Fixtures.uniform(ops, 3, 4 * 2, -1, 1, rng);
        GradientChecker.check(List.of(new TimeDistributed(5, new Linear(5, 4, rng)), new Tanh(),
                new TimeDistributed(4, new Linear(4, 2, rng))), new WeightedSumLoss(), x, t);
    }

    @Test
    void asAFirstLayerItStoresTheSameParameterGradients() {
        Random rng = new Random(3);
        Matrix x = Fixtures.uniform(ops, 2, 6, -1, 1, rng);
        Matrix t = Fixtures.uniform(ops, 2, 3, -1, 1, rng);
        GradientChecker.check(List.of(new TimeDistributed(2, new Linear(2, 1, rng))), new WeightedSumLoss(), x, t);
        TimeDistributed layer = new TimeDistributed(2, new Linear(2, 1, new Random(4)));
        layer.forward(x);
        layer.backward(t);
        double[] full = ops.toRowMajor(layer.parameters().get(0).grad());
        layer.forward(x);
        layer.backwardParametersOnly(t);
        assertArrayEquals(full, ops.toRowMajor(layer.parameters().get(0).grad()));
    }

    @Test
    void rejectsAnInputThatIsNotWholeSteps() {
        TimeDistributed layer = new TimeDistributed(3, new Linear(3, 2, new Random(0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layer.forward(ops.zeros(2, 7)));
        assertEquals("TimeDistributed(Linear(3 -> 2)): input 2x7 is not a whole number of steps of 3 features",
                e.getMessage());
    }
}
