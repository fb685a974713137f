package dev.tinytorch.backend.plain;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.contract.Reference;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Once compiled, the batch gather, the matrix products and the SGD update of an MNIST-sized training step (a 64x784
 * batch, a 784x256 ReLU layer and a 256x10 output layer) allocate nothing on any thread that runs them: the large
 * ones are shared with helper threads, and the 512-bit micro-kernel once boxed its vectors. Allocations are counted
 * on the calling thread and on every helper thread.
 */
class MnistShapesAllocationTest {

    private static final int STEPS_PER_ROUND = 20;
    private static final int MAX_ROUNDS = 1000;

    private final MatrixOps ops = Backends.get(PlainBackend.NAME);
    private final Matrix data = ops.fromArray(Reference.random(640, 784, 5));
    private final int[] order = new SplittableRandom(6).ints(640, 0, 640).toArray();
    private final Matrix x = ops.zeros(64, 784);
    private final Matrix w1 = ops.fromArray(Reference.random(784, 256, 2));
    private final Matrix w2 = ops.fromArray(Reference.random(256, 10, 3));
    private final Matrix h = ops.zeros(64, 256);
    private final Matrix logits = ops.zeros(64, 10);
    private final Matrix dLogits = ops.fromArray(Reference.random(64, 10, 4));
    private final Matrix dw2 = ops.zeros(256, 10);
    private final Matrix dh = ops.zeros(64, 256);
    private final Matrix dw1 = ops.zeros(784, 256);
    private int batch;

    private void step() {
        ops.gatherRows(data, order, 64 * (batch++ % 10), 64, x);
        ops.gemm(false, false, 1.0, x, w1, 0.0, h);
        ops.gemm(false, false, 1.0, h, w2, 0.0, logits);
        ops.gemm(true, false, 1.0, h, dLogits, 0.0, dw2);
        ops.gemm(false, true, 1.0, dLogits, w2, 0.0, dh);
        ops.gemm(true, false, 1.0, x, dh, 0.0, dw1);
        ops.axpy(-1e-9, dw1, w1);
    }

    @Test
    void theProductsOfATrainingStepAllocateNothingOnAnyThreadOnceCompiled() {
        AllocationRounds.assertSomeRoundAllocatesNothing(this::step, STEPS_PER_ROUND, MAX_ROUNDS, true);
    }
}
