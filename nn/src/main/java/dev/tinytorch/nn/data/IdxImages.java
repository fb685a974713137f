package dev.tinytorch.nn.data;

import dev.tinytorch.api.MatrixOps;

/**
 * The contents of an IDX image file as {@link IdxReader} read it: {@code count} grey images of {@code rows x cols}
 * unsigned bytes (0 = background, 255 = ink in MNIST), kept as bytes until they become the inputs of a
 * {@link Dataset}.
 */
public final class IdxImages {

    /** The largest pixel value; {@link #toDataset} divides by it. */
    public static final int MAX_PIXEL = 255;

    private final String source;
    private final int count;
    private final int rows;
    private final int cols;
    private final byte[] pixels;

    IdxImages(String source, int count, int rows, int cols, byte[] pixels) {
        this.source = source;
        this.count = count;
        this.rows = rows;
        this.cols = cols;
        this.pixels = pixels;
    }

    /** Where the images were read from, as error messages name it. */
    public String source() {
        return source;
    }

    /** Number of images. */
    public int count() {
        return count;
    }

    /** Height of every image in pixels. */
    public int rows() {
        return rows;
    }

    /** Width of every image in pixels. */
    public int cols() {
        return cols;
    }

    /** Pixel {@code (row, col)} of image {@code i}, 0 to {@value #MAX_PIXEL}. */
    public int pixel(int i, int row, int col) {
        return Byte.toUnsignedInt(pixels[(i * rows + row) * cols + col]);
    }

    /**
     * A dataset on {@code ops}: one image per row ({@code rows * cols} inputs, row after row, which is PyTorch's
     * NCHW order for one channel), each pixel divided by {@value #MAX_PIXEL} into {@code [0, 1]} as torchvision's
     * {@code ToTensor} does; the targets are the class indices of {@code labels}.
     *
     * @throws IdxFormatException naming both files if they hold different numbers of samples, or if there are none
     */
    public Dataset toDataset(MatrixOps ops, IdxLabels labels) {
        if (labels.count() != count) {
            throw new IdxFormatException(source + " holds " + count + " images but " + labels.source() + " holds "
                    + labels.count() + " labels; each image needs exactly one label");
        }
        if (count == 0) {
            throw new IdxFormatException(source + ": no images (the header's count is 0)");
        }
        double[] inputs = new double[pixels.length];
        for (int p = 0; p < inputs.length; p++) {
            inputs[p] = Byte.toUnsignedInt(pixels[p]) / (double) MAX_PIXEL;
        }
        return new Dataset(ops, ops.fromRowMajor(count, rows * cols, inputs),
                ops.fromRowMajor(count, 1, labels.toDoubles()));
    }

    @Override
    public String toString() {
        return "IdxImages[" + source + ": " + count + " images of " + rows + "x" + cols + "]";
    }
}
