package dev.tinytorch.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.CheckedMatrixOps;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.ReLU;
import dev.tinytorch.nn.layers.Sigmoid;
import dev.tinytorch.nn.losses.BinaryCrossEntropy;
import dev.tinytorch.nn.optim.SGD;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SequentialTest {

    private final MatrixOps ops = Backends.getDefault();
    private final Random rng = new Random(51);

    @Test
    void theTutorialFormBuildsAndPredictsProbabilities() {
        Sequential model = new Sequential(List.of(new Linear(30, 1), new Sigmoid()), new BinaryCrossEntropy());
        Matrix p = model.forward(Fixtures.uniform(ops, 5, 30, -1, 1, rng));
        assertEquals("5x1", p.shape());
        assertTrue(Arrays.stream(ops.toRowMajor(p)).allMatch(v -> v > 0 && v < 1));
        assertEquals("5x1", model.loss(p, Fixtures.labels(ops, 5, 1, rng)).shape());
        assertSame(ops, model.ops());
    }

    @Test
    void aWholeNetworkPassesTheGradientCheck() {
        Sequential model = mlp();
        Matrix x = Fixtures.uniform(ops, 8, 4, -1, 1, rng);
        Matrix t = Fixtures.labels(ops, 8, 2, rng);
        GradientChecker.Report report = GradientChecker.check(model.layers(), model.criterion(), x, t);
        assertEquals(8 * 4 + (4 * 6 + 6) + (6 * 2 + 2), report.entries());
    }

    @Test
    void backwardGivesEveryParameterTheGradientOfAFullBackwardPass() {
        Sequential model = mlp();
        Matrix x = Fixtures.uniform(ops, 8, 4, -1, 1, rng);
        Matrix t = Fixtures.labels(ops, 8, 2, rng);
        model.loss(model.forward(x), t);
        model.backward();  // skips the first layer's input gradient
        List<double[]> skipping = model.parameters().stream().map(p -> ops.toRowMajor(p.grad())).toList();

        Matrix grad = model.criterion().backward();
        for (int i = model.layers().size() - 1; i >= 0; i--) {
            grad = model.layers().get(i).backward(grad);
        }
        for (int i = 0; i < skipping.size(); i++) {
            assertArrayEquals(ops.toRowMajor(model.parameters().get(i).grad()), skipping.get(i), 0.0, "parameter " + i);
        }
    }

    @Test
    void parametersComeInLayerOrder() {
        Sequential model = mlp();
        List<Parameter> expected = new ArrayList<>();
        model.layers().forEach(layer -> expected.addAll(layer.parameters()));
        assertEquals(expected, model.parameters());
        assertEquals(List.of("weight 4x6", "bias 1x6", "weight 6x2", "bias 1x2"),
                model.parameters().stream().map(Parameter::toString).toList());
    }

    @Test
    void movingToAnotherOpsInstanceKeepsThePredictions() {
        Sequential model = mlp();
        Matrix x = Fixtures.uniform(ops, 5, 4, -1, 1, rng);
        double[] before = ops.toRowMajor(model.forward(x));
        MatrixOps other = new CheckedMatrixOps(((CheckedMatrixOps) ops).unwrap());
        assertNotSame(ops, other);

        assertSame(model, model.to(other));
        assertSame(other, model.ops());
        model.parameters().forEach(p -> assertSame(other, p.ops(), p.toString()));
        Matrix movedX = other.fromRowMajor(5, 4, ops.toRowMajor(x));
        Matrix predictions = model.forward(movedX);
        assertArrayEquals(before, other.toRowMajor(predictions));

        model.loss(predictions, other.fromRowMajor(5, 2, new double[10]));
        model.backward();  // the whole step runs on the new instance
    }

    @Test
    void aRoundTripThroughEveryBackendKeepsThePredictions() {
        Sequential model = mlp();
        double[] x = ops.toRowMajor(Fixtures.uniform(ops, 3, 4, -1, 1, rng));
        double[] expected = ops.toRowMajor(model.forward(ops.fromRowMajor(3, 4, x)));
        for (String name : Backends.available()) {
            MatrixOps backend = Backends.get(name);
            model.to(backend);
            double[] there = backend.toRowMajor(model.forward(backend.fromRowMajor(3, 4, x)));
            assertArrayEquals(expected, there, 1e-12, name);
        }
        model.to(ops);
        assertArrayEquals(expected, ops.toRowMajor(model.forward(ops.fromRowMajor(3, 4, x))));
    }

    @Test
    void oneLayerObjectTwiceIsRejected() {
        ReLU relu = new ReLU();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Sequential(List.of(new Linear(2, 2), relu, new Linear(2, 2), relu), new BinaryCrossEntropy()));
        assertTrue(e.getMessage().contains("ReLU appears twice"), e.getMessage());
    }

    @Test
    void trainAndEvalReachEveryLayer() {
        ModeProbe first = new ModeProbe();
        ModeProbe second = new ModeProbe();
        Sequential model = new Sequential(List.of(first, second), new BinaryCrossEntropy());
        model.eval();
        assertEquals(List.of(false), first.modes);
        assertEquals(List.of(false), second.modes);
        model.train();
        assertEquals(List.of(false, true), second.modes);
    }

    @Test
    void sgdLearnsALinearlySeparableProblem() {
        int n = 200;
        double[][] x = new double[n][2];
        double[][] y = new double[n][1];
        for (int i = 0; i < n; i++) {
            x[i][0] = 2 * rng.nextDouble() - 1;
            x[i][1] = 2 * rng.nextDouble() - 1;
            y[i][0] = x[i][0] + 2 * x[i][1] - 0.3 > 0 ? 1 : 0;
        }
        Matrix inputs = ops.fromArray(x);
        Matrix targets = ops.fromArray(y);
        Sequential model = new Sequential(List.of(new Linear(2, 1, new Random(1)), new Sigmoid()), new BinaryCrossEntropy());
        SGD sgd = new SGD(model.parameters(), 1.0);

        double initial = meanLoss(model, inputs, targets);
        for (int step = 0; step < 300; step++) {
            model.loss(model.forward(inputs), targets);
            model.backward();
            sgd.step();
        }
        double trained = meanLoss(model, inputs, targets);
        assertTrue(initial > 0.5, "an untrained model is unsure: " + initial);
        assertTrue(trained < 0.15, "300 steps should bring the mean loss from " + initial + " below 0.15, got " + trained);
    }

    private double meanLoss(Sequential model, Matrix x, Matrix t) {
        return ops.sum(model.loss(model.forward(x), t)) / x.rows();
    }

    private Sequential mlp() {
        return new Sequential(List.of(new Linear(4, 6, rng), new ReLU(), new Linear(6, 2, rng), new Sigmoid()),
                new BinaryCrossEntropy());
    }

    /** A pass-through layer that records the modes it is switched to. */
    private static final class ModeProbe implements Layer {
        final List<Boolean> modes = new ArrayList<>();

        @Override
        public Matrix forward(Matrix x) {
            return x;
        }

        @Override
        public Matrix backward(Matrix gradOutput) {
            return gradOutput;
        }

        @Override
        public void to(MatrixOps ops) {
        }

        @Override
        public void train(boolean training) {
            modes.add(training);
        }
    }
}
