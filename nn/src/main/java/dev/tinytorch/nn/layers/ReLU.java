package dev.tinytorch.nn.layers;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.UnaryOp;
import dev.tinytorch.nn.Checks;
import dev.tinytorch.nn.ImageShape;
import dev.tinytorch.nn.MatrixBuffer;
import dev.tinytorch.nn.ShapedLayer;

/**
 * The rectified linear activation {@code max(x, 0)}, element by element: the usual non-linearity between hidden
 * layers. Its derivative is the step function: 1 where {@code x > 0}, else 0 (0 at the kink itself).
 */
public final class ReLU implements ShapedLayer {

    private final MatrixBuffer outputBuffer = new MatrixBuffer();
    private final MatrixBuffer gradInputBuffer = new MatrixBuffer();
    private MatrixOps ops = Backends.getDefault();
    private Matrix input;  // saved by forward for backward

    /** {@code y = max(x, 0)}; keeps a reference to {@code x} (not a copy) for the backward pass. */
    @Override
    public Matrix forward(Matrix x) {
        input = x;
        Matrix y = outputBuffer.get(ops, x.rows(), x.cols());
        ops.map(UnaryOp.RELU, x, y);
        return y;
    }

    /**
     * {@code dx = x > 0 ? g : 0} in one pass ({@link BinaryOp#RELU_GRAD}): the gradient passes where the input was
     * positive and stops elsewhere; a NaN input or gradient stays NaN.
     */
    @Override
    public Matrix backward(Matrix gradOutput) {
        Checks.forwardRan(input, this);
        Checks.sameShape(this, "backward: gradOutput must match the last output", input, gradOutput);
        Matrix dx = gradInputBuffer.get(ops, input.rows(), input.cols());
        ops.zip(BinaryOp.RELU_GRAD, input, gradOutput, dx);
        return dx;
    }

    @Override
    public void to(MatrixOps target) {
        ops = target;
        input = null;
    }

    /** Element by element: the output has the input's shape. */
    @Override
    public ImageShape connect(ImageShape input) {
        return input;
    }

    @Override
    public String toString() {
        return "ReLU";
    }
}
