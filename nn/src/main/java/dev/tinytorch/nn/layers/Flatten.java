package dev.tinytorch.nn.layers;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.ImageShape;
import dev.tinytorch.nn.ShapedLayer;

/**
 * {@code torch.nn.Flatten}: turns each image into a vector of its values in NCHW order. A batch of images is
 * already stored that way, one flattened image per row, so both passes return their argument unchanged; the layer
 * marks where a network stops treating rows as images ({@code channels x height x width} becomes
 * {@code size x 1 x 1}).
 */
public final class Flatten implements ShapedLayer {

    @Override
    public ImageShape connect(ImageShape input) {
        return input == null ? null : new ImageShape(input.size(), 1, 1);
    }

    /** Returns {@code x} itself. */
    @Override
    public Matrix forward(Matrix x) {
        return x;
    }

    /** Returns {@code gradOutput} itself. */
    @Override
    public Matrix backward(Matrix gradOutput) {
        return gradOutput;
    }

    @Override
    public void to(MatrixOps ops) {
    }

    @Override
    public String toString() {
        return "Flatten";
    }
}
