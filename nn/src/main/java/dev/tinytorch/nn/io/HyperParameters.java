package dev.tinytorch.nn.io;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
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

    /**
     * Hyper-parameters with the given values: {@link Integer}, {@link Long}, {@link Double}, {@link String},
     * {@link Boolean}, or a {@link List} of {@link Integer} (such as a kernel's {@code [height, width]}).
     */
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
     * The {@code length} whole numbers called {@code name}, as PyTorch reads a size such as {@code kernel_size}:
     * a list of {@code length} whole numbers, or one whole number meaning it {@code length} times.
     *
     * @throws IllegalArgumentException if it is missing, or neither a whole number nor a list of {@code length}
     */
    public int[] integers(String name, int length) {
        Object value = required(name);
        if (value instanceof Integer i) {
            int[] out = new int[length];
            Arrays.fill(out, i);
            return out;
        }
        if (value instanceof List<?> list && list.size() == length
                && list.stream().allMatch(Integer.class::isInstance)) {
            return list.stream().mapToInt(Integer.class::cast).toArray();
        }
        throw new IllegalArgumentException("hyper-parameter '" + name + "' must be a whole number or a list of "
                + length + " whole numbers, got " + value);
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

    /**
     * The truth value called {@code name}.
     *
     * @throws IllegalArgumentException if it is missing or not {@code true} or {@code false}
     */
    public boolean flag(String name) {
        Object value = required(name);
        if (value instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("hyper-parameter '" + name + "' must be true or false, got " + value);
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
