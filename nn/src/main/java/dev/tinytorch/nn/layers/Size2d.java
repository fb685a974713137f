package dev.tinytorch.nn.layers;

/**
 * A height and a width: a kernel, stride or padding of {@link Conv2d} and the pools, where PyTorch takes an int or
 * a pair {@code (h, w)}.
 */
public record Size2d(int height, int width) {

    /** The same size in both directions, as PyTorch reads a single int. */
    public static Size2d of(int size) {
        return new Size2d(size, size);
    }

    /** {@code height x width}. */
    public static Size2d of(int height, int width) {
        return new Size2d(height, width);
    }

    /** Whether height and width are equal. */
    public boolean isSquare() {
        return height == width;
    }

    /** {@code "HxW"}, e.g. {@code 5x5}. */
    @Override
    public String toString() {
        return height + "x" + width;
    }
}
