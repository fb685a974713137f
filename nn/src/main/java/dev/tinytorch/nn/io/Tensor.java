package dev.tinytorch.nn.io;

import java.util.Arrays;

/**
 * A named value of a safetensors file: a shape (row-major, the last index fastest, as in PyTorch and numpy) and
 * its elements in that order. It is the neutral form between a {@link dev.tinytorch.nn.Parameter}, whose matrix
 * lives on some backend, and the bytes of the file.
 */
public final class Tensor {

    private final long[] shape;
    private final double[] data;

    /**
     * A tensor of {@code shape} holding {@code data} (not copied: the tensor is a view of the caller's array).
     *
     * @throws IllegalArgumentException if a dimension is negative or the element count is not the product of the
     *                                  shape
     */
    public Tensor(long[] shape, double[] data) {
        long count = 1;
        for (long dimension : shape) {
            if (dimension < 0) {
                throw new IllegalArgumentException("Tensor: negative dimension in shape " + Arrays.toString(shape));
            }
            count = dimension == 0 || count <= Long.MAX_VALUE / dimension ? count * dimension : Long.MAX_VALUE;
        }
        if (count != data.length) {
            throw new IllegalArgumentException("Tensor: shape " + Arrays.toString(shape) + " holds " + count
                    + " elements, got " + data.length);
        }
        this.shape = shape.clone();
        this.data = data;
    }

    /** A copy of the shape. */
    public long[] shape() {
        return shape.clone();
    }

    /** The elements in row-major order; the array itself, not a copy. */
    public double[] data() {
        return data;
    }

    /** Whether the shape is exactly {@code expected}. */
    public boolean hasShape(long... expected) {
        return Arrays.equals(shape, expected);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
