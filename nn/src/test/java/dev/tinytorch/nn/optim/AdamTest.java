package dev.tinytorch.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.CheckedMatrixOps;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Optimizer;
import dev.tinytorch.nn.Parameter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Adam and AdamW against their formulas. The literal trajectories were computed separately with NumPy from the
 * textbook form (mHat, vHat) for {@code w = [1, -2]} and gradients {@code [0.5, -1], [0.3, 2], [-0.2, 0.1]}.
 */
class AdamTest {

    private static final double[][] GRADIENTS = {{0.5, -1}, {0.3, 2}, {-0.2, 0.1}};

    private final MatrixOps ops = Backends.getDefault();

    @Test
    void firstStepMovesEachWeightByAboutTheLearningRate() {
        // m = 0.1 g, v = 0.001 g^2: mHat = g, vHat = g^2, so the step is lr * g / (|g| + eps)
        Parameter w = parameter(new double[] {1, -2});
        ops.setRowMajor(w.grad(), new double[] {0.5, -1});
        new Adam(List.of(w)).step();
        assertArrayEquals(new double[] {1 - 1e-3 * 0.5 / (0.5 + 1e-8), -2 + 1e-3 * 1 / (1 + 1e-8)},
                ops.toRowMajor(w.value()), 1e-15);
    }

    @Test
    void adamWithDefaultsFollowsTheReferenceTrajectory() {
        Parameter w = parameter(new double[] {1, -2});
        assertTrajectory(w, new Adam(List.of(w)), new double[][] {
                {0.99900000002, -1.99900000001},
                {0.9980425098670888, -1.9993661035347206},
                {0.9975498885276358, -1.9996773768947826}});
    }

    @Test
    void adamWithWeightDecayAddsItToTheGradient() {
        Parameter w = parameter(new double[] {1, -2});
        assertTrajectory(w, new Adam(List.of(w), 0.01, 0.9, 0.999, 1e-8, 0.1), new double[][] {
                {0.9900000001666667, -1.9900000000833333},
                {0.9802993412209439, -1.9924795045009343},
                {0.9737706518326624, -1.9941013119201745}});
    }

    @Test
    void adamWWithDefaultsDecaysTheWeightsDirectly() {
        Parameter w = parameter(new double[] {1, -2});
        assertTrajectory(w, new AdamW(List.of(w), 0.01), new double[][] {
                {0.9899000002, -1.9898000001},
                {0.9802261086708677, -1.9932620553471976},
                {0.975201872665471, -1.9961754627422839}});
    }

    @Test
    void adamWWithEverySettingFollowsTheReferenceTrajectory() {
        Parameter w = parameter(new double[] {1, -2});
        assertTrajectory(w, new AdamW(List.of(w), 0.1, 0.8, 0.9, 1e-3, 0.5), new double[][] {
                {0.8501996007984032, -1.8000999000999},
                {0.7124140068834292, -1.7515823941135704},
                {0.6342133706744721, -1.6979931535980877}});
    }

    @Test
    void bothMatchAScalarLoopOverSeveralParametersAndSteps() {
        for (boolean decoupled : new boolean[] {false, true}) {
            Random rng = new Random(161);
            double lr = 0.02;
            double b1 = 0.85;
            double b2 = 0.99;
            double eps = 1e-6;
            double wd = 0.05;
            double[][] w = {rng.doubles(6, -1, 1).toArray(), rng.doubles(2, -1, 1).toArray()};
            Parameter a = parameter(w[0].clone());
            Parameter b = parameter(w[1].clone());
            Optimizer optimizer = decoupled
                    ? new AdamW(List.of(a, b), lr, b1, b2, eps, wd)
                    : new Adam(List.of(a, b), lr, b1, b2, eps, wd);
            double[][] m = {new double[6], new double[2]};
            double[][] v = {new double[6], new double[2]};
            for (int t = 1; t <= 6; t++) {
                double[][] grads = {rng.doubles(6, -3, 3).toArray(), rng.doubles(2, -3, 3).toArray()};
                ops.setRowMajor(a.grad(), grads[0]);
                ops.setRowMajor(b.grad(), grads[1]);
                optimizer.step();
                for (int p = 0; p < 2; p++) {
                    for (int j = 0; j < w[p].length; j++) {
                        double g = grads[p][j];
                        if (decoupled) {
                            w[p][j] *= 1 - lr * wd;
                        } else {
                            g += wd * w[p][j];
                        }
                        m[p][j] = b1 * m[p][j] + (1 - b1) * g;
                        v[p][j] = b2 * v[p][j] + (1 - b2) * g * g;
                        double mHat = m[p][j] / (1 - Math.pow(b1, t));
                        double vHat = v[p][j] / (1 - Math.pow(b2, t));
                        w[p][j] -= lr * mHat / (Math.sqrt(vHat) + eps);
                    }
                }
                String where = optimizer + " step " + t;
                assertArrayEquals(w[0], ops.toRowMajor(a.value()), 1e-13, where);
                assertArrayEquals(w[1], ops.toRowMajor(b.value()), 1e-13, where);
            }
        }
    }

    @Test
    void theDefaultsArePyTorchs() {
        assertEquals(1e-3, new Adam(List.of()).lr());
        assertEquals(1e-3, new AdamW(List.of()).lr());
        assertEquals(0.9, Adam.DEFAULT_BETA1);
        assertEquals(0.999, Adam.DEFAULT_BETA2);
        assertEquals(1e-8, Adam.DEFAULT_EPS);
        assertEquals(1e-2, AdamW.DEFAULT_WEIGHT_DECAY);
    }

    @Test
    void gradientsAreLeftAloneAndTheMomentsMoveWithTheirParameter() {
        Parameter w = parameter(new double[] {1, -2});
        Parameter twin = parameter(new double[] {1, -2});
        Adam adam = new Adam(List.of(w), 0.01, 0.9, 0.999, 1e-8, 0.1);
        Adam reference = new Adam(List.of(twin), 0.01, 0.9, 0.999, 1e-8, 0.1);
        MatrixOps other = new CheckedMatrixOps(((CheckedMatrixOps) ops).unwrap());
        for (int t = 0; t < GRADIENTS.length; t++) {
            if (t == 1) {
                w.to(other);
            }
            w.ops().setRowMajor(w.grad(), GRADIENTS[t]);
            ops.setRowMajor(twin.grad(), GRADIENTS[t]);
            adam.step();
            reference.step();
            assertArrayEquals(GRADIENTS[t], w.ops().toRowMajor(w.grad()), "the gradient is unchanged");
        }
        assertArrayEquals(ops.toRowMajor(twin.value()), other.toRowMajor(w.value()));
    }

    @Test
    void theLearningRateCanBeChanged() {
        AdamW adamW = new AdamW(List.of());
        adamW.setLr(0.25);
        assertEquals(0.25, adamW.lr());
        assertThrows(IllegalArgumentException.class, () -> adamW.setLr(-1));
    }

    @Test
    void rejectsBadSettingsNamingThem() {
        List<Parameter> none = List.of();
        assertMessage(() -> new Adam(none, 0), "learning rate");
        assertMessage(() -> new Adam(none, 0.1, 1.0, 0.999, 1e-8, 0), "beta1");
        assertMessage(() -> new AdamW(none, 0.1, 0.9, -0.1, 1e-8, 0), "beta2");
        assertMessage(() -> new AdamW(none, 0.1, 0.9, 0.999, -1e-8, 0), "eps");
        assertMessage(() -> new Adam(none, 0.1, 0.9, 0.999, 1e-8, Double.NaN), "weight decay");
    }

    private void assertTrajectory(Parameter w, Optimizer optimizer, double[][] expected) {
        for (int t = 0; t < GRADIENTS.length; t++) {
            ops.setRowMajor(w.grad(), GRADIENTS[t]);
            optimizer.step();
            assertArrayEquals(expected[t], ops.toRowMajor(w.value()), 1e-14, optimizer + " after step " + (t + 1));
        }
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable construction, String word) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction);
        assertTrue(e.getMessage().contains(word), e.getMessage());
    }

    private Parameter parameter(double[] value) {
        return new Parameter("p", ops, ops.fromRowMajor(1, value.length, value));
    }
}
