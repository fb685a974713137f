package dev.tinytorch.nn.layers;

import dev.tinytorch.api.Matrix;

/**
 * Batch normalisation of each feature (column), PyTorch's {@code torch.nn.BatchNorm1d(num_features)} on an
 * {@code (N, num_features)} input: it keeps every feature's inputs centred and of unit spread whatever the layers
 * before it do, which lets a deeper network train with larger steps.
 *
 * <p>Each column is one channel of {@link BatchNorm}'s maths: in training it is normalised with the batch's mean and
 * biased variance (the running variance moves by the unbiased one, times {@code N / (N - 1)}), in evaluation with
 * the running estimates; then scaled by {@code weight} and shifted by {@code bias}.
 */
public final class BatchNorm1d extends BatchNorm {

    /** Batch normalisation of {@code features} columns with PyTorch's defaults, eps 1e-5 and momentum 0.1. */
    public BatchNorm1d(int features) {
        this(features, DEFAULT_EPS, DEFAULT_MOMENTUM);
    }

    /**
     * Batch normalisation of {@code features} columns, {@code eps} added to the variance (positive), the running
     * estimates updated with {@code momentum} in {@code [0, 1]}.
     */
    public BatchNorm1d(int features, double eps, double momentum) {
        super("BatchNorm1d", "feature", features, eps, momentum);
    }

    /** One value per feature in each row: {@code x} must have {@link #numFeatures()} columns. */
    @Override
    int valuesPerChannel(Matrix x) {
        if (x.cols() != numFeatures()) {
            throw new IllegalArgumentException(this + ": input must have " + numFeatures() + " columns (one per"
                    + " feature), got " + x.shape());
        }
        return 1;
    }
}
