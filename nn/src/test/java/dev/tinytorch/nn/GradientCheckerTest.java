package dev.tinytorch.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.Sigmoid;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The checker must pass correct gradients and, above all, fail wrong ones. */
class GradientCheckerTest {

    private final MatrixOps ops = Backends.getDefault();
    private final Random rng = new Random(3);

    @Test
    void passesACorrectLayerAndCountsEveryEntry() {
        Matrix x = Fixtures.uniform(ops, 4, 3, -1, 1, rng);
        Matrix t = Fixtures.uniform(ops, 4, 2, -1, 1, rng);
        GradientChecker.Report report =
                GradientChecker.check(List.of(new Linear(3, 2, rng)), new WeightedSumLoss(), x, t);
        assertEquals(4 * 3 + 3 * 2 + 2, report.entries(), "input, weight and bias entries");
        assertTrue(report.worstError() <= GradientChecker.TOLERANCE);
    }

    @Test
    void failsAnInputGradientThatIsSlightlyOff() {
        Matrix x = Fixtures.uniform(ops, 4, 3, -2, 2, rng);
        Matrix t = Fixtures.uniform(ops, 4, 3, -1, 1, rng);
        AssertionError e = assertThrows(AssertionError.class, () -> GradientChecker.check(
                List.of(new ScaledInputGradient(new Sigmoid(), 1.0001)), new WeightedSumLoss(), x, t));
        assertTrue(e.getMessage().contains("input"), e.getMessage());
    }

    @Test
    void failsAParameterGradientSummedInsteadOfAveraged() {
        Matrix x = Fixtures.uniform(ops, 4, 3, -1, 1, rng);
        Matrix t = Fixtures.uniform(ops, 4, 2, -1, 1, rng);
        AssertionError e = assertThrows(AssertionError.class, () -> GradientChecker.check(
                List.of(new SummedWeightGradient(new Linear(3, 2, rng))), new WeightedSumLoss(), x, t));
        assertTrue(e.getMessage().contains("weight"), e.getMessage());
    }

    /** A layer whose input gradient is scaled by a wrong factor. */
    private static final class ScaledInputGradient implements Layer {
        private final Layer inner;
        private final double factor;
        private MatrixOps ops = Backends.getDefault();

        ScaledInputGradient(Layer inner, double factor) {
            this.inner = inner;
            this.factor = factor;
        }

        @Override
        public Matrix forward(Matrix x) {
            return inner.forward(x);
        }

        @Override
        public Matrix backward(Matrix gradOutput) {
            Matrix dx = inner.backward(gradOutput);
            ops.affine(dx, factor, 0.0, dx);
            return dx;
        }

        @Override
        public void to(MatrixOps target) {
            inner.to(target);
            ops = target;
        }
    }

    /** A layer that forgets to average its weight gradient over the batch. */
    private static final class SummedWeightGradient implements Layer {
        private final Layer inner;
        private int batch;

        SummedWeightGradient(Layer inner) {
            this.inner = inner;
        }

        @Override
        public Matrix forward(Matrix x) {
            batch = x.rows();
            return inner.forward(x);
        }

        @Override
        public Matrix backward(Matrix gradOutput) {
            Matrix dx = inner.backward(gradOutput);
            Parameter weight = inner.parameters().get(0);
            weight.ops().affine(weight.grad(), batch, 0.0, weight.grad());
            return dx;
        }

        @Override
        public List<Parameter> parameters() {
            return inner.parameters();
        }

        @Override
        public void to(MatrixOps target) {
            inner.to(target);
        }
    }
}
