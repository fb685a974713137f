package dev.tinytorch.backend.plain.f64;

import dev.tinytorch.api.ConvGeometry;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.backend.plain.machine.BandThreads;
import java.util.Arrays;

/**
 * A direct convolution of single-channel images, windows moving by one pixel (LeNet-5's first layer): the forward
 * pass and the weight gradient of {@link MatrixOps#convolve} and {@link MatrixOps#convolveWeightGradient} without
 * im2col's columns matrix, which for 64 MNIST digits and a 5x5 kernel is 25 times the images (5 MB of float32
 * written, then read by the product).
 *
 * <p>Each image is copied into {@code kernelW} <em>shifted copies</em> of its band: copy {@code kx} holds, for each
 * row {@code y} of the zero-padded image, its columns {@code kx .. kx + outW - 1}, so its row {@code y} is
 * {@code outW} long. Then tap {@code (ky, kx)} of output pixel {@code q = oy * outW + ox} is element
 * {@code taps[t] + q} with {@code taps[t] = kx * copySize + ky * outW}: for every tap the output plane reads one
 * contiguous run, which the {@link ScalarKernels#convolve kernels} cover with vectors. The copies are {@code kernelW}
 * times the padded image (LeNet-5's: 5 x 32 x 28 elements, in the first-level cache), where im2col writes
 * {@code kernelH x kernelW} times the output plane.
 *
 * <p>Work is shared with {@link BandThreads} in fixed bands of {@value #IMAGES_PER_BAND} images, whatever the team:
 * each image's output is its own, and each band sums its images' weight gradients into its own partial sums
 * (a vector's lanes per tap), which the caller adds up in band order, then lane order. So the bits do not depend on
 * the number of threads. The shifted copies are each thread's, the partial sums each band's; both grow to the
 * largest shapes seen and are then reused.
 */
final class SplitConvolution extends BandTask {

    /** Images per band, fixed so that the weight gradient's sums do not depend on the team. */
    static final int IMAGES_PER_BAND = 8;

    private final ScalarKernels kernels;
    private final int lanes;
    /** Each thread's shifted copies, grown to the largest geometry seen; zeroed at the start of every band. */
    private final ThreadScratch<double[]> shifted = new ThreadScratch<>(double[]::new);
    private double[] partials = new double[0];
    private int[] taps = new int[0];
    private boolean gradient;
    private ConvGeometry g;
    private int batch;
    private double[] x;
    private double[] operand;  // the weights (forward) or the output gradient (weight gradient)
    private double[] out;
    private int outChannels;
    private int partialSize;
    private int copySize;

    SplitConvolution(ScalarKernels kernels, BandThreads threads) {
        super(threads);
        this.kernels = kernels;
        this.lanes = kernels.vectorLength();
    }

    /**
     * Whether {@link #convolve} and {@link #weightGradient} take the convolution of {@code g}'s images. What decides
     * is the geometry alone: one input channel, windows moving by one pixel. An instance method, as
     * {@link FusedInputGradient#handles} is: the operation that would compute a call is the one asked.
     */
    boolean handles(ConvGeometry g) {
        return g.channels() == 1 && g.strideH() == 1 && g.strideW() == 1;
    }

    /**
     * {@code out} ({@code outChannels x batch * outputPlane}, channel-major) {@code = weight * im2col(x)}, for the
     * {@code batch} images of {@code x}, where {@link #handles} says so.
     */
    void convolve(double[] x, int batch, ConvGeometry g, double[] weight, int outChannels, double[] out) {
        run(false, x, batch, g, weight, outChannels, out);
    }

    /**
     * {@code dW} ({@code outChannels x taps}) {@code = alpha * grad * im2col(x)^T}, for the {@code batch} images of
     * {@code x} and the gradient {@code grad} with respect to the output of {@link #convolve}.
     */
    void weightGradient(double[] grad, double[] x, int batch, ConvGeometry g, double alpha, int outChannels,
            double[] dW) {
        int bands = bands(batch);
        partialSize = (outChannels * g.kernelH() * g.kernelW() + 1) * lanes;  // and the kernels' scratch lanes
        if (partials.length < bands * partialSize) {
            partials = new double[bands * partialSize];
        }
        Arrays.fill(partials, 0, bands * partialSize, 0.0);
        run(true, x, batch, g, grad, outChannels, null);
        for (int i = 0, tapCount = g.kernelH() * g.kernelW(); i < outChannels * tapCount; i++) {
            double s = 0.0;
            for (int band = 0; band < bands; band++) {
                for (int lane = 0, at = band * partialSize + i * lanes; lane < lanes; lane++) {
                    s += partials[at + lane];
                }
            }
            dW[i] = alpha * s;
        }
    }

    private void run(boolean gradient, double[] x, int batch, ConvGeometry g, double[] operand, int outChannels,
            double[] out) {
        prepare(g);
        this.gradient = gradient;
        this.x = x;
        this.batch = batch;
        this.g = g;
        this.operand = operand;
        this.outChannels = outChannels;
        this.out = out;
        runBands(bands(batch));
    }

    @Override
    void clear() {
        x = null;
        operand = null;
        out = null;
        g = null;
    }

    private static int bands(int batch) {
        return (batch + IMAGES_PER_BAND - 1) / IMAGES_PER_BAND;
    }

    /** The size of {@code g}'s shifted copies and the taps' offsets in them. */
    private void prepare(ConvGeometry g) {
        copySize = (g.height() + 2 * g.padH()) * g.outW();
        int tapCount = g.kernelH() * g.kernelW();
        if (taps.length < tapCount) {
            taps = new int[tapCount];
        }
        for (int t = 0; t < tapCount; t++) {
            taps[t] = t % g.kernelW() * copySize + t / g.kernelW() * g.outW();
        }
    }

    @Override
    public void accept(int band) {
        double[] copies = copies(g.kernelW() * copySize);
        int plane = g.outputPlane();
        int tapCount = g.kernelH() * g.kernelW();
        for (int n = band * IMAGES_PER_BAND, to = Math.min(batch, n + IMAGES_PER_BAND); n < to; n++) {
            shift(n, copies);
            if (gradient) {
                kernels.convolveWeightGradient(operand, n * plane, batch * plane, copies, plane, tapCount,
                        outChannels, taps, partials, band * partialSize);
            } else {
                kernels.convolve(copies, plane, tapCount, operand, outChannels, taps, out, n * plane,
                        batch * plane);
            }
        }
    }

    /**
     * This thread's shifted copies, {@code size} elements zeroed: the padding and the columns outside the image stay
     * zero through the band, as every image of the geometry writes the same elements.
     */
    private double[] copies(int size) {
        double[] copies = shifted.get(size);
        Arrays.fill(copies, 0, size, 0.0);
        return copies;
    }

    /** Writes image {@code n} of {@code x} into {@code copies}, one run of each image row into each copy. */
    private void shift(int n, double[] copies) {
        int w = g.width();
        int outW = g.outW();
        for (int kx = 0; kx < g.kernelW(); kx++) {
            int lo = Math.max(0, g.padW() - kx);  // output columns whose input column is inside the image
            int hi = Math.min(outW, w + g.padW() - kx);
            if (hi <= lo) {
                continue;
            }
            int from = n * g.imageSize() + lo + kx - g.padW();
            int to = kx * copySize + g.padH() * outW + lo;
            for (int y = 0; y < g.height(); y++, from += w, to += outW) {
                System.arraycopy(x, from, copies, to, hi - lo);
            }
        }
    }
}
