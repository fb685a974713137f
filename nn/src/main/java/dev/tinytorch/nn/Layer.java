package dev.tinytorch.nn;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import java.util.List;

/**
 * One step of a network: a forward pass and the backward pass that undoes it for gradients.
 *
 * <p>A layer keeps what its backward pass needs from the last forward pass, and owns the matrices it returns: an
 * output or an input gradient stays valid until the next call of the same method, which reuses the buffer when
 * the batch shape is unchanged. That is what keeps a training step free of allocation.
 */
public interface Layer {

    /** Computes the output for a batch {@code x} (one sample per row) and remembers what backward needs. */
    Matrix forward(Matrix x);

    /**
     * Given the gradient of the loss with respect to this layer's last output, stores the gradients of its
     * parameters (overwriting, not accumulating: each is averaged over the batch) and returns the gradient with
     * respect to its last input.
     */
    Matrix backward(Matrix gradOutput);

    /**
     * Stores the gradients of the parameters like {@link #backward}, without the gradient with respect to the
     * input: what the first layer of a network needs, since nothing consumes that gradient (PyTorch skips it for
     * inputs that do not require gradients). A layer whose input gradient costs real work overrides this; by
     * default it runs {@link #backward} and drops the result.
     */
    default void backwardParametersOnly(Matrix gradOutput) {
        backward(gradOutput);
    }

    /** The trainable parameters, in a fixed order; empty for a layer without any. */
    default List<Parameter> parameters() {
        return List.of();
    }

    /** Moves the parameters and buffers to {@code ops}, keeping their values; the layer then computes there. */
    void to(MatrixOps ops);

    /** Switches between training ({@code true}) and evaluation behaviour; only some layers differ. */
    default void train(boolean training) {
    }
}
