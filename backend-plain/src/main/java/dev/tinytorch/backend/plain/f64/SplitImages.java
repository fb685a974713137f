package dev.tinytorch.backend.plain.f64;

import dev.tinytorch.api.ConvGeometry;
import dev.tinytorch.api.kernels.f64.ImageKernels;
import dev.tinytorch.backend.plain.machine.BandThreads;

/**
 * The image operations whose work is per image, {@link ImageKernels}' im2col, col2im, max pooling and its gradient,
 * shared with {@link BandThreads} by images: each image's columns, pixels and sums are its own, so the bits do not
 * depend on the split. Small batches stay on the caller's core.
 */
final class SplitImages extends BandTask {

    /**
     * Elements a call reads or writes below which it stays on the caller's core; not tuned: every image operation of
     * a LeNet-5 step at batch 64 is above it (the smallest, max pooling of 64 x 1600, three times over).
     */
    static final int MIN_ELEMENTS = 1 << 15;
    /** Images per band: several bands per thread, so that a slower core takes fewer. */
    private static final int IMAGES_PER_BAND = 4;

    private enum Op { IM2COL, COL2IM, MAX_POOL, MAX_POOL_BACKWARD }

    private final ScalarKernels kernels;
    private Op op;
    private ConvGeometry g;
    private int batch;
    private double[] in;
    private double[] out;
    private int[] winners;

    SplitImages(ScalarKernels kernels, BandThreads threads) {
        super(threads);
        this.kernels = kernels;
    }

    /** {@link ImageKernels#im2col(double[], int, ConvGeometry, double[])}. */
    void im2col(double[] x, int batch, ConvGeometry g, double[] cols) {
        run(Op.IM2COL, x, batch, g, cols, null, (long) batch * g.patchSize() * g.outputPlane());
    }

    /** {@link ImageKernels#col2im(double[], int, ConvGeometry, double[])}, by the kernels' {@code col2im}. */
    void col2im(double[] cols, int batch, ConvGeometry g, double[] x) {
        run(Op.COL2IM, cols, batch, g, x, null, (long) batch * g.patchSize() * g.outputPlane());
    }

    /** {@link ImageKernels#maxPool(double[], int, ConvGeometry, double[], int[])}. */
    void maxPool(double[] x, int batch, ConvGeometry g, double[] out, int[] winners) {
        run(Op.MAX_POOL, x, batch, g, out, winners, (long) batch * g.imageSize());
    }

    /** {@link ImageKernels#maxPoolBackward(double[], int, ConvGeometry, int[], double[])}. */
    void maxPoolBackward(double[] gradOut, int batch, ConvGeometry g, int[] winners, double[] gradIn) {
        run(Op.MAX_POOL_BACKWARD, gradOut, batch, g, gradIn, winners, (long) batch * g.imageSize());
    }

    private void run(Op op, double[] in, int batch, ConvGeometry g, double[] out, int[] winners, long elements) {
        if (elements < MIN_ELEMENTS) {
            apply(op, in, batch, g, out, winners, 0, batch);
            return;
        }
        this.op = op;
        this.in = in;
        this.batch = batch;
        this.g = g;
        this.out = out;
        this.winners = winners;
        runBands((batch + IMAGES_PER_BAND - 1) / IMAGES_PER_BAND);
    }

    @Override
    void clear() {
        in = null;
        out = null;
        winners = null;
        g = null;
    }

    @Override
    public void accept(int band) {
        int from = band * IMAGES_PER_BAND;
        apply(op, in, batch, g, out, winners, from, Math.min(batch, from + IMAGES_PER_BAND));
    }

    private void apply(Op op, double[] in, int batch, ConvGeometry g, double[] out, int[] winners, int from,
                              int to) {
        switch (op) {
            case IM2COL -> ImageKernels.im2col(in, batch, g, out, from, to);
            case COL2IM -> kernels.col2im(in, batch, g, out, from, to);
            case MAX_POOL -> ImageKernels.maxPool(in, batch, g, out, winners, from, to);
            case MAX_POOL_BACKWARD -> ImageKernels.maxPoolBackward(in, g, winners, out, from, to);
            default -> throw new AssertionError(op);
        }
    }
}
