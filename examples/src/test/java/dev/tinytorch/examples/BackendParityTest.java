package dev.tinytorch.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Parameter;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.data.DataLoader;
import dev.tinytorch.nn.data.Dataset;
import dev.tinytorch.nn.data.Split;
import dev.tinytorch.nn.data.Standardizer;
import dev.tinytorch.nn.data.TrainValidationSplit;
import dev.tinytorch.nn.init.Seed;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.ReLU;
import dev.tinytorch.nn.layers.Sigmoid;
import dev.tinytorch.nn.losses.BinaryCrossEntropy;
import dev.tinytorch.nn.metrics.Metrics;
import dev.tinytorch.nn.optim.SGD;
import dev.tinytorch.nn.train.Trainer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same seed and the same batches give the same network on every backend, and a model can change backend. */
class BackendParityTest {

    private static final long SEED = 7;
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
