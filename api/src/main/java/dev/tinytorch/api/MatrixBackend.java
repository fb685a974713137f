package dev.tinytorch.api;

import java.util.EnumSet;
import java.util.Set;

/**
 * A backend as {@link java.util.ServiceLoader} finds it: a name, a rank for choosing the default, and a factory.
 *
 * <p>Discovery only reads {@link #name()} and {@link #priority()}; the backend's library (and any native code) is
 * touched first by {@link #create()}, so a backend that cannot start never hides the others.
 */
public interface MatrixBackend {

    /** The name users select it by, e.g. {@code plain}; lower case, unique among the providers on the class path. */
    String name();

    /** Rank when no backend is named: the highest-priority backend that starts is the default. */
    int priority();

    /**
     * Starts the backend. Called at most once per process by {@link Backends}.
     *
     * @throws RuntimeException or {@link LinkageError} if the backend cannot run here (a missing native
     *     library, an unsupported processor); the message should say why
     */
    MatrixOps create();

    /** The precisions {@link #create(DType)} offers; {@link DType#FLOAT64} at least. */
    default Set<DType> dtypes() {
        return EnumSet.of(DType.FLOAT64);
    }

    /**
     * Starts the backend in the precision {@code dtype}, one of {@link #dtypes()}. Called at most once per process
     * and precision by {@link Backends}.
     *
     * @throws RuntimeException or {@link LinkageError} as {@link #create()}
     */
    default MatrixOps create(DType dtype) {
        if (dtype != DType.FLOAT64) {
            throw new IllegalArgumentException("backend '" + name() + "' has no " + dtype);
        }
        return create();
    }
}
