package dev.tinytorch.nn.layers;

import static dev.tinytorch.nn.TorchTolerance.assertClose;
import static dev.tinytorch.nn.TorchTolerance.dividedBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.TorchFixture;

/**
 * Runs a batch norm through one of the PyTorch fixture's {@code batchnorm1d|2d.train|eval} cases and compares
 * everything PyTorch recorded (within {@link dev.tinytorch.nn.TorchTolerance}): the output, the gradients, the
 * running statistics and the counter.
 */
final class BatchNormFixture {

    private BatchNormFixture() {
    }

    /**
     * Sets {@code bn}'s parameters, statistics and mode to case {@code prefix} ("batchnorm2d.train"), runs forward
     * and backward on {@code ops} and asserts PyTorch's results. The parameter gradients are PyTorch's over the
     * batch size N: PyTorch's are of {@code sum(output * grad_output)}, this library's averaged over the batch.
     */
    static void matchesPyTorch(BatchNorm bn, String prefix, MatrixOps ops) {
        TorchFixture fixture = TorchFixture.get();
        String p = prefix + ".";
        ops.setRowMajor(bn.parameters().get(0).value(), fixture.data(p + "weight"));
        ops.setRowMajor(bn.parameters().get(1).value(), fixture.data(p + "bias"));
        bn.setRunningStatistics(fixture.data(p + "running_mean_before"), fixture.data(p + "running_var_before"),
                (long) fixture.data(p + "num_batches_tracked_before")[0]);
        bn.train(prefix.endsWith(".train"));
        Matrix x = fixture.matrix(ops, p + "input");
        int n = x.rows();

        assertClose(fixture.data(p + "output"), ops.toRowMajor(bn.forward(x)), p + "output");
        Matrix dx = bn.backward(fixture.matrix(ops, p + "grad_output"));
        assertClose(fixture.data(p + "grad_input"), ops.toRowMajor(dx), p + "grad_input");
        assertClose(dividedBy(fixture.data(p + "grad_weight"), n), ops.toRowMajor(bn.parameters().get(0).grad()),
                p + "grad_weight / N");
        assertClose(dividedBy(fixture.data(p + "grad_bias"), n), ops.toRowMajor(bn.parameters().get(1).grad()),
                p + "grad_bias / N");
        assertClose(fixture.data(p + "running_mean"), bn.runningMean(), p + "running_mean");
        assertClose(fixture.data(p + "running_var"), bn.runningVar(), p + "running_var");
        assertEquals((long) fixture.data(p + "num_batches_tracked")[0], bn.numBatchesTracked(),
                p + "num_batches_tracked");
    }
}
