package dev.tinytorch.backend.plain;

import dev.tinytorch.api.Axis;
import dev.tinytorch.api.Backends;
import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.DType;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.Reduction;
import dev.tinytorch.api.UnaryOp;
import dev.tinytorch.api.contract.Reference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Once the JIT has compiled them, the operations of a small network's training step (the tutorial's 64x30 batch
 * and 30x20 layer) allocate nothing on the heap: no packing buffer, no vector box, no task for another thread.
 * Rounds of steps run until one allocates nothing; the generous cap only matters when the test is failing, and
 * leaves time for the JIT's background compilation on a busy machine.
 */
class SmallShapesAllocationTest {

    private static final int STEPS_PER_ROUND = 200;
    private static final int MAX_ROUNDS = 2000;

    @ParameterizedTest
    @EnumSource(DType.class)
    void aTrainingStepAllocatesNothingOnceCompiled(DType dtype) {
        AllocationRounds.assertSomeRoundAllocatesNothing(new Step(dtype)::run, STEPS_PER_ROUND, MAX_ROUNDS, false);
    }

    /** The step's matrices and its operations, in one precision. */
    private static final class Step {
        private final MatrixOps ops;
        private final Matrix x;
        private final Matrix w;
        private final Matrix bias;
        private final Matrix h;
        private final Matrix dh;
        private final Matrix dw;
        private final Matrix dx;
        private final Matrix db;
        private final Matrix batch;
        private final int[] rows;
        private final int[] predicted;

        Step(DType dtype) {
            ops = Backends.get(PlainBackend.NAME, dtype);
            x = ops.fromArray(Reference.random(64, 30, 1));
            w = ops.fromArray(Reference.random(30, 20, 2));
            bias = ops.fromArray(Reference.random(1, 20, 3));
            h = ops.zeros(64, 20);
            dh = ops.fromArray(Reference.random(64, 20, 4));
            dw = ops.zeros(30, 20);
            dx = ops.zeros(64, 30);
            db = ops.zeros(1, 20);
            batch = ops.zeros(16, 30);
            rows = new int[] {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3};
            predicted = new int[64];
        }

        void run() {
            ops.gatherRows(x, rows, 0, rows.length, batch);
            ops.gemm(false, false, 1.0, x, w, 0.0, h);
            ops.broadcastRow(BinaryOp.ADD, h, bias, h);
            ops.map(UnaryOp.RELU, h, h);
            ops.map(UnaryOp.SIGMOID, h, h);
            ops.zip(BinaryOp.MUL, h, dh, h);
            ops.gemm(true, false, 1.0, x, h, 0.0, dw);
            ops.gemm(false, true, 1.0, h, w, 0.0, dx);
            ops.reduce(Reduction.SUM, Axis.OVER_ROWS, h, db);
            ops.axpy(-0.01, dw, w);
            ops.clip(w, -1.0, 1.0, w);
            ops.argmaxRows(h, predicted);
            ops.sum(h);
        }
    }
}
