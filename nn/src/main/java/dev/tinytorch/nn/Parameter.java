package dev.tinytorch.nn;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;

/**
 * A trainable tensor and its gradient, as a layer exposes them to optimizers: any layer with parameters is
 * trained by any optimizer, with no knowledge of the layer's kind.
 */
public final class Parameter {

    private final String name;
    private MatrixOps ops;
    private Matrix value;
    private Matrix grad;

    /** A parameter called {@code name} (e.g. {@code weight}) holding {@code value}, with a zero gradient. */
    public Parameter(String name, MatrixOps ops, Matrix value) {
        this.name = name;
        this.ops = ops;
        this.value = value;
        this.grad = ops.zeros(value.rows(), value.cols());
    }

    /** The parameter's name within its layer. */
    public String name() {
        return name;
    }

    /** The backend holding the value and the gradient. */
    public MatrixOps ops() {
        return ops;
    }

    /** The current value. */
    public Matrix value() {
        return value;
    }

    /** The gradient from the last backward pass. */
    public Matrix grad() {
        return grad;
    }

    /** Moves value and gradient to {@code target}, keeping their contents. */
    public void to(MatrixOps target) {
        if (target == ops) {
            return;
        }
        value = target.fromRowMajor(value.rows(), value.cols(), ops.toRowMajor(value));
        grad = target.fromRowMajor(grad.rows(), grad.cols(), ops.toRowMajor(grad));
        ops = target;
    }

    @Override
    public String toString() {
        return name + " " + value.shape();
    }
}
