package dev.tinytorch.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.CheckedMatrixOps;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Parameter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SGDTest {

    private final MatrixOps ops = Backends.getDefault();

    @Test
    void stepSubtractsLearningRateTimesGradient() {
        Parameter a = parameter(new double[] {1, 2, 3, 4}, new double[] {0.5, -1, 2, 0});
        Parameter b = parameter(new double[] {-1, 0}, new double[] {10, -10});
        new SGD(List.of(a, b), 0.1).step();
        assertArrayEquals(new double[] {0.95, 2.1, 2.8, 4}, ops.toRowMajor(a.value()), 1e-12);
        assertArrayEquals(new double[] {-2, 1}, ops.toRowMajor(b.value()), 1e-12);
        assertArrayEquals(new double[] {0.5, -1, 2, 0}, ops.toRowMajor(a.grad()), "gradients are left alone");
    }

    @Test
    void momentumByHand() {
        // lr 0.1, momentum 0.9, w = 1, gradients 1, 2, -1:
        // b = 1,                 w = 1 - 0.1 * 1       = 0.9
        // b = 0.9 * 1 + 2 = 2.9, w = 0.9 - 0.1 * 2.9   = 0.61
        // b = 2.61 - 1 = 1.61,   w = 0.61 - 0.1 * 1.61 = 0.449
        Parameter w = parameter(new double[] {1}, new double[] {0});
        assertTrajectory(w, new SGD(List.of(w), 0.1, 0.9), new double[] {1, 2, -1}, new double[] {0.9, 0.61, 0.449});
    }

    @Test
    void nesterovMomentumByHand() {
        // as above, but stepping along g + 0.9 b: 1 + 0.9 = 1.9, 2 + 2.61 = 4.61, -1 + 1.449 = 0.449
        Parameter w = parameter(new double[] {1}, new double[] {0});
        SGD sgd = new SGD(List.of(w), 0.1, 0.9, 0, 0, true);
        assertTrajectory(w, sgd, new double[] {1, 2, -1}, new double[] {0.81, 0.349, 0.3041});
    }

    @Test
    void weightDecayAndDampeningByHand() {
        // lr 0.1, momentum 0.9, dampening 0.5, weight decay 0.1, w = 1, gradients 1, 2, -1:
        // g = 1 + 0.1 = 1.1,             b = 1.1 (no dampening on the first step),           w = 0.89
        // g = 2 + 0.089 = 2.089,         b = 0.99 + 0.5 * 2.089 = 2.0345,                    w = 0.68655
        // g = -1 + 0.068655 = -0.931345, b = 1.83105 - 0.4656725 = 1.3653775,                w = 0.55001225
        Parameter w = parameter(new double[] {1}, new double[] {0});
        SGD sgd = new SGD(List.of(w), 0.1, 0.9, 0.5, 0.1, false);
        assertTrajectory(w, sgd, new double[] {1, 2, -1}, new double[] {0.89, 0.68655, 0.55001225});
    }

    @Test
    void weightDecayWithoutMomentumByHand() {
        // w = 2, gradient 1: g = 1 + 0.5 * 2 = 2, w = 2 - 0.1 * 2 = 1.8; then g = 1 + 0.9 = 1.9, w = 1.61
        Parameter w = parameter(new double[] {2}, new double[] {0});
        assertTrajectory(w, new SGD(List.of(w), 0.1, 0, 0, 0.5, false), new double[] {1, 1}, new double[] {1.8, 1.61});
    }

    @Test
    void everyOptionMatchesAScalarLoopOverSeveralParametersAndSteps() {
        Random rng = new Random(151);
        double lr = 0.05;
        double mu = 0.8;
        double dampening = 0.0;
        double wd = 0.01;
        double[][] start = {rng.doubles(6, -1, 1).toArray(), rng.doubles(3, -1, 1).toArray()};
        Parameter a = parameter(start[0], new double[6]);
        Parameter b = parameter(start[1], new double[3]);
        SGD sgd = new SGD(List.of(a, b), lr, mu, dampening, wd, true);

        double[][] w = {start[0].clone(), start[1].clone()};
        double[][] buf = {new double[6], new double[3]};
        for (int t = 1; t <= 5; t++) {
            double[][] grads = {rng.doubles(6, -2, 2).toArray(), rng.doubles(3, -2, 2).toArray()};
            ops.setRowMajor(a.grad(), grads[0]);
            ops.setRowMajor(b.grad(), grads[1]);
            sgd.step();
            for (int p = 0; p < 2; p++) {
                for (int j = 0; j < w[p].length; j++) {
                    double g = grads[p][j] + wd * w[p][j];
                    buf[p][j] = t == 1 ? g : mu * buf[p][j] + (1 - dampening) * g;
                    w[p][j] -= lr * (g + mu * buf[p][j]);
                }
            }
            assertArrayEquals(w[0], ops.toRowMajor(a.value()), 1e-13, "step " + t);
            assertArrayEquals(w[1], ops.toRowMajor(b.value()), 1e-13, "step " + t);
        }
    }

    @Test
    void theLearningRateCanBeChangedBetweenSteps() {
        Parameter w = parameter(new double[] {1}, new double[] {1});
        SGD sgd = new SGD(List.of(w), 0.1);
        sgd.setLr(0.5);
        assertEquals(0.5, sgd.lr());
        sgd.step();
        assertArrayEquals(new double[] {0.5}, ops.toRowMajor(w.value()), 1e-15);
        sgd.setLr(0);
        sgd.step();
        assertArrayEquals(new double[] {0.5}, ops.toRowMajor(w.value()), 1e-15, "a rate of 0 may end a schedule");
        assertThrows(IllegalArgumentException.class, () -> sgd.setLr(-0.1));
        assertThrows(IllegalArgumentException.class, () -> sgd.setLr(Double.NaN));
    }

    @Test
    void followsParametersThatMoveToAnotherBackend() {
        Parameter a = parameter(new double[] {1, 2}, new double[] {1, 1});
        SGD sgd = new SGD(List.of(a), 0.5);
        MatrixOps other = new CheckedMatrixOps(((CheckedMatrixOps) ops).unwrap());
        a.to(other);
        sgd.step();
        assertArrayEquals(new double[] {0.5, 1.5}, other.toRowMajor(a.value()), 1e-12);
    }

    @Test
    void theMomentumMovesWithItsParameter() {
        Parameter w = parameter(new double[] {1}, new double[] {1});
        SGD sgd = new SGD(List.of(w), 0.1, 0.9);
        sgd.step();                                     // b = 1, w = 0.9
        MatrixOps other = new CheckedMatrixOps(((CheckedMatrixOps) ops).unwrap());
        w.to(other);
        sgd.step();                                     // b = 0.9 + 1 = 1.9, w = 0.9 - 0.19
        assertArrayEquals(new double[] {0.71}, other.toRowMajor(w.value()), 1e-15);
    }

    @Test
    void rejectsALearningRateThatIsNotPositiveAndFinite() {
        for (double lr : new double[] {0, -0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(), lr), "lr " + lr);
        }
    }

    @Test
    void rejectsBadMomentumSettingsNamingThem() {
        List<Parameter> none = List.of();
        assertMessage(() -> new SGD(none, 0.1, -0.5), "momentum");
        assertMessage(() -> new SGD(none, 0.1, 0.9, 1.5, 0, false), "dampening");
        assertMessage(() -> new SGD(none, 0.1, 0.9, 0, -1, false), "weight decay");
        assertMessage(() -> new SGD(none, 0.1, 0, 0, 0, true), "Nesterov");
        assertMessage(() -> new SGD(none, 0.1, 0.9, 0.1, 0, true), "Nesterov");
    }

    private void assertTrajectory(Parameter w, SGD sgd, double[] gradients, double[] expected) {
        for (int t = 0; t < gradients.length; t++) {
            ops.setRowMajor(w.grad(), new double[] {gradients[t]});
            sgd.step();
            assertEquals(expected[t], ops.get(w.value(), 0, 0), 1e-14, "after step " + (t + 1));
        }
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable construction, String word) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction);
        assertTrue(e.getMessage().contains(word), e.getMessage());
    }

    private Parameter parameter(double[] value, double[] grad) {
        Parameter p = new Parameter("p", ops, ops.fromRowMajor(1, value.length, value));
        ops.setRowMajor(p.grad(), grad);
        return p;
    }
}
