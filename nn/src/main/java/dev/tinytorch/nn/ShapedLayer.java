package dev.tinytorch.nn;

/**
 * A layer that knows what shape of image it takes and gives, so that a network can be checked when it is built:
 * {@link Sequential} passes each layer's output shape to the next and reports the first pair that does not chain.
 *
 * <p>Convolution and pooling need the height and width of their inputs, which a batch matrix (one flattened image
 * per row) does not carry; they learn them here. Element-wise layers pass the shape through.
 */
public interface ShapedLayer extends Layer {

    /**
     * Connects this layer to inputs of shape {@code input} and returns the shape of its outputs. A layer that
     * needs the input's height and width keeps them from the first call (later calls must agree); {@code input}
     * {@code null} means the shape is not known, and then the result is the output shape the layer already knows,
     * or {@code null}.
     *
     * @throws IllegalArgumentException if the layer cannot take {@code input}, naming the layer, what it expects
     *     and what the previous layer gives, e.g. {@code Conv2d(6 -> 16, 5x5) expects 6x14x14 inputs, the previous
     *     layer gives 6x12x12}
     */
    ImageShape connect(ImageShape input);

    /**
     * Whether this layer cannot work without the height and width of its input images (convolution and pooling do),
     * so that a network holding it must be built, saved and loaded with an input shape.
     */
    default boolean needsInputShape() {
        return false;
    }
}
