package dev.tinytorch.nn.layers;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.nn.ImageShape;
import dev.tinytorch.nn.ShapedLayer;

/**
 * Batch normalisation of each channel of a batch of images, PyTorch's {@code torch.nn.BatchNorm2d(num_features)}:
 * what keeps a convolutional network's feature maps centred and of unit spread between its layers.
 *
 * <p>The input is {@code N x (C*H*W)}, one image per row in NCHW order (channel, then row, then column); {@code H*W}
 * is the number of columns over {@code C}. Each channel is normalised over its {@code N*H*W} values of the batch:
 * in training with their mean and biased variance (the running variance moves by the unbiased one, times
 * {@code N*H*W / (N*H*W - 1)}), in evaluation with the running estimates; then scaled by the channel's
 * {@code weight} and shifted by its {@code bias} (see {@link BatchNorm}).
 */
public final class BatchNorm2d extends BatchNorm implements ShapedLayer {

    /** Batch normalisation of {@code channels} channels with PyTorch's defaults, eps 1e-5 and momentum 0.1. */
    public BatchNorm2d(int channels) {
        this(channels, DEFAULT_EPS, DEFAULT_MOMENTUM);
    }

    /**
     * Batch normalisation of {@code channels} channels, {@code eps} added to the variance (positive), the running
     * estimates updated with {@code momentum} in {@code [0, 1]}.
     */
    public BatchNorm2d(int channels, double eps, double momentum) {
        super("BatchNorm2d", "channel", channels, eps, momentum);
    }

    /**
     * Takes images of {@code numFeatures()} channels and gives the same shape, so that a pool or convolution after
     * it learns its input's height and width. A flat vector ({@code n x 1 x 1}, as a {@link Linear} gives) is
     * taken as channels of a height and width that cannot be told, so the shape after is unknown ({@code null}).
     *
     * @throws IllegalArgumentException if {@code input} is an image of another number of channels
     */
    @Override
    public ImageShape connect(ImageShape input) {
        if (input != null && input.height() == 1 && input.width() == 1 && input.channels() != numFeatures()) {
            return null;
        }
        if (input != null && input.channels() != numFeatures()) {
            throw new IllegalArgumentException(this + " expects " + numFeatures() + " input channels, the previous"
                    + " layer gives " + input);
        }
        return input;
    }

    /** {@code H*W}: {@code x}'s columns over the channels, which must divide them. */
    @Override
    int valuesPerChannel(Matrix x) {
        if (x.cols() == 0 || x.cols() % numFeatures() != 0) {
            throw new IllegalArgumentException(this + ": input must have a multiple of " + numFeatures()
                    + " columns (" + numFeatures() + " channels of H*W values each, NCHW), got " + x.shape());
        }
        return x.cols() / numFeatures();
    }
}
