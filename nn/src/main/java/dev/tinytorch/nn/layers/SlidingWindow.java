package dev.tinytorch.nn.layers;

import dev.tinytorch.api.ConvGeometry;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.nn.ImageShape;

/**
 * The window a convolution or pooling layer slides over its input, and the input shape it learns from
 * {@link dev.tinytorch.nn.ShapedLayer#connect}: together, the {@link ConvGeometry} the backend's operations take.
 */
final class SlidingWindow {

    private final Object owner;  // the layer, named in messages
    private final int channels;  // the channels the layer requires, or 0 for any
    private final Size2d kernel;
    private final Size2d stride;
    private final Size2d padding;
    private ConvGeometry geometry;

    SlidingWindow(Object owner, int channels, Size2d kernel, Size2d stride, Size2d padding) {
        if (kernel.height() <= 0 || kernel.width() <= 0 || stride.height() <= 0 || stride.width() <= 0
                || padding.height() < 0 || padding.width() < 0) {
            throw new IllegalArgumentException("kernel and stride must be positive and padding not negative, got"
                    + " kernel " + kernel + ", stride " + stride + ", padding " + padding);
        }
        this.owner = owner;
        this.channels = channels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    Size2d kernel() {
        return kernel;
    }

    Size2d stride() {
        return stride;
    }

    Size2d padding() {
        return padding;
    }

    /** Takes inputs of shape {@code input} ({@code null}: unknown) and returns the geometry, {@code null} if unknown. */
    ConvGeometry connect(ImageShape input) {
        if (input == null) {
            return geometry;
        }
        if (geometry != null) {
            ImageShape bound = new ImageShape(geometry.channels(), geometry.height(), geometry.width());
            if (!bound.equals(input)) {
                throw new IllegalArgumentException(owner + " expects " + bound + " inputs, the previous layer gives "
                        + input);
            }
            return geometry;
        }
        if (channels > 0 && input.channels() != channels) {
            throw new IllegalArgumentException(owner + " expects " + channels + " input channels, the previous layer"
                    + " gives " + input);
        }
        try {
            geometry = new ConvGeometry(input.channels(), input.height(), input.width(), kernel.height(),
                    kernel.width(), stride.height(), stride.width(), padding.height(), padding.width());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(owner + " cannot take " + input + " inputs: " + e.getMessage(), e);
        }
        return geometry;
    }

    /** The geometry of the connected input shape, once {@link #geometryFor} has accepted a batch. */
    ConvGeometry geometry() {
        return geometry;
    }

    /** The geometry for a batch {@code x}, whose rows must be images of the connected shape. */
    ConvGeometry geometryFor(Matrix x) {
        if (geometry == null) {
            throw new IllegalStateException(owner + " does not know the height and width of its inputs: give the"
                    + " network's input shape to Sequential, or call connect(new ImageShape(c, h, w))");
        }
        if (x.cols() != geometry.imageSize()) {
            throw new IllegalArgumentException(owner + ": input must have " + geometry.imageSize() + " columns, one "
                    + geometry.channels() + "x" + geometry.height() + "x" + geometry.width() + " image per row, got "
                    + x.shape());
        }
        return geometry;
    }

    /** The output shape for {@code outChannels} channels, or {@code null} if the input shape is unknown. */
    ImageShape outputShape(int outChannels) {
        return geometry == null ? null : new ImageShape(outChannels, geometry.outH(), geometry.outW());
    }

    /** {@code "5x5"}, followed by the stride and padding where they are not the given defaults. */
    String describe(Size2d defaultStride) {
        String s = kernel.toString();
        if (!stride.equals(defaultStride)) {
            s += ", stride " + stride;
        }
        if (!padding.equals(Size2d.of(0))) {
            s += ", padding " + padding;
        }
        return s;
    }
}
