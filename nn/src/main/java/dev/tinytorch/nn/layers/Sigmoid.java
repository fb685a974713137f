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
 * The logistic activation {@code s = 1 / (1 + e^-x)}, element by element: squashes scores into probabilities.
 *
 * <p>Computed with {@link UnaryOp#SIGMOID}, which never overflows, so even {@code x = +-1000} gives 1 or 0 rather
 * than NaN. Its derivative needs only the output: {@code ds/dx = s (1 - s)}.
 */
public final class Sigmoid implements ShapedLayer {

    private final MatrixBuffer outputBuffer = new MatrixBuffer();
    private final MatrixBuffer gradInputBuffer = new MatrixBuffer();
    private MatrixOps ops = Backends.getDefault();
    private Matrix output;  // saved by forward for backward

    /** {@code s = sigmoid(x)}; keeps {@code s} for the backward pass. */
    @Override
    public Matrix forward(Matrix x) {
        output = outputBuffer.get(ops, x.rows(), x.cols());
        ops.map(UnaryOp.SIGMOID, x, output);
        return output;
    }

    /** {@code dx = g * s * (1 - s)}, element by element. */
    @Override
    public Matrix backward(Matrix gradOutput) {
        Checks.forwardRan(output, this);
        Checks.sameShape(this, "backward: gradOutput must match the last output", output, gradOutput);
        Matrix dx = gradInputBuffer.get(ops, output.rows(), output.cols());
        ops.affine(output, -1.0, 1.0, dx);          // 1 - s
        ops.zip(BinaryOp.MUL, dx, output, dx);      // s (1 - s)
        ops.zip(BinaryOp.MUL, dx, gradOutput, dx);  // g s (1 - s)
        return dx;
    }

    @Override
    public void to(MatrixOps target) {
        ops = target;
        output = null;
    }

    /** Element by element: the output has the input's shape. */
    @Override
    public ImageShape connect(ImageShape input) {
        return input;
    }

    @Override
    public String toString() {
        return "Sigmoid";
    }
}
