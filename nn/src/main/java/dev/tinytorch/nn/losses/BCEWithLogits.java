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
 * Binary cross-entropy on raw scores, as PyTorch's {@code BCEWithLogitsLoss}: a {@link
 * dev.tinytorch.nn.layers.Sigmoid} and a {@link BinaryCrossEntropy} in one, without their weak points.
 *
 * <p>For a score {@code z} and target {@code y} in {@code [0, 1]}, {@code -[y log s(z) + (1 - y) log(1 - s(z))]} is
 * computed as {@code max(z, 0) - z y + log(1 + e^{-|z|})}: no exponent is positive, so scores of {@code +-1000}
 * give exact finite losses where the two-step form would need clipping. The gradient is simply
 * {@code s(z) - y}. With {@code k > 1} columns a sample's loss is the mean over them, as in
 * {@link BinaryCrossEntropy}.
 */
public final class BCEWithLogits implements Loss {

    private final MatrixBuffer termsBuffer = new MatrixBuffer();
    private final MatrixBuffer softplusBuffer = new MatrixBuffer();
    private final MatrixBuffer lossBuffer = new MatrixBuffer();
    private final MatrixBuffer gradBuffer = new MatrixBuffer();
    private MatrixOps ops = Backends.getDefault();
    private Matrix logits;  // saved by forward for backward
    private Matrix targets;

    /** Per-sample losses as an {@code n x 1} column; keeps {@code logits} and {@code targets} for backward. */
    @Override
    public Matrix forward(Matrix logits, Matrix targets) {
        Checks.sameShape(this, "forward: targets must match the logits", logits, targets);
        int n = logits.rows();
        int k = logits.cols();
        this.logits = logits;
        this.targets = targets;
        Matrix terms = termsBuffer.get(ops, n, k);
        Matrix softplus = softplusBuffer.get(ops, n, k);
        ops.map(UnaryOp.RELU, logits, terms);                  // max(z, 0)
        ops.zip(BinaryOp.MUL, logits, targets, softplus);      // z y
        ops.zip(BinaryOp.SUB, terms, softplus, terms);         // max(z, 0) - z y
        ops.map(UnaryOp.ABS, logits, softplus);                // |z|
        ops.affine(softplus, -1.0, 0.0, softplus);             // -|z|
        ops.map(UnaryOp.EXP, softplus, softplus);              // e^-|z|, in (0, 1]
        ops.affine(softplus, 1.0, 1.0, softplus);              // 1 + e^-|z|
        ops.map(UnaryOp.LOG, softplus, softplus);              // log(1 + e^-|z|)
        ops.zip(BinaryOp.ADD, terms, softplus, terms);

        Matrix losses = lossBuffer.get(ops, n, 1);
        ops.reduce(Reduction.MEAN, Axis.OVER_COLUMNS, terms, losses);  // mean over the k columns
        return losses;
    }

    /** {@code dLoss/dz = (s(z) - y) / k}, per sample (not divided by the batch size). */
    @Override
    public Matrix backward() {
        Checks.forwardRan(logits, this);
        int k = logits.cols();
        Matrix grad = gradBuffer.get(ops, logits.rows(), k);
        ops.map(UnaryOp.SIGMOID, logits, grad);       // s(z)
        ops.zip(BinaryOp.SUB, grad, targets, grad);   // s(z) - y
        ops.affine(grad, 1.0 / k, 0.0, grad);         // the loss is the mean over k columns
        return grad;
    }

    @Override
    public void to(MatrixOps target) {
        ops = target;
        logits = null;
        targets = null;
    }

    @Override
    public String toString() {
        return "BCEWithLogits";
    }
}
