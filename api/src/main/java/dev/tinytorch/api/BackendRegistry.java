package dev.tinytorch.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
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

    /**
     * The backend called {@code name} in precision {@code dtype}, started on first use and wrapped in
     * {@link CheckedMatrixOps}.
     */
    synchronized MatrixOps get(String name, DType dtype) {
        String key = key(name, dtype);
        MatrixOps ops = started.get(key);
        if (ops != null) {
            return ops;
        }
        MatrixBackend provider = providers.get(name);
        if (provider == null) {
            throw new IllegalArgumentException("unknown backend '" + name + "'; available: " + String.join(", ", names()));
        }
        if (!provider.dtypes().contains(dtype)) {
            throw new IllegalArgumentException("backend '" + name + "' has no " + dtype + " (it offers "
                    + join(provider.dtypes()) + "); " + dtype + " is on: " + String.join(", ", offering(dtype)));
        }
        String failure = failures.get(key);
        if (failure == null) {
            try {
                ops = new CheckedMatrixOps(provider.create(dtype));
                if (ops.dtype() != dtype) {
                    throw new IllegalStateException("asked for " + dtype + ", the backend made " + ops.dtype());
                }
                started.put(key, ops);
                return ops;
            } catch (RuntimeException | LinkageError e) {
                failure = describe(e);
                failures.put(key, failure);
            }
        }
        throw new IllegalStateException("backend '" + key + "' cannot start here: " + failure);
    }

    /** The highest-priority backend offering {@code dtype} that starts; throws listing every failure if none does. */
    synchronized MatrixOps firstThatStarts(DType dtype) {
        for (String name : offering(dtype)) {
            try {
                return get(name, dtype);
            } catch (IllegalStateException e) {
                // recorded in failures; try the next one
            }
        }
        if (providers.isEmpty()) {
            throw new IllegalStateException("no tinytorch backend on the class path; add tinytorch-backend-plain");
        }
        throw new IllegalStateException(offering(dtype).isEmpty()
                ? "no backend on the class path offers " + dtype + "; available: " + String.join(", ", names())
                : "no backend could start in " + dtype + ": " + failures);
    }

    /** The names of the backends offering {@code dtype}, highest priority first. */
    private List<String> offering(DType dtype) {
        List<String> names = new ArrayList<>();
        providers.forEach((name, provider) -> {
            if (provider.dtypes().contains(dtype)) {
                names.add(name);
            }
        });
        return names;
    }

    /** How a started backend and its failure are filed: its name, with the precision when it is not float64. */
    private static String key(String name, DType dtype) {
        return dtype == DType.FLOAT64 ? name : name + " " + dtype;
    }

    private static String join(Set<DType> dtypes) {
        return dtypes.stream().map(DType::id).collect(Collectors.joining(", "));
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
