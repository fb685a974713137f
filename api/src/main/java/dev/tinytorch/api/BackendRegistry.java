package dev.tinytorch.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;

/**
 * The backends one class path offers, each started at most once: the logic behind {@link Backends}, kept apart
 * from {@link java.util.ServiceLoader} so that it can be tested with providers a test makes up.
 */
final class BackendRegistry {

    private final Map<String, MatrixBackend> providers = new LinkedHashMap<>();
    private final Map<String, MatrixOps> started = new LinkedHashMap<>();
    private final Map<String, String> failures = new LinkedHashMap<>();

    /**
     * Reads every provider from {@code discovered}. A provider that cannot even be instantiated is recorded as a
     * failure under its class name; two providers with one name fail here, loudly.
     */
    BackendRegistry(Iterator<MatrixBackend> discovered) {
        while (true) {
            MatrixBackend provider;
            try {
                if (!discovered.hasNext()) {
                    break;
                }
                provider = discovered.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                failures.put("<provider " + failures.size() + ">", describe(e));
                continue;
            }
            MatrixBackend previous = providers.putIfAbsent(provider.name(), provider);
            if (previous != null) {
                throw new IllegalStateException("two backends are named '" + provider.name() + "': "
                        + previous.getClass().getName() + " and " + provider.getClass().getName()
                        + "; remove one from the class path");
            }
        }
        List<Map.Entry<String, MatrixBackend>> ranked = new ArrayList<>(providers.entrySet());
        ranked.sort(Comparator.comparingInt((Map.Entry<String, MatrixBackend> e) -> e.getValue().priority()).reversed());
        providers.clear();
        ranked.forEach(e -> providers.put(e.getKey(), e.getValue()));
    }

    /** Names of every provider found, highest priority first, whether or not it has started. */
    List<String> names() {
        return List.copyOf(providers.keySet());
    }

    /** The backend called {@code name}, started on first use and wrapped in {@link CheckedMatrixOps}. */
    synchronized MatrixOps get(String name) {
        MatrixOps ops = started.get(name);
        if (ops != null) {
            return ops;
        }
        MatrixBackend provider = providers.get(name);
        if (provider == null) {
            throw new IllegalArgumentException("unknown backend '" + name + "'; available: " + String.join(", ", names()));
        }
        String failure = failures.get(name);
        if (failure == null) {
            try {
                ops = new CheckedMatrixOps(provider.create());
                started.put(name, ops);
                return ops;
            } catch (RuntimeException | LinkageError e) {
                failure = describe(e);
                failures.put(name, failure);
            }
        }
        throw new IllegalStateException("backend '" + name + "' cannot start here: " + failure);
    }

    /** The highest-priority backend that starts; throws listing every failure if none does. */
    synchronized MatrixOps firstThatStarts() {
        for (String name : providers.keySet()) {
            try {
                return get(name);
            } catch (IllegalStateException e) {
                // recorded in failures; try the next one
            }
        }
        throw new IllegalStateException(providers.isEmpty()
                ? "no tinytorch backend on the class path; add tinytorch-backend-plain"
                : "no backend could start: " + failures);
    }

    /** Backends (or unnamed providers) that failed to load or start, with the reason. */
    synchronized Map<String, String> failures() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(failures));
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return sb.toString();
    }
}
