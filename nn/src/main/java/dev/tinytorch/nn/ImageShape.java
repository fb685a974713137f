package dev.tinytorch.nn;

/**
 * The shape of one image, {@code channels x height x width}: what a row of a batch holds between the layers of a
 * convolutional network, in PyTorch's NCHW order (channel, then row, then column). A flat vector of {@code n}
 * features is the image {@code n x 1 x 1}.
 */
public record ImageShape(int channels, int height, int width) {

    /**
     * Validates the sizes.
     *
     * @throws IllegalArgumentException if a size is not positive or the image has more than
     *     {@link Integer#MAX_VALUE} elements
     */
    public ImageShape {
        if (channels <= 0 || height <= 0 || width <= 0 || (long) channels * height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("ImageShape: sizes must be positive and the image at most "
                    + Integer.MAX_VALUE + " elements, got " + channels + "x" + height + "x" + width);
        }
    }

    /** Elements of one image: the columns of a batch of such images. */
    public int size() {
        return channels * height * width;
    }

    /** {@code "channels x height x width"}, as error messages name shapes, e.g. {@code 6x14x14}. */
    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
