package dev.tinytorch.backend.plain.f64;

import dev.tinytorch.api.ConvGeometry;
import dev.tinytorch.backend.plain.machine.BandThreads;

/**
 * A convolution's input gradient, {@code col2im(W^T G)}, a band of images at a time: for each band, the band's
 * columns of the product {@code W^T G} ({@link Gemm#multiplyColumns}) into a buffer of the thread's, then
 * {@code col2im} of the band's images from it, while it is still in the core's cache, into a second buffer copied to
 * the band's rows of {@code dx}. Done whole, the product writes {@code patchSize x (batch * outputPlane)} columns
 * to memory (LeNet-5's conv2 at batch 64: 150 x 6400, 3.8 MB in float32) and col2im reads them back; here the
 * caller's {@code gradCols} is not touched, and a thread's buffers stay in its L2 from one band, and one call, to
 * the next. Conv2's shapes at batch 64, float32, one thread, CPU time: 705 to 760 us a call against 920 to 970 for
 * the product then col2im, 880 to 990 against 1,820 to 2,150 with the caches flushed between calls, and the
 * LeNet-5 step 1.11x to 1.26x (docs/performance.md, "Conv2's input gradient and col2im fused, a band of images at a
 * time"). Bands are shared with {@link BandThreads}, as {@code SplitImages} shares col2im's.
 *
 * <p>The bits are those of the product then col2im: when {@link Gemm#packs} the whole product, every element of
 * the product is the same sum in the same order whatever block of columns computes it, and each image's pixels are
 * summed from its own columns in col2im's order, wherever those columns lie. Other products (too small to pack)
 * are not fused ({@link #handles}).
 */
final class FusedInputGradient extends BandTask {

    /**
     * Bytes of a band's columns: they stay in a core's L2 (this Xeon's is 2 MB a core) between the product that
     * writes them and the col2im that reads them, next to the band's output gradient and pixels. LeNet-5's conv2
     * takes 4 images a band in float32 (240 KB), 2 in float64. 128 KB to 512 KB bands ran about the same, 1 MB
     * slower with the caches flushed between calls.
     */
    static final int BAND_BYTES = 1 << 18;

    private final Gemm gemm;
    private final ScalarKernels kernels;
    /** A thread's band of the product's columns, then of the images' pixels, reused by every band it computes. */
    private final ThreadScratch<double[]> cols = new ThreadScratch<>(double[]::new);
    private final ThreadScratch<double[]> pixels = new ThreadScratch<>(double[]::new);
    private double[] weight;
    private int outChannels;
    private double[] grad;
    private ConvGeometry g;
    private int batch;
    private double[] dx;
    private int imagesPerBand;

    FusedInputGradient(Gemm gemm, ScalarKernels kernels, BandThreads threads) {
        super(threads);
        this.gemm = gemm;
        this.kernels = kernels;
    }

    /**
     * Whether {@link #compute} takes the input gradient of {@code batch} images of {@code g} from
     * {@code outChannels} output channels. What decides is whether its {@code Gemm} {@link Gemm#packs packs} the
     * whole product, {@code g.patchSize()} rows and {@code batch * g.outputPlane()} columns, {@code outChannels}
     * deep: only then are the bands' bits those of the product then col2im. That depends on the shape and on the
     * kernels' vector length, hence an instance method.
     */
    boolean handles(int outChannels, ConvGeometry g, int batch) {
        return gemm.packs(true, false, 1.0, g.patchSize(), batch * g.outputPlane(), outChannels);
    }

    /**
     * Overwrites {@code dx} ({@code batch x g.imageSize()}) with {@code col2im(weight^T grad)}, {@code weight}
     * being {@code outChannels x g.patchSize()} and {@code grad} {@code outChannels x (batch * g.outputPlane())}.
     * Only for shapes it {@link #handles}.
     */
    void compute(double[] weight, int outChannels, double[] grad, ConvGeometry g, int batch, double[] dx) {
        this.weight = weight;
        this.outChannels = outChannels;
        this.grad = grad;
        this.g = g;
        this.batch = batch;
        this.dx = dx;
        long imageBytes = (long) g.patchSize() * g.outputPlane() * Double.BYTES;
        this.imagesPerBand = (int) Math.max(1, Math.min(batch, BAND_BYTES / imageBytes));
        int bands = (batch + imagesPerBand - 1) / imagesPerBand;
        runBands(bands, (long) batch * g.patchSize() * g.outputPlane() >= SplitImages.MIN_ELEMENTS);
    }

    @Override
    void clear() {
        weight = null;
        grad = null;
        g = null;
        dx = null;
    }

    @Override
    public void accept(int band) {
        int from = band * imagesPerBand;
        int images = Math.min(batch, from + imagesPerBand) - from;
        int plane = g.outputPlane();
        int patchSize = g.patchSize();
        double[] bandCols = cols.get(patchSize * images * plane);
        double[] bandPixels = pixels.get(images * g.imageSize());
        gemm.multiplyColumns(true, false, 1.0, weight, patchSize, grad, batch * plane, 0.0, bandCols, -from * plane,
                images * plane, patchSize, outChannels, from * plane, (from + images) * plane);
        kernels.col2im(bandCols, images, g, bandPixels, 0, images);
        System.arraycopy(bandPixels, 0, dx, from * g.imageSize(), images * g.imageSize());
    }
}
