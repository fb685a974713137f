package dev.tinytorch.nn.losses;

import dev.tinytorch.api.Axis;
import dev.tinytorch.api.Backends;
import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.Reduction;
import dev.tinytorch.api.UnaryOp;
import dev.tinytorch.nn.Checks;
import dev.tinytorch.nn.Loss;
import dev.tinytorch.nn.MatrixBuffer;

/**
 * Mean squared error, the loss for regression: a sample's loss is {@code (1/k) sum_j (p_j - y_j)^2} over its
 * {@code k} output columns.
 *
 * <p>Its gradient is that of each sample's own loss, {@code 2 (p - y) / k}, per the {@link Loss} contract; layers
 * then average over the batch. So the mean of the per-sample losses, and the gradients, equal those of PyTorch's
 * {@code MSELoss()} (the mean over all {@code n k} elements).
 */
public final class MSELoss implements Loss {

    private final MatrixBuffer differenceBuffer = new MatrixBuffer();
    private final MatrixBuffer squaresBuffer = new MatrixBuffer();
    private final MatrixBuffer lossBuffer = new MatrixBuffer();
    private final MatrixBuffer gradBuffer = new MatrixBuffer();
    private MatrixOps ops = Backends.getDefault();
    private Matrix difference;  // p - y, saved by forward for backward

    /** Per-sample losses as an {@code n x 1} column; keeps {@code p - y} for backward. */
    @Override
    public Matrix forward(Matrix predictions, Matrix targets) {
        Checks.sameShape(this, "forward: targets must match the predictions", predictions, targets);
        int n = predictions.rows();
        int k = predictions.cols();
        difference = differenceBuffer.get(ops, n, k);
        ops.zip(BinaryOp.SUB, predictions, targets, difference);      // p - y
        Matrix squares = squaresBuffer.get(ops, n, k);
        ops.map(UnaryOp.SQUARE, difference, squares);                  // (p - y)^2
        Matrix losses = lossBuffer.get(ops, n, 1);
        ops.reduce(Reduction.MEAN, Axis.OVER_COLUMNS, squares, losses);
        return losses;
    }

    /** {@code dLoss/dp = 2 (p - y) / k}, per sample (not divided by the batch size). */
    @Override
    public Matrix backward() {
        Checks.forwardRan(difference, this);
        Matrix grad = gradBuffer.get(ops, difference.rows(), difference.cols());
        ops.affine(difference, 2.0 / difference.cols(), 0.0, grad);
        return grad;
    }

    @Override
    public void to(MatrixOps target) {
        ops = target;
        difference = null;
    }

    @Override
    public String toString() {
        return "MSELoss";
    }
}
