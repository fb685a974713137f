package dev.tinytorch.nn.layers;

import dev.tinytorch.nn.init.Seed;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The Elman recurrent network, PyTorch's {@code nn.RNN} with its default tanh:
 * {@code h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)} (see {@link RnnStage}). The simplest recurrence;
 * its gradients vanish over long sequences, which the LSTM and GRU were made for.
 *
 * <p>Takes {@code batch x (steps * inputSize)} batches and gives every step's hidden state,
 * {@code batch x (steps * hiddenSize)} (PyTorch's {@code batch_first=True} output); see {@link Recurrent} for the
 * layout, stacking and state, and {@link LastStep} to keep the last step only. Parameters per layer {@code l}:
 * {@code weight_ih_l<l>} {@code [H, in]}, {@code weight_hh_l<l>} {@code [H, H]},
 * {@code bias_ih_l<l>} and {@code bias_hh_l<l>} ({@code 1 x H}), all drawn from
 * {@code U(-1/sqrt(H), 1/sqrt(H))} as PyTorch's.
 */
public final class RNN extends Recurrent {

    /** One layer on the default backend, drawn from the shared generator {@link Seed#generator()}. */
    public RNN(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, Seed.generator());
    }

    /** One layer, its parameters drawn from {@code rng}. */
    public RNN(int inputSize, int hiddenSize, RandomGenerator rng) {
        this(inputSize, hiddenSize, 1, rng);
    }

    /** {@code numLayers} stacked layers (each takes the previous one's hidden states), drawn from {@code rng}. */
    public RNN(int inputSize, int hiddenSize, int numLayers, RandomGenerator rng) {
        super("RNN", inputSize, hiddenSize, numLayers, stages(inputSize, hiddenSize, numLayers, rng));
    }

    private static List<RecurrentStage> stages(int inputSize, int hiddenSize, int numLayers, RandomGenerator rng) {
        checkSizes("RNN", inputSize, hiddenSize, numLayers);
        List<RecurrentStage> stages = new ArrayList<>();
        for (int l = 0; l < numLayers; l++) {
            stages.add(new RnnStage(l, l == 0 ? inputSize : hiddenSize, hiddenSize, rng));
        }
        return stages;
    }
}
