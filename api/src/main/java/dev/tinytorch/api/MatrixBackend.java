package dev.tinytorch.api;

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
}
