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
 * Batch normalisation of channels, the maths {@link BatchNorm1d} and {@link BatchNorm2d} share (PyTorch's
 * {@code _BatchNorm}): each row of the input holds {@code C} channels of {@code S} consecutive values ({@code S = 1}
 * for {@code BatchNorm1d}'s features, {@code S = H*W} for an NCHW image), and every channel is normalised over its
 * {@code M = N*S} values of the batch.
 *
 * <p>In training, {@code xhat = (x - mean) / sqrt(var + eps)} with the channel's batch mean and biased variance
 * (divided by {@code M}), then {@code y = gamma * xhat + beta}; the running estimates move towards the batch's,
 * {@code running = (1 - momentum) * running + momentum * batch}, the variance there unbiased (times
 * {@code M / (M - 1)}), and {@code num_batches_tracked} counts the batches. In evaluation ({@code train(false)}) the
 * running estimates take the batch statistics' place, so a prediction does not depend on the other rows of its
 * batch. Parameters {@code weight} ({@code gamma}, starting at 1) and {@code bias} ({@code beta}, at 0) are
 * {@code 1 x C} rows; the buffers {@code running_mean} (starting at 0) and {@code running_var} (at 1) are not
 * trained by optimizers but saved with the model. The layer starts in training mode, like a PyTorch module.
 *
 * <p>With only the SPI's row operations: a reduction over rows gives {@code 1 x (C*S)}, a product with the fixed
 * {@code (C*S) x C} indicator of "column j belongs to channel c" sums each channel ({@code 1 x C}), and the product
 * with its transpose spreads per-channel values back over their columns. With {@code S = 1} both are skipped.
 */
public abstract sealed class BatchNorm implements Layer permits BatchNorm1d, BatchNorm2d {

    /** PyTorch's default {@code eps}, added to the variance before the square root. */
    public static final double DEFAULT_EPS = 1e-5;
    /** PyTorch's default {@code momentum} of the running estimates. */
    public static final double DEFAULT_MOMENTUM = 0.1;

    private final String kind;
    private final String unit;
    private final int channels;
    private final double eps;
    private final double momentum;
    private final Parameter weight;
    private final Parameter bias;
    private final List<Parameter> parameters;
    private final MatrixBuffer centeredBuffer = new MatrixBuffer();
    private final MatrixBuffer xhatBuffer = new MatrixBuffer();
    private final MatrixBuffer outputBuffer = new MatrixBuffer();
    private final MatrixBuffer gradInputBuffer = new MatrixBuffer();
    private final MatrixBuffer columnsBuffer = new MatrixBuffer();     // 1 x C*S: a reduction over rows
    private final MatrixBuffer wideMeanBuffer = new MatrixBuffer();    // 1 x C*S: per-channel values spread out
    private final MatrixBuffer wideScaleBuffer = new MatrixBuffer();
    private final MatrixBuffer wideShiftBuffer = new MatrixBuffer();
    private MatrixOps ops;
    private Matrix runningMean;
    private Matrix runningVar;
    private long numBatchesTracked;
    private Matrix mean;      // 1 x C: the batch's mean (training)
    private Matrix variance;  // 1 x C: the batch's biased variance (training)
    private Matrix invStd;    // 1 x C: 1 / sqrt(var + eps) of the statistics the last forward used
    private Matrix scale;     // 1 x C: gamma * invStd, for backward
    private Matrix shift;     // 1 x C: scratch for per-channel coefficients of backward
    private Matrix indicator; // C*S x C: 1 where column j belongs to channel c; null while S = 1
    private int spatial;      // S of the last forward
    private boolean training = true;
    private boolean batchStatistics;  // whether the last forward normalised with the batch's own statistics
    private Matrix xhat;  // saved by forward for backward
    private Matrix output;

    /**
     * Batch normalisation of {@code channels} channels, {@code eps} added to the variance (positive), the running
     * estimates updated with {@code momentum} in {@code [0, 1]}; {@code kind} ("BatchNorm2d") and {@code unit}
     * ("channel") name the layer and what it normalises in messages.
     */
    BatchNorm(String kind, String unit, int channels, double eps, double momentum) {
        if (channels <= 0) {
            throw new IllegalArgumentException(kind + " needs a positive number of " + unit + "s, got " + channels);
        }
        if (!(eps > 0 && Double.isFinite(eps))) {
            throw new IllegalArgumentException(kind + ": eps must be positive and finite, got " + eps);
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(kind + ": momentum must be in [0, 1], got " + momentum);
        }
        this.kind = kind;
        this.unit = unit;
        this.channels = channels;
        this.eps = eps;
        this.momentum = momentum;
        this.ops = Backends.getDefault();
        Matrix ones = ops.zeros(1, channels);
        ops.fill(ones, 1.0);
        this.weight = new Parameter("weight", ops, ones);
        this.bias = new Parameter("bias", ops, ops.zeros(1, channels));
        this.parameters = List.of(weight, bias);
        this.runningMean = ops.zeros(1, channels);
        this.runningVar = ops.zeros(1, channels);
        ops.fill(runningVar, 1.0);
        allocateRows();
    }

    /**
     * The number of values per channel in each row ({@code S}) of input {@code x}.
     *
     * @throws IllegalArgumentException if {@code x}'s columns do not fit the channels; the message names both
     */
    abstract int valuesPerChannel(Matrix x);

    /** The number of features or channels normalised: PyTorch's {@code num_features}. */
    public int numFeatures() {
        return channels;
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

    /** A copy of the running mean of each feature or channel. */
    public double[] runningMean() {
        return ops.toRowMajor(runningMean);
    }

    /** A copy of the running (unbiased) variance of each feature or channel. */
    public double[] runningVar() {
        return ops.toRowMajor(runningVar);
    }

    /** How many training batches have updated the running estimates. */
    public long numBatchesTracked() {
        return numBatchesTracked;
    }

    /**
     * Replaces the running estimates, e.g. with saved ones: {@code mean} and {@code var} (copied) hold one value per
     * feature or channel, {@code numBatchesTracked} is not negative.
     */
    public void setRunningStatistics(double[] mean, double[] var, long numBatchesTracked) {
        if (mean.length != channels || var.length != channels) {
            throw new IllegalArgumentException(this + ": running statistics need " + channels + " values each, got "
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
     * {@code y = gamma * (x - mean) / sqrt(var + eps) + beta} per channel, with the batch's statistics in training
     * (updating the running ones) and the running ones in evaluation; keeps the normalised input for backward.
     *
     * @throws IllegalArgumentException if {@code x}'s columns do not fit the channels, or in training if a channel
     *                                  has a single value in the batch (its variance is not defined; PyTorch refuses
     *                                  it too)
     */
    @Override
    public Matrix forward(Matrix x) {
        int s = valuesPerChannel(x);
        int n = x.rows();
        if (training && (long) n * s < 2) {
            throw new IllegalArgumentException(this + ": expected more than 1 value per " + unit + " when training,"
                    + " got a batch of " + n + " (x " + x.shape() + "); use batches of 2 or more, or eval() to"
                    + " normalise with the running statistics");
        }
        useValuesPerChannel(s);
        int cols = x.cols();
        Matrix centered = centeredBuffer.get(ops, n, cols);
        xhat = xhatBuffer.get(ops, n, cols);
        batchStatistics = training;
        if (training) {
            channelSums(x, 1.0 / s, mean);
            ops.broadcastRow(BinaryOp.SUB, x, wide(mean, wideMeanBuffer), centered);  // x - mean
            ops.map(UnaryOp.SQUARE, centered, xhat);                                   // (x - mean)^2, as scratch
            channelSums(xhat, 1.0 / s, variance);                                       // biased variance
            updateRunningStatistics((long) n * s);
            inverseStandardDeviation(variance);
        } else {
            ops.broadcastRow(BinaryOp.SUB, x, wide(runningMean, wideMeanBuffer), centered);  // x - running_mean
            inverseStandardDeviation(runningVar);
        }
        ops.broadcastRow(BinaryOp.MUL, centered, wide(invStd, wideScaleBuffer), xhat);  // (x - mean) / sqrt(var + eps)
        output = outputBuffer.get(ops, n, cols);
        ops.broadcastRow(BinaryOp.MUL, xhat, wide(weight.value(), wideScaleBuffer), output);  // gamma * xhat
        ops.broadcastRow(BinaryOp.ADD, output, wide(bias.value(), wideShiftBuffer), output);  // + beta
        return output;
    }

    /** Builds the channel indicator for {@code s} values per channel, unless the last forward had the same. */
    private void useValuesPerChannel(int s) {
        if (s == spatial && (s == 1 || indicator != null)) {
            return;
        }
        spatial = s;
        indicator = null;
        if (s > 1) {
            double[] ones = new double[channels * s * channels];
            for (int j = 0; j < channels * s; j++) {
                ones[j * channels + j / s] = 1.0;
            }
            indicator = ops.fromRowMajor(channels * s, channels, ones);
        }
    }

    /**
     * {@code out} (1 x C) = {@code perValue} times the sum, over each channel's {@code S} columns, of the columns'
     * means over the rows: with {@code perValue = 1/S} the mean of the channel's {@code N*S} values, with 1 their sum
     * over {@code N}.
     */
    private void channelSums(Matrix x, double perValue, Matrix out) {
        if (indicator == null) {
            ops.reduce(Reduction.MEAN, Axis.OVER_ROWS, x, out);
            return;
        }
        Matrix columns = columnsBuffer.get(ops, 1, x.cols());
        ops.reduce(Reduction.MEAN, Axis.OVER_ROWS, x, columns);
        ops.gemm(false, false, perValue, columns, indicator, 0.0, out);
    }

    /** {@code perChannel} (1 x C) spread over each channel's columns (1 x C*S), in {@code buffer}'s matrix. */
    private Matrix wide(Matrix perChannel, MatrixBuffer buffer) {
        if (indicator == null) {
            return perChannel;
        }
        Matrix out = buffer.get(ops, 1, indicator.rows());
        ops.gemm(false, true, 1.0, perChannel, indicator, 0.0, out);
        return out;
    }

    /** {@code running = (1 - momentum) running + momentum batch}, the variance unbiased; one more batch tracked. */
    private void updateRunningStatistics(long m) {
        ops.affine(runningMean, 1 - momentum, 0.0, runningMean);
        ops.axpy(momentum, mean, runningMean);
        ops.affine(runningVar, 1 - momentum, 0.0, runningVar);
        ops.axpy(momentum * m / (m - 1.0), variance, runningVar);
        numBatchesTracked++;
    }

    /** {@code invStd = 1 / sqrt(var + eps)}. */
    private void inverseStandardDeviation(Matrix var) {
        ops.affine(var, 1.0, eps, invStd);
        ops.map(UnaryOp.SQRT, invStd, invStd);
        ops.map(UnaryOp.RECIPROCAL, invStd, invStd);
    }

    /**
     * With {@code g = dLoss/dy} per sample: {@code dbeta} and {@code dgamma} as {@link #backwardParametersOnly},
     * and returns {@code dx = gamma * invstd * (g - mean(g) - xhat * mean(g * xhat))}, the means over each channel's
     * {@code N*S} values, after a training forward (the batch statistics depend on every row), {@code dx = gamma *
     * invstd * g} after an evaluation one. That is PyTorch's {@code (1/M) gamma invstd (M dy - sum(dy) - xhat
     * sum(dy xhat))}, with the per-sample gradients of this library's {@link dev.tinytorch.nn.Loss} convention.
     */
    @Override
    public Matrix backward(Matrix gradOutput) {
        backwardParametersOnly(gradOutput);
        Matrix dx = gradInputBuffer.get(ops, xhat.rows(), xhat.cols());
        ops.zip(BinaryOp.MUL, weight.value(), invStd, scale);                                  // gamma * invstd
        Matrix wideScale = wide(scale, wideScaleBuffer);
        if (batchStatistics) {
            ops.affine(weight.grad(), 1.0 / spatial, 0.0, shift);                              // mean(g xhat)
            ops.broadcastRow(BinaryOp.MUL, xhat, wide(shift, wideMeanBuffer), dx);             // xhat mean(g xhat)
            ops.zip(BinaryOp.SUB, gradOutput, dx, dx);                                          // g - xhat ...
            ops.affine(bias.grad(), 1.0 / spatial, 0.0, shift);                                // mean(g)
            ops.broadcastRow(BinaryOp.SUB, dx, wide(shift, wideMeanBuffer), dx);               //   - mean(g)
            ops.broadcastRow(BinaryOp.MUL, dx, wideScale, dx);
        } else {
            ops.broadcastRow(BinaryOp.MUL, gradOutput, wideScale, dx);
        }
        return dx;
    }

    /**
     * {@code dgamma} and {@code dbeta}, without {@code dx}: the sums over each channel's values of {@code g * xhat}
     * and {@code g}, divided by the batch size {@code N} as every parameter gradient of this library (PyTorch's
     * {@code weight.grad} and {@code bias.grad} of the summed loss, over {@code N}).
     */
    @Override
    public void backwardParametersOnly(Matrix gradOutput) {
        Checks.forwardRan(xhat, this);
        Checks.sameShape(this, "backward: gradOutput must match the last output", output, gradOutput);
        Matrix product = gradInputBuffer.get(ops, xhat.rows(), xhat.cols());  // scratch, overwritten by backward
        ops.zip(BinaryOp.MUL, gradOutput, xhat, product);
        channelSums(product, 1.0, weight.grad());
        channelSums(gradOutput, 1.0, bias.grad());
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
            runningMean = target.fromRowMajor(1, channels, ops.toRowMajor(runningMean));
            runningVar = target.fromRowMajor(1, channels, ops.toRowMajor(runningVar));
        }
        ops = target;
        allocateRows();
        indicator = null;
        spatial = 0;
        xhat = null;
        output = null;
    }

    private void allocateRows() {
        mean = ops.zeros(1, channels);
        variance = ops.zeros(1, channels);
        invStd = ops.zeros(1, channels);
        scale = ops.zeros(1, channels);
        shift = ops.zeros(1, channels);
    }

    @Override
    public String toString() {
        return kind + "(" + channels + ")";
    }
}
