package dev.tinytorch.nn;

import static dev.tinytorch.nn.TorchTolerance.assertClose;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.data.Dataset;
import dev.tinytorch.nn.layers.Conv2d;
import dev.tinytorch.nn.layers.Flatten;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.MaxPool2d;
import dev.tinytorch.nn.layers.ReLU;
import dev.tinytorch.nn.losses.CrossEntropyLoss;
import dev.tinytorch.nn.optim.SGD;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * LeNet-5 trained for 20 SGD steps (lr 0.05, momentum 0.9, cross entropy, batches of 8 MNIST digits) from PyTorch's
 * initial weights gives PyTorch's loss at every step, PyTorch's final weights and PyTorch's logits, on the backend
 * under test, within {@link TorchTolerance} (the committed fixture, see {@link TorchFixture}).
 */
class LeNetTorchFixtureTest {

    /** The indices of LeNet-5's layers with parameters in {@code torch.nn.Sequential}, hence their state_dict names. */
    private static final int[] WITH_PARAMETERS = {0, 3, 7, 9, 11};

    private final MatrixOps ops = Backends.getDefault();
    private final TorchFixture fixture = TorchFixture.get();

    @Test
    void twentyStepsOfLeNet5MatchPyTorch() {
        Random rng = new Random(1);  // overwritten below by PyTorch's initial weights
        Sequential model = new Sequential(new ImageShape(1, 28, 28), List.of(
                new Conv2d(1, 6, 5, 1, 2, rng), new ReLU(), new MaxPool2d(2),
                new Conv2d(6, 16, 5, 1, 0, rng), new ReLU(), new MaxPool2d(2),
                new Flatten(),
                new Linear(400, 120, rng), new ReLU(),
                new Linear(120, 84, rng), new ReLU(),
                new Linear(84, 10, rng)), new CrossEntropyLoss());
        load(model, "lenet.initial.");
        Dataset first = fixture.lenetBatch(ops, 0);
        assertClose(fixture.data("lenet.initial_logits"), ops.toRowMajor(model.forward(first.inputs())),
                "initial logits");

        SGD sgd = new SGD(model.parameters(), 0.05, 0.9);
        double[] losses = fixture.data("lenet.loss");
        for (int step = 0; step < losses.length; step++) {
            Dataset batch = fixture.lenetBatch(ops, step);
            Matrix perSample = model.loss(model.forward(batch.inputs()), batch.targets());
            double loss = ops.sum(perSample) / perSample.rows();
            assertClose(new double[] {losses[step]}, new double[] {loss}, "loss of step " + step);
            model.backward();
            sgd.step();
        }

        for (int index : WITH_PARAMETERS) {
            Layer layer = model.layers().get(index);
            assertClose(fixture.data("lenet.final." + index + ".weight"), torchLayout(layer, 0),
                    "final " + index + ".weight of " + layer);
            assertClose(fixture.data("lenet.final." + index + ".bias"), torchLayout(layer, 1),
                    "final " + index + ".bias of " + layer);
        }
        assertClose(fixture.data("lenet.final_logits"), ops.toRowMajor(model.forward(first.inputs())),
                "final logits");
    }

    /** Sets every parameter from {@code prefix + "0.weight"} and so on, PyTorch's Linear weights transposed. */
    private void load(Sequential model, String prefix) {
        for (int index : WITH_PARAMETERS) {
            Layer layer = model.layers().get(index);
            List<Parameter> parameters = layer.parameters();
            String weight = prefix + index + ".weight";
            if (layer instanceof Linear) {  // PyTorch's [out, in]; tinytorch's in x out
                int[] shape = fixture.shape(weight);
                ops.setRowMajor(parameters.get(0).value(), transposed(fixture.data(weight), shape[0], shape[1]));
            } else {                         // Conv2d: [out, in, kH, kW] as out x (in*kH*kW)
                ops.setRowMajor(parameters.get(0).value(), fixture.data(weight));
            }
            ops.setRowMajor(parameters.get(1).value(), fixture.data(prefix + index + ".bias"));
        }
    }

    /** Parameter {@code which} of {@code layer} in PyTorch's row-major layout (a Linear weight transposed back). */
    private double[] torchLayout(Layer layer, int which) {
        Matrix value = layer.parameters().get(which).value();
        double[] data = ops.toRowMajor(value);
        return layer instanceof Linear && which == 0 ? transposed(data, value.rows(), value.cols()) : data;
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
