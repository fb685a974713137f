package dev.tinytorch.api;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Finds the matrix backends on the class path and picks one.
 *
 * <p>The default is, in order: the system property {@value #PROPERTY}, the environment variable {@value #ENV},
 * and otherwise the highest-{@link MatrixBackend#priority() priority} backend that starts. Every backend handed out
 * is wrapped in {@link CheckedMatrixOps}.
 */
public final class Backends {

    /** System property naming the backend to use. */
    public static final String PROPERTY = "tinytorch.backend";
    /** Environment variable naming the backend, read when the property is not set. */
    public static final String ENV = "TINYTORCH_BACKEND";

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
     * The backend called {@code name}.
     *
     * @throws IllegalArgumentException if no backend has that name (the message lists those that exist)
     * @throws IllegalStateException if it exists but cannot start here (the message says why)
     */
    public static MatrixOps get(String name) {
        return Holder.REGISTRY.get(name.trim().toLowerCase(java.util.Locale.ROOT));
    }

    /** The backend named by {@value #PROPERTY} or {@value #ENV}, else the highest-priority one that starts. */
    public static MatrixOps getDefault() {
        String chosen = requested();
        return chosen != null ? get(chosen) : Holder.REGISTRY.firstThatStarts();
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
