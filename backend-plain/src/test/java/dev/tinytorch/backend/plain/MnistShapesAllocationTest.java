package dev.tinytorch.backend.plain;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.DType;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.contract.Reference;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Once compiled, the batch gather, the matrix products and the SGD update of an MNIST-sized training step (a 64x784
 * batch, a 784x256 ReLU layer and a 256x10 output layer) allocate nothing on any thread that runs them: the large
 * ones are shared with helper threads, and the 512-bit micro-kernel once boxed its vectors. Allocations are counted
 * on the calling thread and on every helper thread.
 */
class MnistShapesAllocationTest {

    private static final int STEPS_PER_ROUND = 20;
    private static final int MAX_ROUNDS = 1000;

    @ParameterizedTest
    @EnumSource(DType.class)
    void theProductsOfATrainingStepAllocateNothingOnAnyThreadOnceCompiled(DType dtype) {
        AllocationRounds.assertSomeRoundAllocatesNothing(new Step(dtype)::run, STEPS_PER_ROUND, MAX_ROUNDS, true);
    }

    /** The step's matrices and its operations, in one precision. */
    private static final class Step {
        private final MatrixOps ops;
        private final Matrix data;
        private final int[] order;
        private final Matrix x;
        private final Matrix w1;
        private final Matrix w2;
        private final Matrix h;
        private final Matrix logits;
        private final Matrix dLogits;
        private final Matrix dw2;
        private final Matrix dh;
        private final Matrix dw1;
        private int batch;

        Step(DType dtype) {
            ops = Backends.get(PlainBackend.NAME, dtype);
            data = ops.fromArray(Reference.random(640, 784, 5));
            order = new SplittableRandom(6).ints(640, 0, 640).toArray();
            x = ops.zeros(64, 784);
            w1 = ops.fromArray(Reference.random(784, 256, 2));
            w2 = ops.fromArray(Reference.random(256, 10, 3));
            h = ops.zeros(64, 256);
            logits = ops.zeros(64, 10);
            dLogits = ops.fromArray(Reference.random(64, 10, 4));
            dw2 = ops.zeros(256, 10);
            dh = ops.zeros(64, 256);
            dw1 = ops.zeros(784, 256);
        }

        void run() {
            ops.gatherRows(data, order, 64 * (batch++ % 10), 64, x);
            ops.gemm(false, false, 1.0, x, w1, 0.0, h);
            ops.gemm(false, false, 1.0, h, w2, 0.0, logits);
            ops.gemm(true, false, 1.0, h, dLogits, 0.0, dw2);
            ops.gemm(false, true, 1.0, dLogits, w2, 0.0, dh);
            ops.gemm(true, false, 1.0, x, dh, 0.0, dw1);
            ops.axpy(-1e-9, dw1, w1);
        }
    }
}
