package dev.tinytorch.api;

/**
 * The shape of one convolution or pooling window sweep: what {@link MatrixOps#im2col} and the pooling operations
 * need to know about an image and the window that slides over it.
 *
 * <p>Images are {@code channels x height x width}, stored one per matrix row in PyTorch's NCHW order (channel,
 * then row, then column). The window is {@code kernelH x kernelW}, moves by {@code strideH} rows and
 * {@code strideW} columns, over the image with {@code padH} rows of zeros above and below and {@code padW}
 * columns of zeros left and right. As in PyTorch, the output has
 * {@code outH = (height + 2 padH - kernelH) / strideH + 1} rows (rounded down) and likewise {@code outW} columns.
 */
public record ConvGeometry(int channels, int height, int width, int kernelH, int kernelW, int strideH, int strideW,
                           int padH, int padW) {

    /**
     * Validates the geometry.
     *
     * @throws IllegalArgumentException naming the geometry, if a size is not positive, a padding is negative or
     *     the kernel is larger than the padded image
     */
    public ConvGeometry {
        if (channels <= 0 || height <= 0 || width <= 0 || kernelH <= 0 || kernelW <= 0 || strideH <= 0
                || strideW <= 0 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("ConvGeometry: sizes, kernel and strides must be positive and"
                    + " paddings not negative, got " + describe(channels, height, width, kernelH, kernelW, strideH,
                    strideW, padH, padW));
        }
        if (kernelH > height + 2 * padH || kernelW > width + 2 * padW) {
            throw new IllegalArgumentException("ConvGeometry: the kernel is larger than the padded "
                    + (height + 2 * padH) + "x" + (width + 2 * padW) + " image: " + describe(channels, height, width,
                    kernelH, kernelW, strideH, strideW, padH, padW));
        }
        if ((long) channels * height * width > Integer.MAX_VALUE
                || (long) channels * kernelH * kernelW > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("ConvGeometry: too large: " + describe(channels, height, width,
                    kernelH, kernelW, strideH, strideW, padH, padW));
        }
    }

    /** A square kernel, stride and padding, as {@code torch.nn.Conv2d(..., kernel, stride, padding)} takes them. */
    public static ConvGeometry square(int channels, int height, int width, int kernel, int stride, int padding) {
        return new ConvGeometry(channels, height, width, kernel, kernel, stride, stride, padding, padding);
    }

    /** Rows of each output plane. */
    public int outH() {
        return (height + 2 * padH - kernelH) / strideH + 1;
    }

    /** Columns of each output plane. */
    public int outW() {
        return (width + 2 * padW - kernelW) / strideW + 1;
    }

    /** Elements of one input image, {@code channels * height * width}: the columns of an input matrix. */
    public int imageSize() {
        return channels * height * width;
    }

    /** Window positions per channel, {@code outH * outW}. */
    public int outputPlane() {
        return outH() * outW();
    }

    /** Elements of one patch over all channels, {@code channels * kernelH * kernelW}: the rows of im2col's output. */
    public int patchSize() {
        return channels * kernelH * kernelW;
    }

    /** Elements of one pooled image, {@code channels * outH * outW}: the columns of a pooling output. */
    public int pooledSize() {
        return channels * outputPlane();
    }

    @Override
    public String toString() {
        return describe(channels, height, width, kernelH, kernelW, strideH, strideW, padH, padW);
    }

    private static String describe(int channels, int height, int width, int kernelH, int kernelW, int strideH,
            int strideW, int padH, int padW) {
        return channels + "x" + height + "x" + width + " images, " + kernelH + "x" + kernelW + " kernel, stride "
                + strideH + "x" + strideW + ", padding " + padH + "x" + padW;
    }
}
