package dev.tinytorch.nn.losses;

import dev.tinytorch.api.Axis;
import dev.tinytorch.api.Backends;
import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.DType;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.Reduction;
import dev.tinytorch.api.UnaryOp;
import dev.tinytorch.nn.Checks;
import dev.tinytorch.nn.Loss;
import dev.tinytorch.nn.MatrixBuffer;

/**
 * Binary cross-entropy, {@code -[t log p + (1 - t) log(1 - p)]}: the loss for predicting probabilities {@code p} of
 * 0/1 targets {@code t}, such as the output of a {@link dev.tinytorch.nn.layers.Sigmoid}.
 *
 * <p>Predictions are first clipped to {@code [eps, 1 - eps]}, so a prediction of exactly 0 or 1 gives a large but
 * finite loss instead of infinity: {@code eps} is {@link #EPSILON} in float64 and {@link #EPSILON_FLOAT32} in
 * float32, where {@code 1 - 1e-8} would be stored as 1. With {@code k > 1} columns (k independent yes/no outputs per sample)
 * a sample's loss is the mean over its columns, as in PyTorch's {@code BCELoss}.
 */
public final class BinaryCrossEntropy implements Loss {

    /** How far predictions are kept from 0 and 1 in float64: a confident mistake costs {@code -log(1e-8)}, 18.4. */
    public static final double EPSILON = 1e-8;

    /**
     * How far predictions are kept from 0 and 1 in float32. The floats just below 1 are {@code 2^-24} (6e-8) apart,
     * so {@code 1 - 1e-8} rounds to 1 itself and {@code log(1 - p)} would be {@code -Infinity} (and the gradient
     * {@code 1 / (p (1 - p))} infinite). {@code 1 - 1e-7} rounds to {@code 1 - 2^-23}, two floats below 1, so
     * {@code 1 - p} is at least {@code 1.19e-7} and a confident mistake costs at most 15.9. PyTorch's
     * {@code BCELoss} gets there another way, clamping each log at -100 (a loss of up to 100, whose gradient it
     * still takes at the unclipped p); a clip keeps the loss and its gradient consistent and finite in both
     * precisions.
     */
    public static final double EPSILON_FLOAT32 = 1e-7;

    private final MatrixBuffer clippedBuffer = new MatrixBuffer();
    private final MatrixBuffer logPBuffer = new MatrixBuffer();
    private final MatrixBuffer log1mPBuffer = new MatrixBuffer();
    private final MatrixBuffer lossBuffer = new MatrixBuffer();
    private final MatrixBuffer denominatorBuffer = new MatrixBuffer();
    private final MatrixBuffer gradBuffer = new MatrixBuffer();
    private MatrixOps ops = Backends.getDefault();
    private Matrix clipped;  // saved by forward for backward
    private Matrix targets;

    /** Per-sample losses as an {@code n x 1} column; keeps the clipped predictions and {@code targets} for backward. */
    @Override
    public Matrix forward(Matrix predictions, Matrix targets) {
        Checks.sameShape(this, "forward: targets must match the predictions", predictions, targets);
        int n = predictions.rows();
        int k = predictions.cols();
        this.targets = targets;
        clipped = clippedBuffer.get(ops, n, k);
        double eps = epsilon(ops.dtype());
        ops.clip(predictions, eps, 1.0 - eps, clipped);
        Matrix p = clipped;

        // t log p + (1 - t) log(1 - p), rearranged to need two buffers: log(1 - p) + t (log p - log(1 - p))
        Matrix logP = logPBuffer.get(ops, n, k);
        Matrix log1mP = log1mPBuffer.get(ops, n, k);
        ops.map(UnaryOp.LOG, p, logP);                // log p
        ops.affine(p, -1.0, 1.0, log1mP);             // 1 - p
        ops.map(UnaryOp.LOG, log1mP, log1mP);         // log(1 - p)
        ops.zip(BinaryOp.SUB, logP, log1mP, logP);    // log p - log(1 - p)
        ops.zip(BinaryOp.MUL, targets, logP, logP);   // t (log p - log(1 - p))
        ops.zip(BinaryOp.ADD, logP, log1mP, logP);    // t log p + (1 - t) log(1 - p)

        Matrix losses = lossBuffer.get(ops, n, 1);
        ops.reduce(Reduction.MEAN, Axis.OVER_COLUMNS, logP, losses);  // mean over the k columns
        ops.affine(losses, -1.0, 0.0, losses);                         // negate
        return losses;
    }

    /**
     * {@code dLoss/dp = (p - t) / (p (1 - p)) / k} at the clipped {@code p}; the clip's own derivative is ignored,
     * so a saturated prediction still gets a (large, finite) gradient pointing the right way.
     */
    @Override
    public Matrix backward() {
        Checks.forwardRan(clipped, this);
        Matrix p = clipped;
        int k = p.cols();
        Matrix denominator = denominatorBuffer.get(ops, p.rows(), k);
        ops.affine(p, -1.0, 1.0, denominator);                 // 1 - p
        ops.zip(BinaryOp.MUL, denominator, p, denominator);    // p (1 - p)
        Matrix grad = gradBuffer.get(ops, p.rows(), k);
        ops.zip(BinaryOp.SUB, p, targets, grad);               // p - t
        ops.zip(BinaryOp.DIV, grad, denominator, grad);        // (p - t) / (p (1 - p))
        ops.affine(grad, 1.0 / k, 0.0, grad);                  // the loss is the mean over k columns
        return grad;
    }

    /** How far predictions are kept from 0 and 1 in {@code precision}: {@link #EPSILON} or {@link #EPSILON_FLOAT32}. */
    public static double epsilon(DType precision) {
        return precision == DType.FLOAT32 ? EPSILON_FLOAT32 : EPSILON;
    }

    @Override
    public void to(MatrixOps target) {
        ops = target;
        clipped = null;
        targets = null;
    }

    @Override
    public String toString() {
        return "BinaryCrossEntropy";
    }
}
