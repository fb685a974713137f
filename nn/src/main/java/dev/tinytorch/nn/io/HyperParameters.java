package dev.tinytorch.nn.io;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The hyper-parameters of one saved layer or loss (such as {@code in_features} or {@code negative_slope}), as a
 * {@link ComponentType} reads them to rebuild it. It remembers which ones were read, so that a value the type does
 * not know is reported instead of silently ignored.
 */
public final class HyperParameters {

    private final Map<String, Object> values;
    private final Set<String> read = new LinkedHashSet<>();

    /** Hyper-parameters with the given values: {@link Integer}, {@link Long}, {@link Double}, {@link String} or {@link Boolean}. */
    public HyperParameters(Map<String, Object> values) {
        this.values = new TreeMap<>(values);
    }

    /**
     * The whole number called {@code name}.
     *
     * @throws IllegalArgumentException if it is missing or not a whole number that fits an {@code int}
     */
    public int integer(String name) {
        Object value = required(name);
        if (value instanceof Integer i) {
            return i;
        }
        throw new IllegalArgumentException("hyper-parameter '" + name + "' must be a whole number, got " + value);
    }

    /**
     * The number called {@code name} (a whole number is accepted too).
     *
     * @throws IllegalArgumentException if it is missing or not a number
     */
    public double number(String name) {
        Object value = required(name);
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("hyper-parameter '" + name + "' must be a number, got '" + value + "'");
    }

    /** The names that were given but never read, in alphabetical order. */
    Set<String> unread() {
        Set<String> unread = new LinkedHashSet<>(values.keySet());
        unread.removeAll(read);
        return unread;
    }

    private Object required(String name) {
        Object value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("hyper-parameter '" + name + "' is missing");
        }
        read.add(name);
        return value;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
