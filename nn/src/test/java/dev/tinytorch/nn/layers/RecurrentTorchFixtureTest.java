package dev.tinytorch.nn.layers;

import static dev.tinytorch.nn.TorchTolerance.assertClose;
import static dev.tinytorch.nn.TorchTolerance.dividedBy;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Layer;
import dev.tinytorch.nn.Parameter;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.TorchFixture;
import dev.tinytorch.nn.losses.CrossEntropyLoss;
import dev.tinytorch.nn.optim.Adam;
import dev.tinytorch.nn.optim.GradientClipping;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RNN, LSTM and GRU against PyTorch ({@link TorchFixture#recurrent()}, made by
 * {@code nn/src/test/python/make_rnn_fixture.py}) on the backend under test, within {@code TorchTolerance}: outputs
 * and every gradient for one layer over every step from zeros and for two layers' last step from a given state,
 * and the weights after 20 steps of cross entropy, gradient clipping and Adam.
 */
class RecurrentTorchFixtureTest {

    private final MatrixOps ops = Backends.getDefault();
    private final TorchFixture fixture = TorchFixture.recurrent();

    private static Recurrent create(String kind, int in, int hidden, int layers) {
        return RecurrentGradientTest.create(kind.toUpperCase(), in, hidden, layers, new Random(1));
    }

    @ParameterizedTest(name = "{0} case {1}")
    @CsvSource({"rnn, 1", "rnn, 2", "lstm, 1", "lstm, 2", "gru, 1", "gru, 2"})
    void outputsAndGradientsMatchPyTorch(String kind, int k) {
        String p = kind + ".case" + k + ".";
        int layers = fixture.ints(p + "num_layers")[0];
        boolean last = fixture.ints(p + "last")[0] == 1;
        int[] input = fixture.shape(p + "input");  // [B, T, F]
        int batch = input[0];
        int hidden = fixture.shape(p + "weight_hh_l0")[1];
        Recurrent rnn = create(kind, input[2], hidden, layers);
        for (Parameter q : rnn.parameters()) {
            ops.setRowMajor(q.value(), fixture.data(p + q.name()));
        }
        if (fixture.names().contains(p + "h0")) {
            Matrix h0 = ops.fromRowMajor(layers * batch, hidden, fixture.data(p + "h0"));
            if (rnn instanceof LSTM lstm) {
                lstm.initialState(h0, ops.fromRowMajor(layers * batch, hidden, fixture.data(p + "c0")));
            } else {
                rnn.initialState(h0);
            }
        }
        List<Layer> chain = last ? List.of(rnn, new LastStep(hidden)) : List.of(rnn);
        Matrix y = fixture.matrix(ops, p + "input");
        for (Layer layer : chain) {
            y = layer.forward(y);
        }
        assertClose(fixture.data(p + "output"), ops.toRowMajor(y), p + "output");
        Matrix g = ops.fromRowMajor(y.rows(), y.cols(), fixture.data(p + "grad_output"));
        for (int i = chain.size() - 1; i >= 0; i--) {
            g = chain.get(i).backward(g);
        }
        assertClose(fixture.data(p + "grad_input"), ops.toRowMajor(g), p + "grad_input");
        for (Parameter q : rnn.parameters()) {  // PyTorch's gradients of the sum, tinytorch's batch means
            assertClose(dividedBy(fixture.data(p + "grad_" + q.name()), batch), ops.toRowMajor(q.grad()),
                    p + "grad_" + q.name());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rnn", "lstm", "gru"})
    void twentyStepsWithClippingAndAdamMatchPyTorch(String kind) {
        String p = "train." + kind + ".";
        int[] inputs = fixture.shape(p + "inputs");  // [S, B, T, F]
        int steps = inputs[0];
        int batch = inputs[1];
        int width = inputs[2] * inputs[3];
        int hidden = fixture.shape(p + "initial.0.weight_hh_l0")[1];
        int classes = fixture.shape(p + "initial.2.bias")[0];
        Recurrent rnn = create(kind, inputs[3], hidden, 2);
        Linear linear = new Linear(hidden, classes, new Random(2));
        Sequential model = new Sequential(List.of(rnn, new LastStep(hidden), linear), new CrossEntropyLoss());
        load(rnn, linear, p + "initial.");
        Adam adam = new Adam(model.parameters(), 0.01);
        double maxNorm = fixture.data(p + "max_norm")[0];
        double[] x = fixture.data(p + "inputs");
        double[] targets = fixture.data(p + "targets");
        double[] losses = fixture.data(p + "loss");
        for (int s = 0; s < steps; s++) {
            Matrix batchX = ops.fromRowMajor(batch, width, Arrays.copyOfRange(x, s * batch * width,
                    (s + 1) * batch * width));
            Matrix batchY = ops.fromRowMajor(batch, 1, Arrays.copyOfRange(targets, s * batch, (s + 1) * batch));
            Matrix perSample = model.loss(model.forward(batchX), batchY);
            assertClose(new double[] {losses[s]}, new double[] {ops.sum(perSample) / batch}, p + "loss " + s);
            model.backward();
            GradientClipping.clipGradNorm(model.parameters(), maxNorm);  // so checked against PyTorch's too
            adam.step();
        }
        for (Parameter q : rnn.parameters()) {
            assertClose(fixture.data(p + "final.0." + q.name()), ops.toRowMajor(q.value()), p + "final.0." + q.name());
        }
        assertClose(fixture.data(p + "final.2.weight"), transposed(ops.toRowMajor(linear.parameters().get(0).value()),
                hidden, classes), p + "final.2.weight");
        assertClose(fixture.data(p + "final.2.bias"), ops.toRowMajor(linear.parameters().get(1).value()),
                p + "final.2.bias");
    }

    private void load(Recurrent rnn, Linear linear, String prefix) {
        for (Parameter q : rnn.parameters()) {
            ops.setRowMajor(q.value(), fixture.data(prefix + "0." + q.name()));
        }
        int[] shape = fixture.shape(prefix + "2.weight");  // PyTorch's [out, in]; tinytorch's in x out
        ops.setRowMajor(linear.parameters().get(0).value(), transposed(fixture.data(prefix + "2.weight"), shape[0],
                shape[1]));
        ops.setRowMajor(linear.parameters().get(1).value(), fixture.data(prefix + "2.bias"));
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
