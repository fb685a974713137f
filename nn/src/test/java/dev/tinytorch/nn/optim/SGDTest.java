package dev.tinytorch.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.CheckedMatrixOps;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Parameter;
import java.util.List;
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
    void followsParametersThatMoveToAnotherBackend() {
        Parameter a = parameter(new double[] {1, 2}, new double[] {1, 1});
        SGD sgd = new SGD(List.of(a), 0.5);
        MatrixOps other = new CheckedMatrixOps(((CheckedMatrixOps) ops).unwrap());
        a.to(other);
        sgd.step();
        assertArrayEquals(new double[] {0.5, 1.5}, other.toRowMajor(a.value()), 1e-12);
    }

    @Test
    void rejectsALearningRateThatIsNotPositiveAndFinite() {
        for (double lr : new double[] {0, -0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(), lr), "lr " + lr);
        }
    }

    private Parameter parameter(double[] value, double[] grad) {
        Parameter p = new Parameter("p", ops, ops.fromRowMajor(1, value.length, value));
        ops.setRowMajor(p.grad(), grad);
        return p;
    }
}
