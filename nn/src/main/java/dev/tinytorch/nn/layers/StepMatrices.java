package dev.tinytorch.nn.layers;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;

/**
 * One matrix per time step, all of one shape, allocated again only when the number of steps, the shape or the
 * backend changes: the per-step buffers a recurrent layer keeps for backpropagation through time.
 */
final class StepMatrices {

    private MatrixOps owner;
    private Matrix[] steps = new Matrix[0];

    /** {@code count} matrices of {@code rows x cols} of {@code ops}: the previous ones if they still fit. */
    Matrix[] get(MatrixOps ops, int count, int rows, int cols) {
        if (owner != ops || steps.length != count
                || (count > 0 && (steps[0].rows() != rows || steps[0].cols() != cols))) {
            steps = new Matrix[count];
            for (int t = 0; t < count; t++) {
                steps[t] = ops.zeros(rows, cols);
            }
            owner = ops;
        }
        return steps;
    }
}
