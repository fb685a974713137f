package dev.tinytorch.nn.metrics;

import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.UnaryOp;

/** The ready-made {@link Metric}s, so that a training script names a metric instead of writing one. */
public final class Metrics {

    private static final Metric ACCURACY = Metrics::accuracy;

    private Metrics() {
    }

    /** Binary accuracy as a {@link Metric}: see {@link #accuracy(MatrixOps, Matrix, Matrix)}. */
    public static Metric accuracy() {
        return ACCURACY;
    }

    /**
     * The fraction of samples classified correctly, for binary classification: {@code yHat} ({@code n x 1}) holds
     * probabilities of class 1, predicted as class 1 where {@code yHat > 0.5} (0.5 itself counts as class 0, as in
     * scikit-learn and torchmetrics), and {@code y} ({@code n x 1}) holds the true classes, 0 or 1.
     *
     * @throws IllegalArgumentException if the shapes are not both {@code n x 1}
     */
    public static double accuracy(MatrixOps ops, Matrix yHat, Matrix y) {
        if (yHat.cols() != 1 || y.cols() != 1 || yHat.rows() != y.rows() || y.rows() == 0) {
            throw new IllegalArgumentException("accuracy: binary predictions and targets must both be n x 1 with n > 0,"
                    + " got predictions " + yHat.shape() + " and targets " + y.shape());
        }
        Matrix wrong = ops.zeros(y.rows(), 1);
        ops.affine(yHat, 1.0, -0.5, wrong);
        ops.map(UnaryOp.STEP, wrong, wrong);
        ops.zip(BinaryOp.SUB, wrong, y, wrong);
        ops.map(UnaryOp.ABS, wrong, wrong);
        return 1.0 - ops.sum(wrong) / y.rows();
    }
}
