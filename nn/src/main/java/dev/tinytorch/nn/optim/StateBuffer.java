package dev.tinytorch.nn.optim;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Parameter;

/**
 * One matrix of an optimizer's state for one parameter (a momentum or a moment estimate): allocated once, as zeros
 * of the parameter's shape, and carried along with its values when the parameter moves to another backend.
 */
final class StateBuffer {

    private MatrixOps ops;
    private Matrix state;

    StateBuffer(Parameter parameter) {
        ops = parameter.ops();
        state = ops.zeros(parameter.value().rows(), parameter.value().cols());
    }

    /** The state, on the backend {@code parameter} lives on now. */
    Matrix on(Parameter parameter) {
        MatrixOps target = parameter.ops();
        if (target != ops) {
            state = target.fromRowMajor(state.rows(), state.cols(), ops.toRowMajor(state));
            ops = target;
        }
        return state;
    }
}
