package dev.tinytorch.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.UnaryOp;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.ReLU;
import dev.tinytorch.nn.layers.Sigmoid;
import dev.tinytorch.nn.losses.BinaryCrossEntropy;
import dev.tinytorch.nn.optim.SGD;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Once the batch shape is known, a training step must not allocate: layers and losses reuse their buffers. Measured
 * with the JVM's per-thread allocation counter, on backends whose own operations allocate nothing.
 */
class TrainingStepAllocationTest {

    private static final int WARM_UP = 300;
    private static final int MEASURED = 100;

    private final MatrixOps ops = Backends.getDefault();
    private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void aTrainingStepAllocatesNothingOnceShapesAreKnown() {
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocations per thread");
        Random rng = new Random(61);
        Matrix x = Fixtures.uniform(ops, 16, 5, -1, 1, rng);
        Matrix t = Fixtures.labels(ops, 16, 1, rng);
        assumeTrue(allocatedBy(() -> backendOnly(x)) == 0, ops.name() + " allocates in its own operations");

        Sequential model = new Sequential(
                List.of(new Linear(5, 8, rng), new ReLU(), new Linear(8, 1, rng), new Sigmoid()), new BinaryCrossEntropy());
        SGD sgd = new SGD(model.parameters(), 0.1);
        Runnable step = () -> {
            model.loss(model.forward(x), t);
            model.backward();
            sgd.step();
        };
        assertEquals(0, allocatedBy(step), "bytes allocated by " + MEASURED + " training steps");
    }

    /** Bytes this thread allocates running {@code work} {@value #MEASURED} times, after a warm-up. */
    private long allocatedBy(Runnable work) {
        for (int i = 0; i < WARM_UP; i++) {
            work.run();
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < MEASURED; i++) {
            work.run();
        }
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private final Matrix[] scratch = new Matrix[2];

    /** The kinds of backend call a training step makes, without any nn code. */
    private void backendOnly(Matrix x) {
        if (scratch[0] == null) {
            scratch[0] = ops.zeros(x.rows(), x.cols());
            scratch[1] = ops.zeros(x.cols(), x.cols());
        }
        ops.gemm(true, false, 1.0, x, x, 0.0, scratch[1]);
        ops.map(UnaryOp.SIGMOID, x, scratch[0]);
        ops.zip(BinaryOp.MUL, x, scratch[0], scratch[0]);
        ops.axpy(0.1, x, scratch[0]);
    }
}
