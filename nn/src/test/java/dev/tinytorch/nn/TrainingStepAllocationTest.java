package dev.tinytorch.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.ReLU;
import dev.tinytorch.nn.layers.Sigmoid;
import dev.tinytorch.nn.losses.BinaryCrossEntropy;
import dev.tinytorch.nn.optim.SGD;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Once the batch shape is known, a training step must not allocate: layers and losses reuse their buffers. What the
 * backend itself allocates is metered separately and left out, so the test holds on every backend. Steps run in
 * windows until one window's steps allocate nothing outside the backend, up to a cap: while the JIT still compiles
 * a step's code, a window can count bytes that the compiled code does not allocate (160 once, on a machine at load
 * 15, with the backend still allocating 65 KB a step); code that allocates in every step fails every window.
 */
class TrainingStepAllocationTest {

    private static final int WARM_UP = 300;
    private static final int MEASURED = 100;
    private static final int MAX_WINDOWS = 30;

    @Test
    void nnCodeAllocatesNothingInATrainingStepOnceShapesAreKnown() {
        assumeTrue(AllocationMeter.supported(), "this JVM does not count allocations per thread");
        AllocationMeter ops = new AllocationMeter(Backends.getDefault());
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
        long leastOutside = Long.MAX_VALUE;
        long insideThen = 0;
        for (int window = 0; window < MAX_WINDOWS && leastOutside > 0; window++) {
            long insideBefore = ops.insideBackend();
            long totalBefore = AllocationMeter.allocatedByThisThread();
            for (int i = 0; i < MEASURED; i++) {
                step(model, sgd, x, t);
            }
            long total = AllocationMeter.allocatedByThisThread() - totalBefore;
            long inside = ops.insideBackend() - insideBefore;
            assertTrue(inside <= total, "the meter is consistent");
            if (total - inside < leastOutside) {
                leastOutside = total - inside;
                insideThen = inside;
            }
        }
        assertEquals(0, leastOutside, "bytes allocated outside the backend by " + MEASURED + " training steps, the"
                + " least in " + MAX_WINDOWS + " windows (" + insideThen + " inside " + ops.name() + ")");
    }

    private static void step(Sequential model, SGD sgd, Matrix x, Matrix t) {
        model.loss(model.forward(x), t);
        model.backward();
        sgd.step();
    }
}
