package dev.tinytorch.nn.layers;

import static dev.tinytorch.nn.TorchTolerance.assertClose;
import static dev.tinytorch.nn.TorchTolerance.dividedBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.ImageShape;
import dev.tinytorch.nn.ShapedLayer;
import dev.tinytorch.nn.TorchFixture;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conv2d, MaxPool2d and AvgPool2d against PyTorch's own results (the committed fixture, see {@link TorchFixture}):
 * output, input gradient and parameter gradients of every case, on the backend under test, within
 * {@link dev.tinytorch.nn.TorchTolerance}. PyTorch's parameter gradients are of {@code sum(output * grad_output)};
 * this library's are averaged over the batch, so they are compared with PyTorch's over the batch size N.
 */
class TorchLayerFixtureTest {

    private final MatrixOps ops = Backends.getDefault();
    private final TorchFixture fixture = TorchFixture.get();

    @ParameterizedTest(name = "conv.case{0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6})
    void conv2dMatchesPyTorch(int k) {
        String p = "conv.case" + k + ".";
        int[] x = fixture.shape(p + "input");
        int[] w = fixture.shape(p + "weight");
        Conv2d conv = new Conv2d(x[1], w[0], size(p + "kernel"), size(p + "stride"), size(p + "padding"),
                new Random(k));
        conv.connect(new ImageShape(x[1], x[2], x[3]));
        ops.setRowMajor(conv.parameters().get(0).value(), fixture.data(p + "weight"));  // [out, in, kH, kW]
        ops.setRowMajor(conv.parameters().get(1).value(), fixture.data(p + "bias"));    // [out] as out x 1
        String what = p + " (" + fixture.metadata("conv.case" + k) + ") ";

        assertClose(fixture.data(p + "output"), ops.toRowMajor(conv.forward(fixture.matrix(ops, p + "input"))),
                what + "output");
        Matrix dx = conv.backward(fixture.matrix(ops, p + "grad_output"));
        assertClose(fixture.data(p + "grad_input"), ops.toRowMajor(dx), what + "grad_input");
        assertClose(dividedBy(fixture.data(p + "grad_weight"), x[0]),
                ops.toRowMajor(conv.parameters().get(0).grad()), what + "grad_weight / N");
        assertClose(dividedBy(fixture.data(p + "grad_bias"), x[0]), ops.toRowMajor(conv.parameters().get(1).grad()),
                what + "grad_bias / N");
    }

    @ParameterizedTest(name = "maxpool.case{0}")
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void maxPool2dMatchesPyTorchWithTiesAndNaN(int k) {
        String p = "maxpool.case" + k + ".";
        poolMatchesPyTorch(new MaxPool2d(size(p + "kernel"), size(p + "stride")), p);
    }

    @ParameterizedTest(name = "avgpool.case{0}")
    @ValueSource(ints = {1, 2, 3})
    void avgPool2dMatchesPyTorch(int k) {
        String p = "avgpool.case" + k + ".";
        poolMatchesPyTorch(new AvgPool2d(size(p + "kernel"), size(p + "stride")), p);
    }

    @Test
    void theMaxPoolCasesHoldTiesAndNaN() {
        double[] ties = fixture.data("maxpool.case2.input");  // whole numbers 0 to 2: most windows tie
        assertEquals(3, Arrays.stream(ties).distinct().count(), fixture.metadata("maxpool.case2"));
        assertTrue(Arrays.stream(fixture.data("maxpool.case5.output")).anyMatch(Double::isNaN),
                fixture.metadata("maxpool.case5"));
    }

    private void poolMatchesPyTorch(ShapedLayer pool, String p) {
        int[] x = fixture.shape(p + "input");
        pool.connect(new ImageShape(x[1], x[2], x[3]));
        String what = p + " (" + fixture.metadata(p.substring(0, p.length() - 1)) + ") ";
        assertClose(fixture.data(p + "output"), ops.toRowMajor(pool.forward(fixture.matrix(ops, p + "input"))),
                what + "output");
        Matrix dx = pool.backward(fixture.matrix(ops, p + "grad_output"));
        assertClose(fixture.data(p + "grad_input"), ops.toRowMajor(dx), what + "grad_input");
    }

    private Size2d size(String name) {
        int[] pair = fixture.ints(name);
        return Size2d.of(pair[0], pair[1]);
    }
}
