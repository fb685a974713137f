package dev.tinytorch.nn.metrics;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;

/**
 * The ready-made {@link Metric}s, so that a training script names a metric instead of writing one.
 *
 * <p>Every metric reads predictions in one of two shapes, and targets as an {@code n x 1} column:
 * <ul>
 *   <li><b>binary</b>: predictions {@code n x 1}, the probability of class 1, predicted as class 1 where it is
 *       above 0.5 (0.5 itself counts as class 0, as in scikit-learn and torchmetrics); targets 0 or 1;</li>
 *   <li><b>multi-class</b>: predictions {@code n x k} with {@code k >= 2}, one score per class (probabilities or
 *       raw logits alike), predicted as the class of the largest score (the first on ties); targets class indices
 *       {@code 0 .. k-1}.</li>
 * </ul>
 * A target that is not such an index is an error naming its row, not a silently wrong score.
 */
public final class Metrics {

    /** How far {@link #logLoss} keeps probabilities from 0 and 1, scikit-learn's historical default. */
    public static final double LOG_LOSS_EPSILON = 1e-15;

    private static final Metric ACCURACY = Metrics::accuracy;
    private static final Metric MACRO_PRECISION = (ops, yHat, y) -> confusionMatrix(ops, yHat, y).macroPrecision();
    private static final Metric MACRO_RECALL = (ops, yHat, y) -> confusionMatrix(ops, yHat, y).macroRecall();
    private static final Metric MACRO_F1 = (ops, yHat, y) -> confusionMatrix(ops, yHat, y).macroF1();
    private static final Metric LOG_LOSS = Metrics::logLoss;

    private Metrics() {
    }

    /** Accuracy, binary or multi-class by the shape of the predictions: see {@link #accuracy(MatrixOps, Matrix, Matrix)}. */
    public static Metric accuracy() {
        return ACCURACY;
    }

    /** Macro-averaged precision: see {@link ConfusionMatrix#macroPrecision()}. */
    public static Metric macroPrecision() {
        return MACRO_PRECISION;
    }

    /** Macro-averaged recall: see {@link ConfusionMatrix#macroRecall()}. */
    public static Metric macroRecall() {
        return MACRO_RECALL;
    }

    /** Macro-averaged F1: see {@link ConfusionMatrix#macroF1()}. */
    public static Metric macroF1() {
        return MACRO_F1;
    }

    /** Log loss as a {@link Metric}: see {@link #logLoss(MatrixOps, Matrix, Matrix)}. */
    public static Metric logLoss() {
        return LOG_LOSS;
    }

    /**
     * The fraction of samples classified correctly, binary or multi-class by the shape of {@code yHat} (see the
     * class comment).
     *
     * @throws IllegalArgumentException if the shapes do not fit or a target is not a class index
     */
    public static double accuracy(MatrixOps ops, Matrix yHat, Matrix y) {
        return confusionMatrix(ops, yHat, y).accuracy();
    }

    /**
     * The confusion matrix of {@code yHat} against {@code y}: 2 classes for binary predictions, {@code k} for
     * {@code n x k} ones (see the class comment).
     *
     * @throws IllegalArgumentException if the shapes do not fit or a target is not a class index
     */
    public static ConfusionMatrix confusionMatrix(MatrixOps ops, Matrix yHat, Matrix y) {
        checkShapes("confusion matrix", yHat, y);
        int classes = classes(yHat);
        int[] predicted = new int[yHat.rows()];
        if (yHat.cols() == 1) {
            double[] p = ops.toRowMajor(yHat);
            for (int i = 0; i < p.length; i++) {
                predicted[i] = p[i] > 0.5 ? 1 : 0;
            }
        } else {
            ops.argmaxRows(yHat, predicted);
        }
        return ConfusionMatrix.of(targetClasses(ops, y, classes), predicted, classes);
    }

    /**
     * The mean negative log-likelihood of the targets under predicted probabilities, scikit-learn's
     * {@code log_loss}: {@code -mean(t log p + (1 - t) log(1 - p))} for binary predictions {@code p} of class 1, and
     * {@code -mean(log p[i][t_i])} for {@code n x k} class probabilities (rows are not renormalised). Probabilities
     * are clipped to {@code [LOG_LOSS_EPSILON, 1 - LOG_LOSS_EPSILON]}, so a confident mistake costs about 34.5
     * instead of infinity.
     *
     * @throws IllegalArgumentException if the shapes do not fit, a target is not a class index, or a prediction is
     *                                  not a probability (raw logits must go through a softmax or sigmoid first)
     */
    public static double logLoss(MatrixOps ops, Matrix probabilities, Matrix y) {
        checkShapes("log loss", probabilities, y);
        int[] target = targetClasses(ops, y, classes(probabilities));
        double[] p = ops.toRowMajor(probabilities);
        for (int i = 0; i < p.length; i++) {
            if (!(p[i] >= 0.0 && p[i] <= 1.0)) {
                throw new IllegalArgumentException("log loss: predictions must be probabilities in [0, 1], but row "
                        + (i / probabilities.cols()) + ", column " + (i % probabilities.cols()) + " holds " + p[i]
                        + " (logits? apply a softmax or sigmoid first)");
            }
        }
        int k = probabilities.cols();
        double sum = 0;
        for (int i = 0; i < target.length; i++) {
            double likelihood = k == 1
                    ? (target[i] == 1 ? p[i] : 1.0 - p[i])
                    : p[i * k + target[i]];
            sum -= Math.log(Math.min(Math.max(likelihood, LOG_LOSS_EPSILON), 1.0 - LOG_LOSS_EPSILON));
        }
        return sum / target.length;
    }

    private static void checkShapes(String metric, Matrix yHat, Matrix y) {
        if (y.cols() != 1 || yHat.rows() != y.rows() || y.rows() == 0 || yHat.cols() == 0) {
            throw new IllegalArgumentException(metric + ": predictions must be n x 1 (binary) or n x k (k classes) and"
                    + " targets an n x 1 column of classes, with n > 0; got predictions " + yHat.shape()
                    + " and targets " + y.shape());
        }
    }

    private static int classes(Matrix yHat) {
        return yHat.cols() == 1 ? 2 : yHat.cols();
    }

    private static int[] targetClasses(MatrixOps ops, Matrix y, int classes) {
        double[] values = ops.toRowMajor(y);
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!(v >= 0 && v < classes && v == Math.rint(v))) {
                throw new IllegalArgumentException("targets: row " + i + " holds " + v
                        + ", which is not a class index in [0, " + classes + ")");
            }
            out[i] = (int) v;
        }
        return out;
    }
}
