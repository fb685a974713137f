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
 * The hyperbolic tangent {@code y = tanh(x)}, element by element: a sigmoid-shaped activation centred on zero, with
 * outputs in {@code (-1, 1)}. Like the sigmoid, its derivative needs only the output: {@code dy/dx = 1 - y^2}.
 */
public final class Tanh implements ShapedLayer {

    private final MatrixBuffer outputBuffer = new MatrixBuffer();
    private final MatrixBuffer gradInputBuffer = new MatrixBuffer();
    private MatrixOps ops = Backends.getDefault();
    private Matrix output;  // saved by forward for backward

    /** {@code y = tanh(x)}; keeps {@code y} for the backward pass. */
    @Override
    public Matrix forward(Matrix x) {
        output = outputBuffer.get(ops, x.rows(), x.cols());
        ops.map(UnaryOp.TANH, x, output);
        return output;
    }

    /** {@code dx = g * (1 - y^2)}, element by element. */
    @Override
    public Matrix backward(Matrix gradOutput) {
        Checks.forwardRan(output, this);
        Checks.sameShape(this, "backward: gradOutput must match the last output", output, gradOutput);
        Matrix dx = gradInputBuffer.get(ops, output.rows(), output.cols());
        ops.map(UnaryOp.SQUARE, output, dx);        // y^2
        ops.affine(dx, -1.0, 1.0, dx);              // 1 - y^2
        ops.zip(BinaryOp.MUL, dx, gradOutput, dx);  // g (1 - y^2)
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
        return "Tanh";
    }
}
