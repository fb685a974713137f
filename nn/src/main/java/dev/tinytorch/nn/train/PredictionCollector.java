package dev.tinytorch.nn.train;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;

/**
 * Gathers the predictions and targets of every batch of one pass into two whole-data-set matrices, so that a
 * metric sees all samples at once. Its buffers are reused from pass to pass while the shapes stay the same.
 */
final class PredictionCollector {

    private MatrixOps ops;
    private int samples;
    private int filled;
    private double[] predictionData = new double[0];
    private double[] targetData = new double[0];
    private double[] batchPredictionData = new double[0];
    private double[] batchTargetData = new double[0];
    private Matrix predictions;
    private Matrix targets;

    /** Starts a pass over {@code samples} samples computed on {@code ops}. */
    void start(MatrixOps ops, int samples) {
        this.ops = ops;
        this.samples = samples;
        this.filled = 0;
    }

    /** Appends one batch: {@code batchPredictions} ({@code b x k}) and {@code batchTargets} ({@code b x 1}). */
    void add(Matrix batchPredictions, Matrix batchTargets) {
        int b = batchPredictions.rows();
        int k = batchPredictions.cols();
        if (filled + b > samples) {
            throw new IllegalStateException("PredictionCollector: the loader yielded more than the " + samples
                    + " samples it announced");
        }
        if (filled == 0 && predictionData.length != samples * k) {
            predictionData = new double[samples * k];
        }
        if (predictionData.length != samples * k) {
            throw new IllegalStateException("PredictionCollector: the model returned " + batchPredictions.shape()
                    + " predictions after batches of " + (predictionData.length / samples) + " columns");
        }
        if (targetData.length != samples) {
            targetData = new double[samples];
        }
        if (batchPredictionData.length != b * k) {
            batchPredictionData = new double[b * k];
        }
        if (batchTargetData.length != b) {
            batchTargetData = new double[b];
        }
        ops.getRowMajor(batchPredictions, batchPredictionData);
        System.arraycopy(batchPredictionData, 0, predictionData, filled * k, b * k);
        ops.getRowMajor(batchTargets, batchTargetData);
        System.arraycopy(batchTargetData, 0, targetData, filled, b);
        filled += b;
    }

    /** The predictions of the whole pass, {@code samples x k}; valid until the next pass. */
    Matrix predictions() {
        predictions = upload(predictions, predictionData.length / samples, predictionData);
        return predictions;
    }

    /** The targets of the whole pass, {@code samples x 1}; valid until the next pass. */
    Matrix targets() {
        targets = upload(targets, 1, targetData);
        return targets;
    }

    private Matrix upload(Matrix reusable, int cols, double[] data) {
        if (filled != samples) {
            throw new IllegalStateException("PredictionCollector: " + filled + " of " + samples + " samples collected");
        }
        if (reusable != null && ops.owns(reusable) && reusable.rows() == samples && reusable.cols() == cols) {
            ops.setRowMajor(reusable, data);
            return reusable;
        }
        return ops.fromRowMajor(samples, cols, data);
    }
}
