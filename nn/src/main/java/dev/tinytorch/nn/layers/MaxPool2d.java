package dev.tinytorch.nn.layers;

import dev.tinytorch.api.ConvGeometry;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;

/**
 * Max pooling, as {@code torch.nn.MaxPool2d(kernel, stride = kernel)}: each channel of each image is cut into
 * {@code kernel} windows, {@code stride} apart, and each window gives its largest value. As in PyTorch a NaN is
 * the largest value, and on ties the first element (row-major within the window) wins and alone receives the
 * gradient. The layer learns its input's shape from {@link #connect}.
 */
public final class MaxPool2d extends Pool2d {

    private int[] winners = new int[0];  // for each output element, the column of its input row that won

    /** {@code MaxPool2d(kernel)}: square windows that do not overlap. */
    public MaxPool2d(int kernel) {
        this(kernel, kernel);
    }

    /** Square windows of {@code kernel}, {@code stride} apart. */
    public MaxPool2d(int kernel, int stride) {
        this(Size2d.of(kernel), Size2d.of(stride));
    }

    /** {@code kernel} windows, {@code stride} apart. */
    public MaxPool2d(Size2d kernel, Size2d stride) {
        super(kernel, stride);
    }

    /** The largest value of each window; remembers which element it was for the backward pass. */
    @Override
    void pool(MatrixOps ops, Matrix x, ConvGeometry g, Matrix out) {
        if (winners.length != out.size()) {
            winners = new int[out.size()];
        }
        ops.maxPool(x, g, out, winners);
    }

    /** Each output gradient goes to the element that won its window; the others get 0. */
    @Override
    void poolBackward(MatrixOps ops, Matrix gradOutput, ConvGeometry g, Matrix gradInput) {
        ops.maxPoolBackward(gradOutput, g, winners, gradInput);
    }
}
