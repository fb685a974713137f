package dev.tinytorch.nn.metrics;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;

/**
 * A score of a model's predictions against the targets, reported beside the loss to say how good a model is in
 * terms people care about (the loss is what is optimised, a metric is what is read).
 *
 * <p>A metric sees all predictions of a data set at once, not batch by batch, so that scores which do not average
 * over batches (such as F1) fit the same interface.
 */
@FunctionalInterface
public interface Metric {

    /**
     * The score of {@code predictions} against {@code targets}, both {@code n x k} matrices on {@code ops} whose
     * row {@code i} describes sample {@code i}.
     */
    double compute(MatrixOps ops, Matrix predictions, Matrix targets);
}
