package dev.tinytorch.nn.data;

import dev.tinytorch.api.MatrixOps;
import java.util.random.RandomGenerator;

/**
 * Windows of a token sequence as a {@link Dataset} for next-token prediction: each sample's input is {@code steps}
 * consecutive tokens and its target the {@code steps} tokens one position later, both stored as doubles, one
 * window per row. That is the layout of a batch of sequences in this library ({@code batch x steps}), so a
 * {@link DataLoader} batches them unchanged and an {@link dev.tinytorch.nn.layers.Embedding} reads them.
 *
 * <p>Two ways to cut them: {@link #randomWindows} draws windows at uniformly random start positions (char-rnn's
 * PyTorch recipe: each batch 64 random windows), refreshed in place by {@link #redraw} for every epoch; and
 * {@link #consecutiveWindows} cuts the sequence into non-overlapping windows from its start, so that every token
 * (but the few left over at the end) is predicted exactly once: how a validation loss is measured.
 */
public final class TextWindows {

    private final int[] tokens;
    private final int steps;
    private double[] inputs = new double[0];
    private double[] targets = new double[0];

    /** Windows of {@code steps} tokens of {@code tokens} (not copied; not modified). */
    public TextWindows(int[] tokens, int steps) {
        if (steps < 1 || tokens.length < steps + 1) {
            throw new IllegalArgumentException("windows of " + steps + " steps need at least " + (steps + 1)
                    + " tokens (inputs and the next token), got " + tokens.length);
        }
        this.tokens = tokens;
        this.steps = steps;
    }

    /** The number of tokens per window. */
    public int steps() {
        return steps;
    }

    /** {@code count} windows starting at positions drawn uniformly from {@code rng}, on {@code ops}. */
    public Dataset randomWindows(MatrixOps ops, int count, RandomGenerator rng) {
        Dataset windows = new Dataset(ops, ops.zeros(count, steps), ops.zeros(count, steps));
        redraw(windows, rng);
        return windows;
    }

    /** Overwrites the windows of {@code windows} (made by {@link #randomWindows}) with new random ones from {@code rng}. */
    public void redraw(Dataset windows, RandomGenerator rng) {
        int count = windows.size();
        if (windows.features() != steps || windows.targets().cols() != steps) {
            throw new IllegalArgumentException("windows of " + steps + " steps cannot be drawn into " + windows);
        }
        int[] starts = new int[count];
        for (int i = 0; i < count; i++) {
            starts[i] = rng.nextInt(tokens.length - steps);
        }
        write(windows, starts);
    }

    /** The non-overlapping windows from the first token on ({@code (tokens - 1) / steps} of them), on {@code ops}. */
    public Dataset consecutiveWindows(MatrixOps ops) {
        int count = (tokens.length - 1) / steps;
        int[] starts = new int[count];
        for (int i = 0; i < count; i++) {
            starts[i] = i * steps;
        }
        Dataset windows = new Dataset(ops, ops.zeros(count, steps), ops.zeros(count, steps));
        write(windows, starts);
        return windows;
    }

    private void write(Dataset windows, int[] starts) {
        int n = starts.length * steps;
        if (inputs.length != n) {
            inputs = new double[n];
            targets = new double[n];
        }
        for (int i = 0; i < starts.length; i++) {
            for (int t = 0; t < steps; t++) {
                inputs[i * steps + t] = tokens[starts[i] + t];
                targets[i * steps + t] = tokens[starts[i] + t + 1];
            }
        }
        windows.ops().setRowMajor(windows.inputs(), inputs);
        windows.ops().setRowMajor(windows.targets(), targets);
    }

    @Override
    public String toString() {
        return "TextWindows(" + tokens.length + " tokens, " + steps + " steps)";
    }
}
