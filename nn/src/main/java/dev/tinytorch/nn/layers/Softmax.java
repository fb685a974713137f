package dev.tinytorch.nn.layers;

import dev.tinytorch.api.Axis;
import dev.tinytorch.api.Backends;
import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.Reduction;
import dev.tinytorch.api.UnaryOp;
import dev.tinytorch.nn.Checks;
import dev.tinytorch.nn.Layer;
import dev.tinytorch.nn.MatrixBuffer;

/**
 * Turns each row of scores into a probability distribution over the columns (classes):
 * {@code y_j = e^{x_j} / sum_k e^{x_k}}, the multi-class counterpart of {@link Sigmoid}.
 *
 * <p>The row's largest score is subtracted first, which leaves the result unchanged but keeps every exponent at
 * most 0, so scores of 1000 do not overflow. For training, feed the raw scores to
 * {@link dev.tinytorch.nn.losses.CrossEntropyLoss} instead of putting this layer in front of a loss: it applies the
 * softmax itself, in a form that is both stabler and cheaper; this layer is for reading probabilities.
 */
public final class Softmax implements Layer {

    private final MatrixBuffer outputBuffer = new MatrixBuffer();
    private final MatrixBuffer rowBuffer = new MatrixBuffer();
    private final MatrixBuffer gradInputBuffer = new MatrixBuffer();
    private MatrixOps ops = Backends.getDefault();
    private Matrix output;  // saved by forward for backward

    /** {@code y = exp(x - max) / sum(exp(x - max))}, row by row; keeps {@code y} for the backward pass. */
    @Override
    public Matrix forward(Matrix x) {
        output = outputBuffer.get(ops, x.rows(), x.cols());
        Matrix perRow = rowBuffer.get(ops, x.rows(), 1);
        ops.reduce(Reduction.MAX, Axis.OVER_COLUMNS, x, perRow);            // m = max of each row
        ops.broadcastColumn(BinaryOp.SUB, x, perRow, output);               // x - m <= 0
        ops.map(UnaryOp.EXP, output, output);                               // e^(x - m), in (0, 1]
        ops.reduce(Reduction.SUM, Axis.OVER_COLUMNS, output, perRow);       // each row's total, >= 1
        ops.broadcastColumn(BinaryOp.DIV, output, perRow, output);          // normalise
        return output;
    }

    /**
     * {@code dx_j = y_j (g_j - sum_k g_k y_k)}, row by row: the Jacobian {@code dy_k/dx_j = y_k (delta_kj - y_j)}
     * applied to {@code g} without forming it.
     */
    @Override
    public Matrix backward(Matrix gradOutput) {
        Checks.forwardRan(output, this);
        Checks.sameShape(this, "backward: gradOutput must match the last output", output, gradOutput);
        Matrix dx = gradInputBuffer.get(ops, output.rows(), output.cols());
        Matrix perRow = rowBuffer.get(ops, output.rows(), 1);
        ops.zip(BinaryOp.MUL, gradOutput, output, dx);                      // g y
        ops.reduce(Reduction.SUM, Axis.OVER_COLUMNS, dx, perRow);           // s = sum_k g_k y_k
        ops.broadcastColumn(BinaryOp.SUB, gradOutput, perRow, dx);          // g - s
        ops.zip(BinaryOp.MUL, dx, output, dx);                              // y (g - s)
        return dx;
    }

    @Override
    public void to(MatrixOps target) {
        ops = target;
        output = null;
    }

    @Override
    public String toString() {
        return "Softmax";
    }
}
