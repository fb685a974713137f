package dev.tinytorch.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The precision a backend instance computes and stores in: a user chooses it once, with the backend, and the
 * network code does not change.
 *
 * <p>Scalars in the API ({@code alpha}, a loss, {@link MatrixOps#get}) stay {@code double} whatever the precision;
 * only the matrices' elements are rounded to it. The default is {@link #FLOAT64}, the tutorial's numpy precision;
 * {@link #FLOAT32} is PyTorch's default.
 */
public enum DType {
    /** IEEE 754 binary64, Java's {@code double}: safetensors {@code F64}, PyTorch's {@code torch.float64}. */
    FLOAT64("float64", "F64", 8),
    /** IEEE 754 binary32, Java's {@code float}: safetensors {@code F32}, PyTorch's {@code torch.float32}. */
    FLOAT32("float32", "F32", 4);

    private final String id;
    private final String safetensors;
    private final int bytes;

    DType(String id, String safetensors, int bytes) {
        this.id = id;
        this.safetensors = safetensors;
        this.bytes = bytes;
    }

    /** The name users give it ({@code float64}, {@code float32}), as PyTorch spells it. */
    public String id() {
        return id;
    }

    /** The dtype string of a safetensors header ({@code F64}, {@code F32}). */
    public String safetensorsName() {
        return safetensors;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /**
     * Rounds {@code value} to this precision and back to a double: what storing it in a matrix of this dtype and
     * reading it again gives.
     */
    public double round(double value) {
        return this == FLOAT32 ? (double) (float) value : value;
    }

    /**
     * The dtype a user names: {@code float64} or {@code float32}, also {@code double}/{@code f64} and
     * {@code float}/{@code f32}, in any case.
     *
     * @throws IllegalArgumentException for any other name; the message lists the valid ones
     */
    public static DType parse(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        switch (key) {
            case "float64":
            case "double":
            case "f64":
                return FLOAT64;
            case "float32":
            case "float":
            case "f32":
                return FLOAT32;
            default:
                throw new IllegalArgumentException("unknown dtype '" + name + "'; valid: "
                        + Arrays.stream(values()).map(DType::id).collect(Collectors.joining(", "))
                        + " (or double, f64, float, f32)");
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
