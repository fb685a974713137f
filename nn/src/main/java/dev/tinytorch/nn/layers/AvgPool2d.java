package dev.tinytorch.nn.layers;

import dev.tinytorch.api.ConvGeometry;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;

/**
 * Average pooling, as {@code torch.nn.AvgPool2d(kernel, stride = kernel)}: each channel of each image is cut into
 * {@code kernel} windows, {@code stride} apart, and each window gives the mean of its values (the sum divided by
 * the kernel's area). The layer learns its input's shape from {@link #connect}.
 */
public final class AvgPool2d extends Pool2d {

    /** {@code AvgPool2d(kernel)}: square windows that do not overlap. */
    public AvgPool2d(int kernel) {
        this(kernel, kernel);
    }

    /** Square windows of {@code kernel}, {@code stride} apart. */
    public AvgPool2d(int kernel, int stride) {
        this(Size2d.of(kernel), Size2d.of(stride));
    }

    /** {@code kernel} windows, {@code stride} apart. */
    public AvgPool2d(Size2d kernel, Size2d stride) {
        super(kernel, stride);
    }

    /** The mean of each window. */
    @Override
    void pool(MatrixOps ops, Matrix x, ConvGeometry g, Matrix out) {
        ops.avgPool(x, g, out);
    }

    /** Each element receives {@code 1 / (kernelH * kernelW)} of the output gradient of every window it is in. */
    @Override
    void poolBackward(MatrixOps ops, Matrix gradOutput, ConvGeometry g, Matrix gradInput) {
        ops.avgPoolBackward(gradOutput, g, gradInput);
    }
}
