package dev.tinytorch.nn;

import dev.tinytorch.api.Axis;
import dev.tinytorch.api.Backends;
import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.Reduction;

/**
 * A test loss, {@code loss_i = sum_j t_ij * y_ij}: linear in the predictions, so its gradient is exactly the
 * "targets" {@code t}, and a gradient check through it tests only the layers in front of it. Random targets make
 * every output column count with a different weight.
 */
public final class WeightedSumLoss implements Loss {

    private final MatrixBuffer productBuffer = new MatrixBuffer();
    private final MatrixBuffer lossBuffer = new MatrixBuffer();
    private MatrixOps ops = Backends.getDefault();
    private Matrix weights;

    @Override
    public Matrix forward(Matrix predictions, Matrix targets) {
        weights = targets;
        Matrix product = productBuffer.get(ops, predictions.rows(), predictions.cols());
        ops.zip(BinaryOp.MUL, predictions, targets, product);
        Matrix losses = lossBuffer.get(ops, predictions.rows(), 1);
        ops.reduce(Reduction.SUM, Axis.OVER_COLUMNS, product, losses);
        return losses;
    }

    @Override
    public Matrix backward() {
        return weights;
    }

    @Override
    public void to(MatrixOps target) {
        ops = target;
    }
}
