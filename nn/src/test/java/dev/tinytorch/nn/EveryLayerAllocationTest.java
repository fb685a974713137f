package dev.tinytorch.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.nn.init.WeightInit;
import dev.tinytorch.nn.layers.BatchNorm1d;
import dev.tinytorch.nn.layers.BatchNorm2d;
import dev.tinytorch.nn.layers.AvgPool2d;
import dev.tinytorch.nn.layers.Conv2d;
import dev.tinytorch.nn.layers.Dropout;
import dev.tinytorch.nn.layers.Embedding;
import dev.tinytorch.nn.layers.Flatten;
import dev.tinytorch.nn.layers.GRU;
import dev.tinytorch.nn.layers.LSTM;
import dev.tinytorch.nn.layers.LastStep;
import dev.tinytorch.nn.layers.LeakyReLU;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.MaxPool2d;
import dev.tinytorch.nn.layers.RNN;
import dev.tinytorch.nn.layers.ReLU;
import dev.tinytorch.nn.layers.Softmax;
import dev.tinytorch.nn.layers.Tanh;
import dev.tinytorch.nn.layers.TimeDistributed;
import dev.tinytorch.nn.losses.BCEWithLogits;
import dev.tinytorch.nn.losses.CrossEntropyLoss;
import dev.tinytorch.nn.losses.MSELoss;
import dev.tinytorch.nn.losses.SequenceCrossEntropyLoss;
import dev.tinytorch.nn.optim.Adam;
import dev.tinytorch.nn.optim.AdamW;
import dev.tinytorch.nn.optim.GradientClipping;
import dev.tinytorch.nn.optim.SGD;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The layers, losses and optimizers beyond the tutorial's keep its promise: once the batch shape is known, a training
 * step allocates nothing outside the backend (measured as in {@link TrainingStepAllocationTest}).
 */
class EveryLayerAllocationTest {

    private static final int WARM_UP = 300;
    private static final int WINDOWS = 3;
    private static final int MEASURED = 100;
    private static final int BATCH = 16;

    @Test
    void dropoutLeakyReLUAndCrossEntropyWithAdam() {
        Random rng = new Random(171);
        AllocationMeter ops = meter();
        double[] classes = new double[BATCH];
        for (int i = 0; i < BATCH; i++) {
            classes[i] = rng.nextInt(3);
        }
        Sequential model = new Sequential(List.of(new Linear(5, 8, WeightInit.KAIMING_UNIFORM, rng), new LeakyReLU(),
                new Dropout(0.3, rng), new Linear(8, 3, rng)), new CrossEntropyLoss()).to(ops);
        assertNoAllocation(ops, model, Adam::new, Fixtures.uniform(ops, BATCH, 5, -1, 1, rng),
                ops.fromRowMajor(BATCH, 1, classes));
    }

    @Test
    void tanhSoftmaxAndMeanSquaredErrorWithNesterovMomentumAndWeightDecay() {
        Random rng = new Random(172);
        AllocationMeter ops = meter();
        Sequential model = new Sequential(List.of(new Linear(5, 8, WeightInit.XAVIER_NORMAL, rng), new Tanh(),
                new Linear(8, 2, rng), new Softmax()), new MSELoss()).to(ops);
        assertNoAllocation(ops, model, parameters -> new SGD(parameters, 0.1, 0.9, 0, 1e-4, true),
                Fixtures.uniform(ops, BATCH, 5, -1, 1, rng), Fixtures.uniform(ops, BATCH, 2, 0, 1, rng));
    }

    @Test
    void logitsWithBinaryCrossEntropyAndAdamW() {
        Random rng = new Random(173);
        AllocationMeter ops = meter();
        Sequential model = new Sequential(List.of(new Linear(5, 8, rng), new ReLU(), new Linear(8, 1, rng)),
                new BCEWithLogits()).to(ops);
        assertNoAllocation(ops, model, AdamW::new, Fixtures.uniform(ops, BATCH, 5, -1, 1, rng),
                Fixtures.labels(ops, BATCH, 1, rng));
    }

    @Test
    void batchNormWithMomentum() {
        Random rng = new Random(174);
        AllocationMeter ops = meter();
        Sequential model = new Sequential(List.of(new Linear(5, 8, rng), new BatchNorm1d(8), new ReLU(),
                new Linear(8, 2, rng)), new MSELoss()).to(ops);
        assertNoAllocation(ops, model, parameters -> new SGD(parameters, 0.05, 0.9, 0, 0, false),
                Fixtures.uniform(ops, BATCH, 5, -1, 1, rng), Fixtures.uniform(ops, BATCH, 2, -1, 1, rng));
    }

    @Test
    void batchNorm2dOverImageRows() {
        Random rng = new Random(175);
        AllocationMeter ops = meter();
        Sequential model = new Sequential(List.of(new Linear(5, 12, rng), new BatchNorm2d(3), new ReLU(),
                new Linear(12, 2, rng)), new MSELoss()).to(ops);  // 3 channels of 2x2 pixels
        assertNoAllocation(ops, model, parameters -> new SGD(parameters, 0.05, 0.9, 0, 0, false),
                Fixtures.uniform(ops, BATCH, 5, -1, 1, rng), Fixtures.uniform(ops, BATCH, 2, -1, 1, rng));
    }

    @Test
    void convolutionsAndPoolsWithMomentum() {
        Random rng = new Random(174);
        AllocationMeter ops = meter();
        double[] classes = new double[BATCH];
        for (int i = 0; i < BATCH; i++) {
            classes[i] = rng.nextInt(3);
        }
        Sequential model = new Sequential(new ImageShape(2, 9, 9), List.of(new Conv2d(2, 3, 3, 1, 1, rng),
                new ReLU(), new MaxPool2d(2, 1), new Conv2d(3, 4, 2, 2, 0, rng), new AvgPool2d(2), new Flatten(),
                new Linear(16, 3, rng)), new CrossEntropyLoss()).to(ops);
        assertNoAllocation(ops, model, parameters -> new SGD(parameters, 0.01, 0.9),
                Fixtures.uniform(ops, BATCH, 162, -1, 1, rng), ops.fromRowMajor(BATCH, 1, classes));
    }

    /**
     * LeNet-5 as the {@code Mnist} example trains it (batch 64, SGD lr 0.05 momentum 0.9). A step costs about a
     * hundred of the small networks' above, so it warms up for 100 steps and measures windows of 20.
     */
    @Test
    void leNet5AtBatch64WithMomentum() {
        Random rng = new Random(176);
        AllocationMeter ops = meter();
        int batch = 64;
        double[] digits = new double[batch];
        for (int i = 0; i < batch; i++) {
            digits[i] = rng.nextInt(10);
        }
        Sequential model = new Sequential(new ImageShape(1, 28, 28), List.of(new Conv2d(1, 6, 5, 1, 2, rng),
                new ReLU(), new MaxPool2d(2), new Conv2d(6, 16, 5, 1, 0, rng), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(400, 120, rng), new ReLU(), new Linear(120, 84, rng), new ReLU(),
                new Linear(84, 10, rng)), new CrossEntropyLoss()).to(ops);
        assertNoAllocation(ops, model, parameters -> new SGD(parameters, 0.05, 0.9),
                Fixtures.uniform(ops, batch, 784, 0, 1, rng), ops.fromRowMajor(batch, 1, digits), 100, 20);
    }

    /**
     * The sequential-MNIST classifier, LSTM(28, 64) over 28 steps, its last step, Linear(64, 10), at batch 64 with
     * Adam: nothing allocated outside the backend, and on plain nothing at all. Windows of 10 steps.
     */
    @Test
    void lstmSequenceClassifierAtBatch64WithAdam() {
        Random rng = new Random(177);
        AllocationMeter ops = meter();
        int batch = 64;
        double[] digits = new double[batch];
        for (int i = 0; i < batch; i++) {
            digits[i] = rng.nextInt(10);
        }
        Sequential model = new Sequential(List.of(new LSTM(28, 64, rng), new LastStep(64), new Linear(64, 10, rng)),
                new CrossEntropyLoss()).to(ops);
        Matrix x = Fixtures.uniform(ops, batch, 28 * 28, 0, 1, rng);
        Matrix t = ops.fromRowMajor(batch, 1, digits);
        assertNoAllocation(ops, model, Adam::new, x, t, 50, 10);
        assertNothingAllocatedOnPlain(ops, model, x, t);
    }

    /** Two stacked GRU layers and an RNN over every step, a carried state, regression on every step's output. */
    @Test
    void stackedGruAndRnnWithCarriedStateAndMomentum() {
        Random rng = new Random(178);
        AllocationMeter ops = meter();
        GRU gru = new GRU(3, 8, 2, rng);
        gru.carryState(true);
        Sequential model = new Sequential(List.of(gru, new RNN(8, 2, rng)), new MSELoss()).to(ops);
        Matrix x = Fixtures.uniform(ops, BATCH, 6 * 3, -1, 1, rng);
        Matrix t = Fixtures.uniform(ops, BATCH, 6 * 2, -1, 1, rng);
        assertNoAllocation(ops, model, parameters -> new SGD(parameters, 0.05, 0.9), x, t);
    }

    /**
     * On the plain backend an LSTM training step allocates nothing, inside the backend either (the promise).
     * A few windows suffice for this step; a small network's step needs many more before plain's loops are compiled,
     * which {@link RecurrentAllThreadsAllocationTest} waits for.
     */
    private static void assertNothingAllocatedOnPlain(AllocationMeter ops, Sequential model, Matrix x, Matrix t) {
        if (!ops.name().equals("plain")) {
            return;
        }
        Optimizer optimizer = new Adam(model.parameters());  // the optimizer whose code the steps before warmed up
        for (int i = 0; i < 20; i++) {
            step(model, optimizer, x, t);
        }
        List<Long> windows = new java.util.ArrayList<>();
        for (int window = 0; window < WINDOWS; window++) {
            long before = AllocationMeter.allocatedByThisThread();
            for (int i = 0; i < 10; i++) {
                step(model, optimizer, x, t);
            }
            long bytes = AllocationMeter.allocatedByThisThread() - before;
            if (bytes == 0) {
                return;
            }
            windows.add(bytes);
        }
        assertEquals(List.of(), windows, "bytes allocated by 10 training steps of " + model + " on plain");
    }

    @Test
    void embeddingPerStepLinearAndSequenceCrossEntropyWithClippedAdam() {
        Random rng = new Random(175);
        AllocationMeter ops = meter();
        double[] tokens = new double[BATCH * 5];
        double[] next = new double[BATCH * 5];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = rng.nextInt(7);
            next[i] = rng.nextInt(7);
        }
        Sequential model = new Sequential(List.of(new Embedding(7, 4, rng), new TimeDistributed(4, new Linear(4, 6, rng)),
                new Tanh(), new TimeDistributed(6, new Linear(6, 7, rng))), new SequenceCrossEntropyLoss()).to(ops);
        assertNoAllocation(ops, model, parameters -> {
            GradientClipping clipping = new GradientClipping(parameters, 0.1);
            Adam adam = new Adam(parameters);
            return () -> {
                clipping.clip();
                adam.step();
            };
        }, ops.fromRowMajor(BATCH, 5, tokens), ops.fromRowMajor(BATCH, 5, next));
    }

    private static AllocationMeter meter() {
        assumeTrue(AllocationMeter.supported(), "this JVM does not count allocations per thread");
        return new AllocationMeter(Backends.getDefault());
    }

    private static void assertNoAllocation(AllocationMeter ops, Sequential model,
            Function<List<Parameter>, Optimizer> optimizerFor, Matrix x, Matrix t) {
        assertNoAllocation(ops, model, optimizerFor, x, t, WARM_UP, MEASURED);
    }

    private static void assertNoAllocation(AllocationMeter ops, Sequential model,
            Function<List<Parameter>, Optimizer> optimizerFor, Matrix x, Matrix t, int warmUp, int measured) {
        Optimizer optimizer = optimizerFor.apply(model.parameters());
        for (int i = 0; i < warmUp; i++) {
            step(model, optimizer, x, t);
        }
        // A step that allocates does so in every window; a window that saw the JIT swap compiled code (more likely
        // on a loaded machine) may count a few bytes once. So the test passes when one of three windows is clean.
        List<String> windows = new java.util.ArrayList<>();
        for (int window = 0; window < WINDOWS; window++) {
            long insideBefore = ops.insideBackend();
            long totalBefore = AllocationMeter.allocatedByThisThread();
            for (int i = 0; i < measured; i++) {
                step(model, optimizer, x, t);
            }
            long total = AllocationMeter.allocatedByThisThread() - totalBefore;
            long inside = ops.insideBackend() - insideBefore;
            assertTrue(inside <= total, "the meter is consistent");
            if (total == inside) {
                return;
            }
            windows.add((total - inside) + " B outside, " + inside + " B inside " + ops.name());
        }
        assertEquals(List.of(), windows, "bytes allocated outside the backend, in each of " + WINDOWS + " windows of "
                + measured + " training steps of " + model + " with " + optimizer);
    }

    private static void step(Sequential model, Optimizer optimizer, Matrix x, Matrix t) {
        model.loss(model.forward(x), t);
        model.backward();
        optimizer.step();
    }
}
