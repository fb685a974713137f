package dev.tinytorch.nn.data;

import dev.tinytorch.api.Matrix;

/**
 * One mini-batch from a {@link DataLoader}: {@code inputs} ({@code b x d}) and their {@code targets}
 * ({@code b x 1}), row {@code i} of each describing the same sample.
 *
 * <p>The matrices are the loader's reused buffers: a batch is valid only until the loader produces the next one.
 */
public record Batch(Matrix inputs, Matrix targets) {

    /** Number of samples in the batch. */
    public int size() {
        return inputs.rows();
    }
}
