package dev.tinytorch.nn.train;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.nn.Parameter;
import java.util.List;

/**
 * A copy of parameter values kept on their backend, so that early stopping can go back to the best epoch's
 * weights: saving copies matrix to matrix with {@code ops.copy}, into matrices allocated on the first save, with no
 * trip through Java arrays.
 */
final class ParameterSnapshot {

    private final Parameter[] parameters;
    private final Matrix[] copies;
    private boolean saved;

    ParameterSnapshot(List<Parameter> parameters) {
        this.parameters = parameters.toArray(new Parameter[0]);
        this.copies = new Matrix[this.parameters.length];
    }

    /** Overwrites the snapshot with the parameters' current values. */
    void save() {
        for (int i = 0; i < parameters.length; i++) {
            Parameter p = parameters[i];
            if (copies[i] == null || !p.ops().owns(copies[i])) {
                copies[i] = p.ops().zeros(p.value().rows(), p.value().cols());
            }
            p.ops().copy(p.value(), copies[i]);
        }
        saved = true;
    }

    /**
     * Writes the saved values back into the parameters.
     *
     * @throws IllegalStateException if nothing was saved, or a parameter moved to another backend since
     */
    void restore() {
        if (!saved) {
            throw new IllegalStateException("ParameterSnapshot: restore before any save");
        }
        for (int i = 0; i < parameters.length; i++) {
            Parameter p = parameters[i];
            if (!p.ops().owns(copies[i])) {
                throw new IllegalStateException("ParameterSnapshot: parameter " + p + " moved to backend '"
                        + p.ops().name() + "' after its snapshot was taken");
            }
            p.ops().copy(copies[i], p.value());
        }
    }
}
