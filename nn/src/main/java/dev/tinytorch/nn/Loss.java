package dev.tinytorch.nn;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;

/**
 * A training criterion: per-sample losses forward, their gradient with respect to the predictions backward.
 *
 * <p>Like a {@link Layer}, a loss owns the matrices it returns and reuses them while the batch shape is unchanged.
 */
public interface Loss {

    /** Per-sample losses of {@code predictions} against {@code targets}, as an {@code n x 1} column. */
    Matrix forward(Matrix predictions, Matrix targets);

    /**
     * The gradient of each sample's loss with respect to its predictions, for the last {@link #forward} call; not
     * divided by the batch size (layers average their parameter gradients over the batch).
     */
    Matrix backward();

    /** Moves the loss's buffers to {@code ops}. */
    void to(MatrixOps ops);
}
