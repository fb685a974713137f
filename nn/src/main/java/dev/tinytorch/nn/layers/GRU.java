package dev.tinytorch.nn.layers;

import dev.tinytorch.nn.init.Seed;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Gated recurrent unit, PyTorch's {@code nn.GRU}: per step, reset and update gates {@code r, z} and the new
 * state {@code n = tanh(x_t W_in^T + b_in + r (h_{t-1} W_hn^T + b_hn))}, {@code h_t = (1 - z) n + z h_{t-1}} (see
 * {@link GruStage}). Fewer parameters than the LSTM, often as good.
 *
 * <p>Takes {@code batch x (steps * inputSize)} batches and gives every step's hidden state,
 * {@code batch x (steps * hiddenSize)} (PyTorch's {@code batch_first=True} output); see {@link Recurrent} for the
 * layout, stacking and state, and {@link LastStep} to keep the last step only. Parameters per layer {@code l}:
 * {@code weight_ih_l<l>} {@code [3H, in]}, {@code weight_hh_l<l>} {@code [3H, H]},
 * {@code bias_ih_l<l>} and {@code bias_hh_l<l>} ({@code 1 x 3H}), all drawn from
 * {@code U(-1/sqrt(H), 1/sqrt(H))} as PyTorch's.
 */
public final class GRU extends Recurrent {

    /** One layer on the default backend, drawn from the shared generator {@link Seed#generator()}. */
    public GRU(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, Seed.generator());
    }

    /** One layer, its parameters drawn from {@code rng}. */
    public GRU(int inputSize, int hiddenSize, RandomGenerator rng) {
        this(inputSize, hiddenSize, 1, rng);
    }

    /** {@code numLayers} stacked layers (each takes the previous one's hidden states), drawn from {@code rng}. */
    public GRU(int inputSize, int hiddenSize, int numLayers, RandomGenerator rng) {
        super("GRU", inputSize, hiddenSize, numLayers, stages(inputSize, hiddenSize, numLayers, rng));
    }

    private static List<RecurrentStage> stages(int inputSize, int hiddenSize, int numLayers, RandomGenerator rng) {
        checkSizes("GRU", inputSize, hiddenSize, numLayers);
        List<RecurrentStage> stages = new ArrayList<>();
        for (int l = 0; l < numLayers; l++) {
            stages.add(new GruStage(l, l == 0 ? inputSize : hiddenSize, hiddenSize, rng));
        }
        return stages;
    }
}
