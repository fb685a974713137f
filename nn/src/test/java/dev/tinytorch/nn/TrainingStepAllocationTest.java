package dev.tinytorch.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.backend.plain.PlainBackend;
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
 * Once the batch shape is known, a training step must not allocate: layers and losses reuse their buffers.
 *
 * <p>Measured with the JVM's per-thread allocation counter. Unlike the other nn tests this one always uses the
 * plain reference backend, whatever {@code -Dtinytorch.backend} says: it tests nn's code, and needs a backend whose
 * operations allocate nothing at any JIT tier (EJML's, for one, allocate or not depending on when the JIT's escape
 * analysis kicks in, which would make the count depend on timing).
 */
class TrainingStepAllocationTest {

    private static final int WARM_UP = 300;
    private static final int MEASURED = 100;

    private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void aTrainingStepAllocatesNothingOnceShapesAreKnown() {
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocations per thread");
        MatrixOps ops = Backends.get(PlainBackend.NAME);
        Random rng = new Random(61);
        Matrix x = Fixtures.uniform(ops, 16, 5, -1, 1, rng);
        Matrix t = Fixtures.labels(ops, 16, 1, rng);
        Sequential model = new Sequential(
                List.of(new Linear(5, 8, rng), new ReLU(), new Linear(8, 1, rng), new Sigmoid()), new BinaryCrossEntropy())
                .to(ops);
        SGD sgd = new SGD(model.parameters(), 0.1);

        for (int i = 0; i < WARM_UP; i++) {
            step(model, sgd, x, t);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < MEASURED; i++) {
            step(model, sgd, x, t);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(0, allocated, "bytes allocated by " + MEASURED + " training steps");
    }

    private static void step(Sequential model, SGD sgd, Matrix x, Matrix t) {
        model.loss(model.forward(x), t);
        model.backward();
        sgd.step();
    }
}
