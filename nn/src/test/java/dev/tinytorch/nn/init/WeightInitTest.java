package dev.tinytorch.nn.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.layers.Linear;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WeightInitTest {

    private static final int FAN_IN = 200;
    private static final int FAN_OUT = 100;

    private final MatrixOps ops = Backends.getDefault();

    @Test
    void uniformInitialisationsStayWithinTheirBoundAndSpreadOverIt() {
        assertUniformWithin(WeightInit.DEFAULT, 1 / Math.sqrt(FAN_IN));
        assertUniformWithin(WeightInit.XAVIER_UNIFORM, Math.sqrt(6.0 / (FAN_IN + FAN_OUT)));
        assertUniformWithin(WeightInit.KAIMING_UNIFORM, Math.sqrt(6.0 / FAN_IN));
    }

    @Test
    void normalInitialisationsHaveMeanZeroAndTheirStandardDeviation() {
        assertNormal(WeightInit.XAVIER_NORMAL, Math.sqrt(2.0 / (FAN_IN + FAN_OUT)));
        assertNormal(WeightInit.KAIMING_NORMAL, Math.sqrt(2.0 / FAN_IN));
    }

    @Test
    void kaimingUniformHasTheVarianceOfKaimingNormal() {
        // U(-b, b) has variance b^2 / 3 = 2 / fanIn: both keep the variance of activations through a ReLU
        double[] w = draw(WeightInit.KAIMING_UNIFORM, new Random(3));
        assertEquals(2.0 / FAN_IN, variance(w), 0.03 * 2.0 / FAN_IN);
    }

    @ParameterizedTest
    @EnumSource(WeightInit.class)
    void theSameSeedGivesTheSameWeights(WeightInit init) {
        assertArrayEquals(draw(init, new Random(7)), draw(init, new Random(7)));
        assertFalse(Arrays.equals(draw(init, new Random(7)), draw(init, new Random(8))));
    }

    @Test
    void linearUsesTheDefaultUnlessToldOtherwise() {
        double[] implicit = ops.toRowMajor(new Linear(6, 4, new Random(9)).parameters().get(0).value());
        double[] explicit = ops.toRowMajor(
                new Linear(6, 4, WeightInit.DEFAULT, new Random(9)).parameters().get(0).value());
        assertArrayEquals(implicit, explicit);

        Linear he = new Linear(6, 4, WeightInit.KAIMING_NORMAL, new Random(9));
        Matrix expected = ops.zeros(6, 4);
        ops.fillNormal(expected, 0, Math.sqrt(2.0 / 6), new Random(9));
        assertArrayEquals(ops.toRowMajor(expected), ops.toRowMajor(he.parameters().get(0).value()));
        assertArrayEquals(new double[4], ops.toRowMajor(he.parameters().get(1).value()), "the bias starts at zero");
    }

    @Test
    void aCustomRuleIsALambda() {
        Linear constant = new Linear(2, 3, (o, w, rng) -> o.fill(w, 0.25), new Random(0));
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25, 0.25, 0.25},
                ops.toRowMajor(constant.parameters().get(0).value()));
    }

    private void assertUniformWithin(Initializer init, double bound) {
        double[] w = draw(init, new Random(1));
        assertTrue(Arrays.stream(w).allMatch(v -> v >= -bound && v < bound), init + " within +-" + bound);
        assertTrue(Arrays.stream(w).max().getAsDouble() > 0.99 * bound, init + " reaches near +" + bound);
        assertTrue(Arrays.stream(w).min().getAsDouble() < -0.99 * bound, init + " reaches near -" + bound);
    }

    private void assertNormal(Initializer init, double std) {
        double[] w = draw(init, new Random(2));
        double mean = Arrays.stream(w).average().orElseThrow();
        // 20000 draws: the sample mean's standard error is std / 141, the sample variance's relative error about 1%
        assertEquals(0, mean, 4 * std / Math.sqrt(w.length), init + " mean");
        assertEquals(std * std, variance(w), 0.05 * std * std, init + " variance");
    }

    private double[] draw(Initializer init, Random rng) {
        Matrix w = ops.zeros(FAN_IN, FAN_OUT);
        init.fill(ops, w, rng);
        return ops.toRowMajor(w);
    }

    private static double variance(double[] w) {
        double mean = Arrays.stream(w).average().orElseThrow();
        return Arrays.stream(w).map(v -> (v - mean) * (v - mean)).sum() / w.length;
    }
}
