package dev.tinytorch.backend.plain.f64;

import dev.tinytorch.api.kernels.f64.ImageKernels;
import dev.tinytorch.backend.plain.machine.BandThreads;

/**
 * {@link ImageKernels#transposeBlocks(double[], int, int, int, double[])} over large matrices, shared with
 * {@link BandThreads} by rows of the input: a convolution's 6x50176 product rows turned into 64x4704 images and
 * back, which ran on the caller alone between two shared operations. A copy, so the bits do not depend on the
 * split.
 */
final class SplitTransposes extends BandTask {

    /** Elements below which a transpose stays on the caller's core (as {@link SplitImages}'). */
    static final int MIN_ELEMENTS = 1 << 15;
    /** Bands at most: several per thread, so that a slower core takes fewer. */
    private static final int MAX_BANDS = 16;

    private double[] x;
    private double[] out;
    private int rows;
    private int blocks;
    private int block;
    private int rowsPerBand;

    SplitTransposes(BandThreads threads) {
        super(threads);
    }

    /** The block transpose of {@code x}, {@code rows x blocks} blocks of {@code block} elements, into {@code out}. */
    void transposeBlocks(double[] x, int rows, int blocks, int block, double[] out) {
        if ((long) rows * blocks * block < MIN_ELEMENTS) {
            ImageKernels.transposeBlocks(x, rows, blocks, block, out);
            return;
        }
        this.x = x;
        this.out = out;
        this.rows = rows;
        this.blocks = blocks;
        this.block = block;
        this.rowsPerBand = (rows + MAX_BANDS - 1) / MAX_BANDS;
        runBands((rows + rowsPerBand - 1) / rowsPerBand);
    }

    @Override
    void clear() {
        x = null;
        out = null;
    }

    @Override
    public void accept(int band) {
        int from = band * rowsPerBand;
        ImageKernels.transposeBlocks(x, rows, blocks, block, out, from, Math.min(rows, from + rowsPerBand));
    }
}
