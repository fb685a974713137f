package dev.tinytorch.api;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Finds the matrix backends on the class path and picks one.
 *
 * <p>The default is, in order: the system property {@value #PROPERTY}, the environment variable {@value #ENV},
 * and otherwise the highest-{@link MatrixBackend#priority() priority} backend that starts; its precision is
 * {@value #DTYPE_PROPERTY}'s, else {@value #DTYPE_ENV}'s, else float64. Every backend handed out is wrapped in
 * {@link CheckedMatrixOps}.
 */
public final class Backends {

    /** System property naming the backend to use. */
    public static final String PROPERTY = "tinytorch.backend";
    /** Environment variable naming the backend, read when the property is not set. */
    public static final String ENV = "TINYTORCH_BACKEND";
    /** System property naming the precision ({@code float64}, the default, or {@code float32}). */
    public static final String DTYPE_PROPERTY = "tinytorch.dtype";
    /** Environment variable naming the precision, read when the property is not set. */
    public static final String DTYPE_ENV = "TINYTORCH_DTYPE";

    private Backends() {
    }

    private static final class Holder {
        static final BackendRegistry REGISTRY =
                new BackendRegistry(ServiceLoader.load(MatrixBackend.class, Backends.class.getClassLoader()).iterator());
    }

    /** Names of the backends on the class path, highest priority first (some may still fail to start). */
    public static List<String> available() {
        return Holder.REGISTRY.names();
    }

    /**
     * The backend called {@code name}, in the precision {@link #requestedDType()} names (float64 unless the user
     * chose otherwise).
     *
     * @throws IllegalArgumentException if no backend has that name (the message lists those that exist), or it
     *     lacks that precision (the message lists those that have it)
     * @throws IllegalStateException if it exists but cannot start here (the message says why)
     */
    public static MatrixOps get(String name) {
        return get(name, requestedDType());
    }

    /**
     * The backend called {@code name}, computing in {@code dtype}; one instance per name and precision per
     * process.
     *
     * @throws IllegalArgumentException if no backend has that name, or it lacks that precision
     * @throws IllegalStateException if it exists but cannot start here (the message says why)
     */
    public static MatrixOps get(String name, DType dtype) {
        return Holder.REGISTRY.get(name.trim().toLowerCase(java.util.Locale.ROOT), dtype);
    }

    /**
     * The backend named by {@value #PROPERTY} or {@value #ENV}, else the highest-priority one that starts, in the
     * precision {@link #requestedDType()} names.
     */
    public static MatrixOps getDefault() {
        String chosen = requested();
        DType dtype = requestedDType();
        return chosen != null ? get(chosen, dtype) : Holder.REGISTRY.firstThatStarts(dtype);
    }

    /**
     * The precision the user asked for through {@value #DTYPE_PROPERTY} or {@value #DTYPE_ENV}, else
     * {@link DType#FLOAT64}.
     *
     * @throws IllegalArgumentException if the name given is not a precision (the message lists the valid ones)
     */
    public static DType requestedDType() {
        String name = System.getProperty(DTYPE_PROPERTY);
        if (name == null || name.isBlank()) {
            name = System.getenv(DTYPE_ENV);
        }
        return name == null || name.isBlank() ? DType.FLOAT64 : DType.parse(name);
    }

    /** The backend name the user asked for through the property or the environment, or {@code null}. */
    public static String requested() {
        String name = System.getProperty(PROPERTY);
        if (name == null || name.isBlank()) {
            name = System.getenv(ENV);
        }
        return name == null || name.isBlank() ? null : name.trim();
    }

    /** Backends that failed to load or start so far, with the reason for each. */
    public static Map<String, String> failures() {
        return Holder.REGISTRY.failures();
    }
}
