package dev.tinytorch.nn;

import static dev.tinytorch.nn.TorchTolerance.RELATIVE_FLOAT32;
import static dev.tinytorch.nn.TorchTolerance.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.DType;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.contract.Float32Backends;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.ReLU;
import dev.tinytorch.nn.losses.CrossEntropyLoss;
import dev.tinytorch.nn.optim.Adam;
import dev.tinytorch.nn.optim.SGD;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An MLP trained for 20 steps of Adam and of SGD with momentum in float32 matches PyTorch's float32 run
 * ({@link TorchFixture#float32()}, made by {@code nn/src/test/python/make_float32_fixture.py}) to 1e-4 relative:
 * every step's loss and the final weights, on the float32 test double and on every backend offering float32.
 */
class Float32TorchFixtureTest {

    private final TorchFixture fixture = TorchFixture.float32();

    static Stream<Arguments> cases() {
        return Float32Backends.all("plain").stream()
                .flatMap(ops -> Stream.of(Arguments.of(ops, "adam"), Arguments.of(ops, "sgd")));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("cases")
    void twentyStepsMatchPyTorchFloat32(MatrixOps ops, String optimizer) {
        assertEquals(DType.FLOAT32, ops.dtype());
        String p = optimizer + ".";
        int[] inputs = fixture.shape(p + "inputs");  // [S, B, F]
        int steps = inputs[0];
        int batch = inputs[1];
        int features = inputs[2];
        int hidden = fixture.shape(p + "initial.0.bias")[0];
        int classes = fixture.shape(p + "initial.2.bias")[0];
        Linear first = new Linear(features, hidden, new Random(1));
        Linear second = new Linear(hidden, classes, new Random(2));
        Sequential model = new Sequential(List.of(first, new ReLU(), second), new CrossEntropyLoss()).to(ops);
        load(ops, first, p + "initial.0.");
        load(ops, second, p + "initial.2.");
        Optimizer step = optimizer.equals("adam") ? new Adam(model.parameters(), 0.01)
                : new SGD(model.parameters(), 0.1, 0.9);
        double[] x = fixture.data(p + "inputs");
        double[] targets = fixture.data(p + "targets");
        double[] losses = fixture.data(p + "loss");
        for (int s = 0; s < steps; s++) {
            Matrix batchX = ops.fromRowMajor(batch, features, Arrays.copyOfRange(x, s * batch * features,
                    (s + 1) * batch * features));
            Matrix batchY = ops.fromRowMajor(batch, 1, Arrays.copyOfRange(targets, s * batch, (s + 1) * batch));
            Matrix perSample = model.loss(model.forward(batchX), batchY);
            assertClose(new double[] {losses[s]}, new double[] {ops.sum(perSample) / batch}, RELATIVE_FLOAT32,
                    p + "loss " + s);
            model.backward();
            step.step();
        }
        assertTrue(losses[steps - 1] < losses[0], "the fixture's run learns: " + Arrays.toString(losses));
        check(ops, first, p + "final.0.");
        check(ops, second, p + "final.2.");
    }

    /** PyTorch's {@code weight [out, in]} is tinytorch's {@code in x out}. */
    private void load(MatrixOps ops, Linear linear, String prefix) {
        int[] shape = fixture.shape(prefix + "weight");
        ops.setRowMajor(linear.parameters().get(0).value(), transposed(fixture.data(prefix + "weight"), shape[0],
                shape[1]));
        ops.setRowMajor(linear.parameters().get(1).value(), fixture.data(prefix + "bias"));
    }

    private void check(MatrixOps ops, Linear linear, String prefix) {
        int[] shape = fixture.shape(prefix + "weight");
        assertClose(fixture.data(prefix + "weight"), transposed(ops.toRowMajor(linear.parameters().get(0).value()),
                shape[1], shape[0]), RELATIVE_FLOAT32, prefix + "weight");
        assertClose(fixture.data(prefix + "bias"), ops.toRowMajor(linear.parameters().get(1).value()),
                RELATIVE_FLOAT32, prefix + "bias");
    }

    /** The row-major {@code cols x rows} transpose of the row-major {@code rows x cols} {@code data}. */
    private static double[] transposed(double[] data, int rows, int cols) {
        double[] out = new double[data.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = data[r * cols + c];
            }
        }
        return out;
    }
}
