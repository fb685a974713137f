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
import dev.tinytorch.nn.Parameter;
import java.util.List;

/**
 * Batch normalisation of each feature (column), PyTorch's {@code torch.nn.BatchNorm1d(num_features)} on an
 * {@code (N, num_features)} input: it keeps every feature's inputs centred and of unit spread whatever the layers
 * before it do, which lets a deeper network train with larger steps.
 *
 * <p>In training, each column is normalised with the batch's own statistics, {@code xhat = (x - mean) /
 * sqrt(var + eps)} with the biased variance (divided by {@code N}), then scaled and shifted, {@code y = gamma * xhat
 * + beta}; and the running estimates move towards the batch's, {@code running = (1 - momentum) * running + momentum
 * * batch}, the variance there unbiased (times {@code N / (N - 1)}), while {@code num_batches_tracked} counts the
 * batches. In evaluation ({@code train(false)}) the running estimates take the batch statistics' place, so a
 * prediction does not depend on the other rows of its batch. Parameters {@code weight} ({@code gamma}, starting at
 * 1) and {@code bias} ({@code beta}, at 0) are {@code 1 x num_features} rows; the buffers {@code running_mean}
 * (starting at 0) and {@code running_var} (at 1) are not trained by optimizers but saved with the model. The layer
 * starts in training mode, like a PyTorch module.
 */
public final class BatchNorm1d implements Layer {

    /** PyTorch's default {@code eps}, added to the variance before the square root. */
    public static final double DEFAULT_EPS = 1e-5;
    /** PyTorch's default {@code momentum} of the running estimates. */
    public static final double DEFAULT_MOMENTUM = 0.1;

    private final int features;
    private final double eps;
    private final double momentum;
    private final Parameter weight;
    private final Parameter bias;
    private final List<Parameter> parameters;
    private final MatrixBuffer centeredBuffer = new MatrixBuffer();
    private final MatrixBuffer xhatBuffer = new MatrixBuffer();
    private final MatrixBuffer outputBuffer = new MatrixBuffer();
    private final MatrixBuffer gradInputBuffer = new MatrixBuffer();
    private MatrixOps ops;
    private Matrix runningMean;
    private Matrix runningVar;
    private long numBatchesTracked;
    private Matrix mean;      // 1 x F: the batch's mean (training)
    private Matrix variance;  // 1 x F: the batch's biased variance (training)
    private Matrix invStd;    // 1 x F: 1 / sqrt(var + eps) of the statistics the last forward used
    private Matrix scale;     // 1 x F: gamma * invStd, for backward
    private boolean training = true;
    private boolean batchStatistics;  // whether the last forward normalised with the batch's own statistics
    private Matrix xhat;  // saved by forward for backward
    private Matrix output;

    /** Batch normalisation of {@code features} columns with PyTorch's defaults, eps 1e-5 and momentum 0.1. */
    public BatchNorm1d(int features) {
        this(features, DEFAULT_EPS, DEFAULT_MOMENTUM);
    }

    /**
     * Batch normalisation of {@code features} columns, {@code eps} added to the variance (positive), the running
     * estimates updated with {@code momentum} in {@code [0, 1]}.
     */
    public BatchNorm1d(int features, double eps, double momentum) {
        if (features <= 0) {
            throw new IllegalArgumentException("BatchNorm1d needs a positive number of features, got " + features);
        }
        if (!(eps > 0 && Double.isFinite(eps))) {
            throw new IllegalArgumentException("BatchNorm1d: eps must be positive and finite, got " + eps);
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNorm1d: momentum must be in [0, 1], got " + momentum);
        }
        this.features = features;
        this.eps = eps;
        this.momentum = momentum;
        this.ops = Backends.getDefault();
        Matrix ones = ops.zeros(1, features);
        ops.fill(ones, 1.0);
        this.weight = new Parameter("weight", ops, ones);
        this.bias = new Parameter("bias", ops, ops.zeros(1, features));
        this.parameters = List.of(weight, bias);
        this.runningMean = ops.zeros(1, features);
        this.runningVar = ops.zeros(1, features);
        ops.fill(runningVar, 1.0);
        allocateRows();
    }

    /** The number of features (columns) normalised: PyTorch's {@code num_features}. */
    public int numFeatures() {
        return features;
    }

    /** What is added to the variance before the square root. */
    public double eps() {
        return eps;
    }

    /** The weight of a batch's statistics in the running estimates. */
    public double momentum() {
        return momentum;
    }

    /** Whether the layer normalises with batch statistics (training) rather than the running ones (evaluation). */
    public boolean isTraining() {
        return training;
    }

    /** A copy of the running mean of each feature. */
    public double[] runningMean() {
        return ops.toRowMajor(runningMean);
    }

    /** A copy of the running (unbiased) variance of each feature. */
    public double[] runningVar() {
        return ops.toRowMajor(runningVar);
    }

    /** How many training batches have updated the running estimates. */
    public long numBatchesTracked() {
        return numBatchesTracked;
    }

    /**
     * Replaces the running estimates, e.g. with saved ones: {@code mean} and {@code var} (copied) hold one value per
     * feature, {@code numBatchesTracked} is not negative.
     */
    public void setRunningStatistics(double[] mean, double[] var, long numBatchesTracked) {
        if (mean.length != features || var.length != features) {
            throw new IllegalArgumentException(this + ": running statistics need " + features + " values each, got "
                    + mean.length + " means and " + var.length + " variances");
        }
        if (numBatchesTracked < 0) {
            throw new IllegalArgumentException(this + ": num_batches_tracked cannot be negative, got "
                    + numBatchesTracked);
        }
        ops.setRowMajor(runningMean, mean);
        ops.setRowMajor(runningVar, var);
        this.numBatchesTracked = numBatchesTracked;
    }

    @Override
    public void train(boolean training) {
        this.training = training;
    }

    /**
     * {@code y = gamma * (x - mean) / sqrt(var + eps) + beta}, with the batch's statistics in training (updating the
     * running ones) and the running ones in evaluation; keeps the normalised input for backward.
     *
     * @throws IllegalArgumentException if {@code x} does not have {@link #numFeatures()} columns, or in training if
     *                                  it has a single row (its variance is not defined; PyTorch refuses it too)
     */
    @Override
    public Matrix forward(Matrix x) {
        if (x.cols() != features) {
            throw new IllegalArgumentException(this + ": input must have " + features + " columns (one per feature),"
                    + " got " + x.shape());
        }
        int n = x.rows();
        if (training && n < 2) {
            throw new IllegalArgumentException(this + ": expected more than 1 value per feature when training, got"
                    + " a batch of " + n + " (x " + x.shape() + "); use batches of 2 or more, or eval() to normalise"
                    + " with the running statistics");
        }
        Matrix centered = centeredBuffer.get(ops, n, features);
        batchStatistics = training;
        if (training) {
            ops.reduce(Reduction.MEAN, Axis.OVER_ROWS, x, mean);
            ops.broadcastRow(BinaryOp.SUB, x, mean, centered);          // x - mean
            xhat = xhatBuffer.get(ops, n, features);
            ops.map(UnaryOp.SQUARE, centered, xhat);                    // (x - mean)^2, xhat as scratch
            ops.reduce(Reduction.MEAN, Axis.OVER_ROWS, xhat, variance); // biased variance
            updateRunningStatistics(n);
            inverseStandardDeviation(variance);
        } else {
            ops.broadcastRow(BinaryOp.SUB, x, runningMean, centered);   // x - running_mean
            inverseStandardDeviation(runningVar);
        }
        xhat = xhatBuffer.get(ops, n, features);
        ops.broadcastRow(BinaryOp.MUL, centered, invStd, xhat);         // xhat = (x - mean) / sqrt(var + eps)
        output = outputBuffer.get(ops, n, features);
        ops.broadcastRow(BinaryOp.MUL, xhat, weight.value(), output);   // gamma * xhat
        ops.broadcastRow(BinaryOp.ADD, output, bias.value(), output);   // + beta
        return output;
    }

    /** {@code running = (1 - momentum) running + momentum batch}, the variance unbiased; one more batch tracked. */
    private void updateRunningStatistics(int n) {
        ops.affine(runningMean, 1 - momentum, 0.0, runningMean);
        ops.axpy(momentum, mean, runningMean);
        ops.affine(runningVar, 1 - momentum, 0.0, runningVar);
        ops.axpy(momentum * n / (n - 1.0), variance, runningVar);
        numBatchesTracked++;
    }

    /** {@code invStd = 1 / sqrt(var + eps)}. */
    private void inverseStandardDeviation(Matrix var) {
        ops.affine(var, 1.0, eps, invStd);
        ops.map(UnaryOp.SQRT, invStd, invStd);
        ops.map(UnaryOp.RECIPROCAL, invStd, invStd);
    }

    /**
     * With {@code g = dLoss/dy} per sample ({@code n x F}): {@code dbeta = mean of g's rows}, {@code dgamma = mean
     * of (g * xhat)'s rows} and returns {@code dx = gamma * invstd * (g - mean(g) - xhat * mean(g * xhat))} after
     * a training forward (the batch statistics depend on every row), {@code dx = gamma * invstd * g} after an
     * evaluation one. That is PyTorch's {@code (1/N) gamma invstd (N dy - sum(dy) - xhat sum(dy xhat))}, with the
     * per-sample gradients of this library's {@link dev.tinytorch.nn.Loss} convention.
     */
    @Override
    public Matrix backward(Matrix gradOutput) {
        backwardParametersOnly(gradOutput);
        Matrix dx = gradInputBuffer.get(ops, xhat.rows(), features);
        ops.zip(BinaryOp.MUL, weight.value(), invStd, scale);                      // gamma * invstd
        if (batchStatistics) {
            ops.broadcastRow(BinaryOp.MUL, xhat, weight.grad(), dx);               // xhat * mean(g xhat)
            ops.zip(BinaryOp.SUB, gradOutput, dx, dx);                              // g - xhat * mean(g xhat)
            ops.broadcastRow(BinaryOp.SUB, dx, bias.grad(), dx);                   //   - mean(g)
            ops.broadcastRow(BinaryOp.MUL, dx, scale, dx);
        } else {
            ops.broadcastRow(BinaryOp.MUL, gradOutput, scale, dx);
        }
        return dx;
    }

    /** {@code dgamma = mean of (g * xhat)'s rows} and {@code dbeta = mean of g's rows}, without {@code dx}. */
    @Override
    public void backwardParametersOnly(Matrix gradOutput) {
        Checks.forwardRan(xhat, this);
        Checks.sameShape(this, "backward: gradOutput must match the last output", output, gradOutput);
        Matrix product = gradInputBuffer.get(ops, xhat.rows(), features);       // scratch, overwritten by backward
        ops.zip(BinaryOp.MUL, gradOutput, xhat, product);
        ops.reduce(Reduction.MEAN, Axis.OVER_ROWS, product, weight.grad());
        ops.reduce(Reduction.MEAN, Axis.OVER_ROWS, gradOutput, bias.grad());
    }

    /** {@code weight} ({@code gamma}), then {@code bias} ({@code beta}), both {@code 1 x num_features}. */
    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public void to(MatrixOps target) {
        weight.to(target);
        bias.to(target);
        if (target != ops) {
            runningMean = target.fromRowMajor(1, features, ops.toRowMajor(runningMean));
            runningVar = target.fromRowMajor(1, features, ops.toRowMajor(runningVar));
        }
        ops = target;
        allocateRows();
        xhat = null;
        output = null;
    }

    private void allocateRows() {
        mean = ops.zeros(1, features);
        variance = ops.zeros(1, features);
        invStd = ops.zeros(1, features);
        scale = ops.zeros(1, features);
    }

    @Override
    public String toString() {
        return "BatchNorm1d(" + features + ")";
    }
}
