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
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LeakyReLUTest {

    private final MatrixOps ops = Backends.getDefault();

    @ParameterizedTest(name = "slope {0}")
    @ValueSource(doubles = {0.01, 0.2, -0.5, 3})
    void gradientsMatchFiniteDifferencesAwayFromTheKink(double slope) {
        Random rng = new Random(81);
        Matrix x = Fixtures.awayFromZero(ops, 6, 4, rng);
        Matrix t = Fixtures.uniform(ops, 6, 4, -1, 1, rng);
        GradientChecker.check(List.of(new LeakyReLU(slope)), new WeightedSumLoss(), x, t);
    }

    @Test
    void passesPositiveInputsExactlyAndScalesTheRest() {
        LeakyReLU leaky = new LeakyReLU(0.1);
        Matrix y = leaky.forward(ops.fromArray(new double[][] {{-2, 0, 3, 0.7}}));
        assertArrayEquals(new double[] {-0.2, 0, 3, 0.7}, ops.toRowMajor(y), 0.0);
        Matrix dx = leaky.backward(ops.fromArray(new double[][] {{5, 6, 7, 0.3}}));
        assertArrayEquals(new double[] {0.5, 0.6, 7, 0.3}, ops.toRowMajor(dx), 1e-15, "the kink gets the slope");
    }

    @Test
    void theDefaultSlopeIsPyTorchs() {
        assertEquals(0.01, new LeakyReLU().slope());
        assertEquals("LeakyReLU(0.01)", new LeakyReLU().toString());
    }

    @Test
    void aSlopeOfZeroIsReLU() {
        Random rng = new Random(82);
        Matrix x = Fixtures.uniform(ops, 4, 5, -1, 1, rng);
        assertArrayEquals(ops.toRowMajor(new ReLU().forward(x)), ops.toRowMajor(new LeakyReLU(0).forward(x)), 0.0);
    }

    @Test
    void rejectsASlopeThatIsNotFinite() {
        assertThrows(IllegalArgumentException.class, () -> new LeakyReLU(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new LeakyReLU(Double.POSITIVE_INFINITY));
    }

    @Test
    void aWrongGradientShapeNamesBothShapes() {
        LeakyReLU leaky = new LeakyReLU();
        leaky.forward(ops.zeros(2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> leaky.backward(ops.zeros(3, 2)));
        assertTrue(e.getMessage().contains("2x3") && e.getMessage().contains("3x2"), e.getMessage());
    }

    @Test
    void backwardBeforeForwardFails() {
        assertThrows(IllegalStateException.class, () -> new LeakyReLU().backward(ops.zeros(1, 1)));
    }
}
