package dev.tinytorch.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientClippingTest {

    private final MatrixOps ops = Backends.getDefault();

    /** Gradients (3, 4) and (0, 12): total norm sqrt(9 + 16 + 144) = 13. */
    private Parameter a;
    private Parameter b;

    private void gradients() {
        a = parameter(new double[] {1, 1}, new double[] {3, 4});
        b = parameter(new double[] {1, 1}, new double[] {0, 12});
    }

    @Test
    void scalesEveryGradientByMaxNormOverTheTotalNorm() {
        gradients();
        double total = GradientClipping.clipGradNorm(List.of(a, b), 6.5);
        assertEquals(13.0, total, 1e-15);
        double c = 6.5 / (13 + 1e-6);  // PyTorch's clip_coef
        assertArrayEquals(new double[] {3 * c, 4 * c}, ops.toRowMajor(a.grad()), 1e-15);
        assertArrayEquals(new double[] {0, 12 * c}, ops.toRowMajor(b.grad()), 1e-15);
        assertEquals(GradientClipping.clipGradNorm(List.of(a, b), 100), 6.5, 1e-6, "the new total norm");
    }

    @Test
    void leavesGradientsUnderTheLimitAlone() {
        gradients();
        GradientClipping.clipGradNorm(List.of(a, b), 13.0);
        double c = 13 / (13 + 1e-6);  // as PyTorch's, a norm equal to maxNorm still scales by slightly less than 1
        assertArrayEquals(new double[] {3 * c, 4 * c}, ops.toRowMajor(a.grad()), 1e-15);
        gradients();
        new GradientClipping(List.of(a, b), 13.00001).clip();
        assertArrayEquals(new double[] {3, 4}, ops.toRowMajor(a.grad()));
        gradients();
        new GradientClipping(List.of(a, b), 14).clip();
        assertArrayEquals(new double[] {3, 4}, ops.toRowMajor(a.grad()));
        assertArrayEquals(new double[] {0, 12}, ops.toRowMajor(b.grad()));
    }

    @Test
    void composesWithSgdAndAdam() {
        gradients();
        GradientClipping clipping = new GradientClipping(List.of(a, b), 1.3);
        clipping.clip();
        new SGD(List.of(a, b), 1.0).step();
        double c = 1.3 / (13 + 1e-6);
        assertArrayEquals(new double[] {1 - 3 * c, 1 - 4 * c}, ops.toRowMajor(a.value()), 1e-15);
        gradients();
        new GradientClipping(List.of(a, b), 1.3).clip();
        Adam adam = new Adam(List.of(a, b), 0.1);
        adam.step();  // Adam's first step is lr * sign(g) whatever the scale: clipping keeps the signs
        assertArrayEquals(new double[] {0.9, 0.9}, ops.toRowMajor(a.value()), 1e-7);
        assertArrayEquals(new double[] {1, 0.9}, ops.toRowMajor(b.value()), 1e-7);
    }

    @Test
    void aNonFiniteNormIsReturnedAndTheGradientsLeftForTheDivergenceCheck() {
        Parameter p = parameter(new double[] {0, 0}, new double[] {Double.NaN, 1});
        assertEquals(Double.NaN, GradientClipping.clipGradNorm(List.of(p), 1.0));
        assertEquals(1.0, ops.toRowMajor(p.grad())[1]);
        assertThrows(IllegalArgumentException.class, () -> new GradientClipping(List.of(p), 0));
        assertThrows(IllegalArgumentException.class, () -> new GradientClipping(List.of(p), Double.NaN));
    }

    private Parameter parameter(double[] value, double[] grad) {
        Parameter p = new Parameter("p", ops, ops.fromRowMajor(1, value.length, value));
        ops.setRowMajor(p.grad(), grad);
        return p;
    }
}
