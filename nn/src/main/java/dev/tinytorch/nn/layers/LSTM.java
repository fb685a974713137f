package dev.tinytorch.nn.layers;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.nn.init.Seed;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Long short-term memory, PyTorch's {@code nn.LSTM}: per step, gates {@code i, f, g, o} from
 * {@code x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh}, {@code c_t = f c_{t-1} + i g}, {@code h_t = o tanh(c_t)}
 * (see {@link LstmStage}). A memory cell whose forget gate lets gradients cross many steps.
 *
 * <p>Takes {@code batch x (steps * inputSize)} batches and gives every step's hidden state,
 * {@code batch x (steps * hiddenSize)} (PyTorch's {@code batch_first=True} output); see {@link Recurrent} for the
 * layout, stacking and state, and {@link LastStep} to keep the last step only. Parameters per layer {@code l}:
 * {@code weight_ih_l<l>} {@code [4H, in]}, {@code weight_hh_l<l>} {@code [4H, H]},
 * {@code bias_ih_l<l>} and {@code bias_hh_l<l>} ({@code 1 x 4H}), all drawn from
 * {@code U(-1/sqrt(H), 1/sqrt(H))} as PyTorch's.
 */
public final class LSTM extends Recurrent {

    /** One layer on the default backend, drawn from the shared generator {@link Seed#generator()}. */
    public LSTM(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, Seed.generator());
    }

    /** One layer, its parameters drawn from {@code rng}. */
    public LSTM(int inputSize, int hiddenSize, RandomGenerator rng) {
        this(inputSize, hiddenSize, 1, rng);
    }

    /** {@code numLayers} stacked layers (each takes the previous one's hidden states), drawn from {@code rng}. */
    public LSTM(int inputSize, int hiddenSize, int numLayers, RandomGenerator rng) {
        super("LSTM", inputSize, hiddenSize, numLayers, stages(inputSize, hiddenSize, numLayers, rng));
    }

    private static List<RecurrentStage> stages(int inputSize, int hiddenSize, int numLayers, RandomGenerator rng) {
        checkSizes("LSTM", inputSize, hiddenSize, numLayers);
        List<RecurrentStage> stages = new ArrayList<>();
        for (int l = 0; l < numLayers; l++) {
            stages.add(new LstmStage(l, l == 0 ? inputSize : hiddenSize, hiddenSize, rng));
        }
        return stages;
    }

    /**
     * Starts every following forward from the hidden state {@code h0} and the cell state {@code c0}, both
     * {@code (numLayers * batch) x hiddenSize} (PyTorch's {@code (h_0, c_0)}, flattened), copied.
     */
    @Override
    public void initialState(Matrix h0, Matrix c0) {
        super.initialState(h0, c0);
    }

    /** The cell state every layer ended the last forward in: PyTorch's {@code c_n}, as {@link #finalHidden}. */
    @Override
    public Matrix finalCell() {
        return super.finalCell();
    }
}
