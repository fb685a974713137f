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
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
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
    private static final String TEST_RUNNER_THREADS = "surefire-";

    private final com.sun.management.ThreadMXBean threads = threadBean();

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
        long least = Long.MAX_VALUE;
        for (int window = 0; window < MAX_WINDOWS && least > 0; window++) {
            long overhead = allocatedDuring(() -> { });
            least = Math.min(least, allocatedDuring(steps) - overhead);
        }
        if (least > 0) {
            fail("every window of " + STEPS_PER_WINDOW + " LeNet-5 steps on plain allocated, the least "
                    + least + " bytes over all threads, in " + MAX_WINDOWS + " windows");
        }
    }

    /**
     * Heap bytes allocated while {@code task} runs, summed over the threads alive before it starts but those of the
     * test runner (Surefire's, which flush its output at their own times).
     */
    private long allocatedDuring(Runnable task) {
        long[] ids = Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
                .filter(info -> info != null && !info.getThreadName().startsWith(TEST_RUNNER_THREADS))
                .mapToLong(ThreadInfo::getThreadId)
                .toArray();
        long[] before = threads.getThreadAllocatedBytes(ids);
        task.run();
        long[] after = threads.getThreadAllocatedBytes(ids);
        long sum = 0;
        for (int i = 0; i < ids.length; i++) {
            if (before[i] >= 0 && after[i] >= 0) {
                sum += after[i] - before[i];
            }
        }
        return sum;
    }

    private static com.sun.management.ThreadMXBean threadBean() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "this JVM does not count allocations per thread");
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocations per thread");
        return bean;
    }
}
