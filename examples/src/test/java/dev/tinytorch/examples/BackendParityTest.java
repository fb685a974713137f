package dev.tinytorch.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.ImageShape;
import dev.tinytorch.nn.Parameter;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.data.Batch;
import dev.tinytorch.nn.data.DataLoader;
import dev.tinytorch.nn.data.Dataset;
import dev.tinytorch.nn.data.Split;
import dev.tinytorch.nn.data.Standardizer;
import dev.tinytorch.nn.data.TrainValidationSplit;
import dev.tinytorch.nn.init.Seed;
import dev.tinytorch.nn.layers.Conv2d;
import dev.tinytorch.nn.layers.Flatten;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.MaxPool2d;
import dev.tinytorch.nn.layers.ReLU;
import dev.tinytorch.nn.layers.Sigmoid;
import dev.tinytorch.nn.losses.BinaryCrossEntropy;
import dev.tinytorch.nn.losses.CrossEntropyLoss;
import dev.tinytorch.nn.metrics.Metrics;
import dev.tinytorch.nn.optim.SGD;
import dev.tinytorch.nn.train.Trainer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The same seed and the same batches give the same network on every backend, and a model can change backend. */
class BackendParityTest {

    private static final long SEED = 7;
    private static final int DIGITS = 256;
    private static final List<String> BACKENDS = List.of("plain", "ejml", "nd4j");

    @Test
    void everyBackendIsAvailableHere() {
        assertEquals(BACKENDS, Backends.available(), "the examples module ships all three backends");
    }

    @Test
    void sameSeedGivesIdenticalInitialWeightsOnEveryBackend() {
        List<double[]> reference = weights(freshModel(Backends.get("plain")));
        for (String name : BACKENDS) {
            List<double[]> initial = weights(freshModel(Backends.get(name)));
            for (int i = 0; i < reference.size(); i++) {
                assertArrayEquals(reference.get(i), initial.get(i), 0.0, name + ", parameter " + i);
            }
        }
    }

    @Test
    void trainingOnTheSameBatchesEndsWithTheSameWeightsToOnePartInABillion() {
        List<double[]> reference = weights(trained(Backends.get("plain")));
        for (String name : BACKENDS) {
            List<double[]> trained = weights(trained(Backends.get(name)));
            for (int i = 0; i < reference.size(); i++) {
                assertRelativelyClose(reference.get(i), trained.get(i), 1e-9, name + ", parameter " + i);
            }
        }
    }

    @Test
    void aTrainedModelMovedToAnotherBackendPredictsTheSame() {
        MatrixOps plain = Backends.get("plain");
        Sequential model = trained(plain);
        Dataset data = BreastCancer.load(plain);
        double[] expected = plain.toRowMajor(model.forward(data.inputs()));
        for (String name : BACKENDS) {
            MatrixOps target = Backends.get(name);
            model.to(target);
            Matrix inputs = target.fromRowMajor(data.size(), data.features(), plain.toRowMajor(data.inputs()));
            assertRelativelyClose(expected, target.toRowMajor(model.forward(inputs)), 1e-12, "predictions on " + name);
        }
    }

    @Test
    void leNet5TrainedOnTheSameDigitsEndsWithTheSameWeightsToOnePartInABillion() {
        double[][] digits = firstDigits(DIGITS);
        List<double[]> reference = weights(trainedLeNet(Backends.get("plain"), digits));
        for (String name : BACKENDS) {
            List<double[]> trained = weights(trainedLeNet(Backends.get(name), digits));
            for (int i = 0; i < reference.size(); i++) {
                assertRelativelyClose(reference.get(i), trained.get(i), 1e-9, "LeNet-5 on " + name + ", parameter "
                        + i);
            }
        }
    }

    /** The first {@code n} shipped MNIST digits: their pixels (n x 784, row-major) and their labels. */
    private static double[][] firstDigits(int n) {
        MatrixOps plain = Backends.get("plain");
        Dataset digits = ShippedData.mnist(plain).subset(IntStream.range(0, n).toArray());
        return new double[][] {plain.toRowMajor(digits.inputs()), plain.toRowMajor(digits.targets())};
    }

    /** LeNet-5 as the Mnist example builds it, seeded, after one epoch of batches of 32 of {@code digits}. */
    private static Sequential trainedLeNet(MatrixOps ops, double[][] digits) {
        Seed.manualSeed(SEED);
        Sequential model = new Sequential(new ImageShape(1, 28, 28), List.of(
                new Conv2d(1, 6, 5, 1, 2), new ReLU(), new MaxPool2d(2),
                new Conv2d(6, 16, 5, 1, 0), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(400, 120), new ReLU(), new Linear(120, 84), new ReLU(),
                new Linear(84, 10)), new CrossEntropyLoss()).to(ops);
        Dataset data = new Dataset(ops, ops.fromRowMajor(DIGITS, 784, digits[0]),
                ops.fromRowMajor(DIGITS, 1, digits[1]));
        SGD sgd = new SGD(model.parameters(), 0.05, 0.9);
        for (Batch batch : new DataLoader(data, 32, true, SEED)) {
            model.loss(model.forward(batch.inputs()), batch.targets());
            model.backward();
            sgd.step();
        }
        return model;
    }

    private static Sequential freshModel(MatrixOps ops) {
        Seed.manualSeed(SEED);
        return new Sequential(List.of(new Linear(30, 20), new ReLU(), new Linear(20, 1), new Sigmoid()),
                new BinaryCrossEntropy()).to(ops);
    }

    /** Three epochs of the walk-through's deeper net: same split, same shuffles, same weights to start. */
    private static Sequential trained(MatrixOps ops) {
        Split<Dataset> split = TrainValidationSplit.withSeed(SEED).split(BreastCancer.load(ops));
        Standardizer standardizer = Standardizer.fit(split.train());
        Sequential model = freshModel(ops);
        Trainer trainer = new Trainer(model, new SGD(model.parameters(), 0.1),
                new DataLoader(standardizer.transform(split.train()), 64, true, SEED),
                new DataLoader(standardizer.transform(split.validation()), 64, false, SEED), Metrics.accuracy());
        trainer.setOutput(new PrintStream(OutputStream.nullOutputStream()));
        trainer.train(3, 1);
        return model;
    }

    private static List<double[]> weights(Sequential model) {
        List<double[]> values = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            values.add(p.ops().toRowMajor(p.value()));
        }
        return values;
    }

    private static void assertRelativelyClose(double[] expected, double[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(Math.abs(expected[i]), Math.abs(actual[i]));
            assertTrue(Math.abs(expected[i] - actual[i]) <= tolerance * Math.max(scale, 1e-300),
                    what + " element " + i + ": " + expected[i] + " vs " + actual[i]);
        }
    }
}
