package dev.tinytorch.nn.io;

import java.util.Arrays;

/**
 * A named value of a safetensors file: a shape (row-major, the last index fastest, as in PyTorch and numpy; empty
 * for a 0-dimensional scalar) and its elements in that order, either floating-point numbers ({@link DType#F64} or
 * {@link DType#F32}: weights and statistics, held as doubles either way) or 64-bit integers ({@link DType#I64}:
 * counters such as batch norm's {@code num_batches_tracked}).
 * It is the neutral form between a {@link dev.tinytorch.nn.Parameter}, whose matrix lives on some backend, and the
 * bytes of the file.
 */
public final class Tensor {

    /** The element types tinytorch reads and writes, by their safetensors names. */
    public enum DType {
        /** 64-bit IEEE 754 floating point: PyTorch's {@code float64}. */
        F64,
        /** 32-bit IEEE 754 floating point: PyTorch's {@code float32}, its default. */
        F32,
        /** 64-bit two's-complement integer: PyTorch's {@code int64}. */
        I64
    }

    private final DType dtype;
    private final long[] shape;
    private final double[] data;  // null for I64
    private final long[] longs;   // null for F64 and F32

    /**
     * An {@link DType#F64} tensor of {@code shape} holding {@code data} (not copied: the tensor is a view of the
     * caller's array).
     *
     * @throws IllegalArgumentException if a dimension is negative or the element count is not the product of the
     *                                  shape
     */
    public Tensor(long[] shape, double[] data) {
        this(DType.F64, shape, data, null, data.length);
    }

    /**
     * An {@link DType#F32} tensor of {@code shape} holding {@code data} (not copied), whose elements are written as
     * floats: each is rounded to float, as a float32 backend's matrix already holds it.
     *
     * @throws IllegalArgumentException as {@link #Tensor(long[], double[])}
     */
    public static Tensor ofFloats(long[] shape, double[] data) {
        return new Tensor(DType.F32, shape, data, null, data.length);
    }

    private Tensor(DType dtype, long[] shape, double[] data, long[] longs, int length) {
        long count = 1;
        for (long dimension : shape) {
            if (dimension < 0) {
                throw new IllegalArgumentException("Tensor: negative dimension in shape " + Arrays.toString(shape));
            }
            count = dimension == 0 || count <= Long.MAX_VALUE / dimension ? count * dimension : Long.MAX_VALUE;
        }
        if (count != length) {
            throw new IllegalArgumentException("Tensor: shape " + Arrays.toString(shape) + " holds " + count
                    + " elements, got " + length);
        }
        this.dtype = dtype;
        this.shape = shape.clone();
        this.data = data;
        this.longs = longs;
    }

    /**
     * An {@link DType#I64} tensor of {@code shape} holding {@code values} (not copied), e.g.
     * {@code Tensor.ofLongs(new long[0], new long[] {7})} for a 0-dimensional counter.
     *
     * @throws IllegalArgumentException as {@link #Tensor(long[], double[])}
     */
    public static Tensor ofLongs(long[] shape, long[] values) {
        return new Tensor(DType.I64, shape, null, values, values.length);
    }

    /**
     * A floating-point tensor of {@code precision} ({@code F32} for float32, {@code F64} for float64) with this
     * tensor's shape and elements (shared, not copied); an integer tensor as it is.
     */
    public Tensor inPrecision(dev.tinytorch.api.DType precision) {
        if (dtype == DType.I64) {
            return this;
        }
        return precision == dev.tinytorch.api.DType.FLOAT32 ? ofFloats(shape, data) : new Tensor(shape, data);
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** Whether the elements are floating-point numbers ({@link DType#F64} or {@link DType#F32}). */
    public boolean isFloating() {
        return data != null;
    }

    /** A copy of the shape. */
    public long[] shape() {
        return shape.clone();
    }

    /**
     * The elements of an {@link DType#F64} or {@link DType#F32} tensor in row-major order; the array itself, not a
     * copy.
     *
     * @throws IllegalStateException if the tensor is {@link DType#I64}
     */
    public double[] data() {
        if (data == null) {
            throw new IllegalStateException(this + " holds I64 integers: read them with longs()");
        }
        return data;
    }

    /**
     * The elements of an {@link DType#I64} tensor in row-major order; the array itself, not a copy.
     *
     * @throws IllegalStateException if the tensor is floating-point
     */
    public long[] longs() {
        if (longs == null) {
            throw new IllegalStateException(this + " holds " + dtype + " numbers: read them with data()");
        }
        return longs;
    }

    /** The number of elements. */
    public int size() {
        return data != null ? data.length : longs.length;
    }

    /** Whether the shape is exactly {@code expected}. */
    public boolean hasShape(long... expected) {
        return Arrays.equals(shape, expected);
    }

    @Override
    public String toString() {
        return "Tensor " + dtype() + Arrays.toString(shape);
    }
}
