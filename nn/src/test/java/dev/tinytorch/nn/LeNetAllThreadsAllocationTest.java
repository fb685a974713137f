package dev.tinytorch.nn;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.layers.Conv2d;
import dev.tinytorch.nn.layers.Flatten;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.MaxPool2d;
import dev.tinytorch.nn.layers.ReLU;
import dev.tinytorch.nn.losses.CrossEntropyLoss;
import dev.tinytorch.nn.optim.SGD;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Once compiled, a LeNet-5 training step on the plain backend allocates nothing at all: neither in nn's code nor
 * in the backend, on the calling thread or on any other (the backend shares large products and copies with helper
 * threads). {@link EveryLayerAllocationTest} leaves what a backend allocates out, since a backend may depend on the
 * JIT; this one holds plain to zero, counting every live thread. It once found 80 bytes a call in the vector kernel
 * of ReLU's derivative.
 *
 * <p>Steps run in windows until one window allocates nothing, up to a cap: the JIT compiles the step's code at its
 * own pace (the Vector API allocates until it has; under Surefire on a busy machine, 25 KB a step for some thirty
 * windows), and a window in which it swaps code may count a few bytes.
 */
class LeNetAllThreadsAllocationTest {

    private static final String PLAIN = "plain";
    private static final int BATCH = 64;
    private static final int STEPS_PER_WINDOW = 10;
    private static final int MAX_WINDOWS = 150;
    @Test
    void aLeNet5StepOnPlainAllocatesNothingOnAnyThreadOnceCompiled() {
        assumeTrue(Backends.getDefault().name().equals(PLAIN), "runs once, in the test run on " + PLAIN);
        MatrixOps ops = Backends.get(PLAIN);
        Random rng = new Random(177);
        double[] digits = new double[BATCH];
        for (int i = 0; i < BATCH; i++) {
            digits[i] = rng.nextInt(10);
        }
        Sequential model = new Sequential(new ImageShape(1, 28, 28), List.of(new Conv2d(1, 6, 5, 1, 2, rng),
                new ReLU(), new MaxPool2d(2), new Conv2d(6, 16, 5, 1, 0, rng), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(400, 120, rng), new ReLU(), new Linear(120, 84, rng), new ReLU(),
                new Linear(84, 10, rng)), new CrossEntropyLoss()).to(ops);
        SGD sgd = new SGD(model.parameters(), 0.05, 0.9);
        Matrix x = Fixtures.uniform(ops, BATCH, 784, 0, 1, rng);
        Matrix t = ops.fromRowMajor(BATCH, 1, digits);
        Runnable steps = () -> {
            for (int i = 0; i < STEPS_PER_WINDOW; i++) {
                model.loss(model.forward(x), t);
                model.backward();
                sgd.step();
            }
        };
        steps.run();  // starts the backend's helper threads, which a window counts only if alive at its start
        long least = new AllThreadsAllocation().leastOverWindows(steps, MAX_WINDOWS);
        if (least > 0) {
            fail("every window of " + STEPS_PER_WINDOW + " LeNet-5 steps on plain allocated, the least "
                    + least + " bytes over all threads, in " + MAX_WINDOWS + " windows or more");
        }
    }
}
