package dev.tinytorch.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.data.DataLoader;
import dev.tinytorch.nn.data.Dataset;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.ReLU;
import dev.tinytorch.nn.losses.CrossEntropyLoss;
import dev.tinytorch.nn.metrics.Metrics;
import dev.tinytorch.nn.optim.Adam;
import dev.tinytorch.nn.optim.SGD;
import dev.tinytorch.nn.train.Trainer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The threading contract of {@link MatrixOps} on the backend under test: one instance shared by models that train at
 * once, each on its own thread, gives every model the same bits as training it alone. The models are the
 * MNIST-size network's shape (784-256-10), so that their products, updates and batch gathers are large enough for
 * a backend to share them between cores, and the concurrent models compete for those cores.
 */
class ConcurrentTrainingTest {

    private static final int MODELS = 4;
    private static final int FEATURES = 784;
    private static final int HIDDEN = 256;
    private static final int CLASSES = 10;
    private static final int SAMPLES = 384;
    private static final int BATCH = 64;
    private static final int EPOCHS = 4;

    @Test
    void modelsTrainedAtOnceEndWithTheBitsOfModelsTrainedOneAfterAnother() throws Exception {
        MatrixOps ops = Backends.getDefault();
        Dataset data = syntheticDigits(ops, new Random(13));

        List<List<double[]>> alone = new ArrayList<>();
        for (int i = 0; i < MODELS; i++) {
            alone.add(train(ops, data, i, null));
        }
        warmUp(ops);

        ExecutorService pool = Executors.newFixedThreadPool(MODELS);
        try {
            CountDownLatch start = new CountDownLatch(MODELS);
            List<Future<List<double[]>>> together = new ArrayList<>();
            for (int i = 0; i < MODELS; i++) {
                int model = i;
                together.add(pool.submit(() -> train(ops, data, model, start)));
            }
            for (int i = 0; i < MODELS; i++) {
                assertSameBits(alone.get(i), together.get(i).get(), ops.name() + ", model " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Trains model {@code index} (its own initial weights and shuffles; SGD with momentum or Adam, alternately) and
     * returns its final weights. With {@code start} given, waits until every model's thread has reached it.
     */
    private static List<double[]> train(MatrixOps ops, Dataset data, int index, CountDownLatch start)
            throws InterruptedException {
        Random rng = new Random(100 + index);
        Sequential model = new Sequential(List.of(new Linear(FEATURES, HIDDEN, rng), new ReLU(),
                new Linear(HIDDEN, CLASSES, rng)), new CrossEntropyLoss()).to(ops);
        Optimizer optimizer = index % 2 == 0
                ? new SGD(model.parameters(), 0.05, 0.9)
                : new Adam(model.parameters(), 1e-3);
        DataLoader loader = new DataLoader(data, BATCH, true, 200 + index);
        Trainer trainer = new Trainer(model, optimizer, loader, loader, Metrics.accuracy());
        trainer.setOutput(new PrintStream(OutputStream.nullOutputStream()));
        if (start != null) {
            start.countDown();
            start.await();
        }
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            trainer.trainOneEpoch();
        }
        List<double[]> weights = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            weights.add(ops.toRowMajor(p.value()));
        }
        return weights;
    }

    /**
     * Other work in the process between the two runs, as in a long-lived one: thousands of steps of a small network
     * of the same kinds of layers, so that the JIT has compiled the backend's loops by the time the models train
     * together (the Vector API's exponential used to give other bits once compiled).
     */
    private static void warmUp(MatrixOps ops) {
        Random rng = new Random(99);
        Sequential small = new Sequential(List.of(new Linear(20, 16, rng), new ReLU(), new Linear(16, CLASSES, rng)),
                new CrossEntropyLoss()).to(ops);
        SGD sgd = new SGD(small.parameters(), 0.01);
        double[][] inputs = new double[BATCH][20];
        double[] targets = new double[BATCH];
        for (int s = 0; s < BATCH; s++) {
            targets[s] = s % CLASSES;
            for (int f = 0; f < 20; f++) {
                inputs[s][f] = rng.nextGaussian();
            }
        }
        Dataset batch = Dataset.of(ops, inputs, targets);
        for (int step = 0; step < 20_000; step++) {
            small.loss(small.forward(batch.inputs()), batch.targets());
            small.backward();
            sgd.step();
        }
    }

    /** Inputs in [0, 1) with a class-dependent bias on a band of pixels, so that the loss keeps moving. */
    private static Dataset syntheticDigits(MatrixOps ops, Random rng) {
        double[][] inputs = new double[SAMPLES][FEATURES];
        double[] targets = new double[SAMPLES];
        for (int s = 0; s < SAMPLES; s++) {
            int label = rng.nextInt(CLASSES);
            targets[s] = label;
            for (int f = 0; f < FEATURES; f++) {
                inputs[s][f] = rng.nextDouble() * (f / (FEATURES / CLASSES) == label ? 1.0 : 0.5);
            }
        }
        return Dataset.of(ops, inputs, targets);
    }

    private static void assertSameBits(List<double[]> expected, List<double[]> actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int p = 0; p < expected.size(); p++) {
            double[] e = expected.get(p);
            double[] a = actual.get(p);
            int differing = 0;
            int first = -1;
            double largest = 0;
            for (int i = 0; i < e.length; i++) {
                if (Double.doubleToRawLongBits(e[i]) != Double.doubleToRawLongBits(a[i])) {
                    differing++;
                    first = first < 0 ? i : first;
                    largest = Math.max(largest, Math.abs(e[i] - a[i]));
                }
            }
            if (differing > 0) {
                fail(what + ", parameter " + p + ": " + differing + " of " + e.length + " weights differ from the"
                        + " model trained alone (first at " + first + ": " + e[first] + " vs " + a[first]
                        + "; largest difference " + largest + ")");
            }
        }
    }
}
