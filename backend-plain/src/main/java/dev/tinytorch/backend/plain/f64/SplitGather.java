package dev.tinytorch.backend.plain.f64;

import dev.tinytorch.backend.plain.machine.BandThreads;

/**
 * Copies the rows a batch picks out of a data set, shared with {@link BandThreads}: the rows of a large data set
 * come from memory, not from a cache, and two cores wait for them in parallel (64 rows of a 60,000 x 784 set:
 * 50 us on one core, 27 us on two).
 */
final class SplitGather extends BandTask {

    /** Elements to copy below which the rows stay on the caller's core (not tuned: the seed network's 64 x 30). */
    static final int MIN_ELEMENTS = 1 << 14;
    /** Rows per band: several bands per thread, so that a slower core takes fewer. */
    private static final int ROWS_PER_BAND = 8;

    private double[] src;
    private int cols;
    private int[] rows;
    private int offset;
    private int count;
    private double[] out;

    SplitGather(BandThreads threads) {
        super(threads);
    }

    /** Row {@code i} of {@code out} becomes row {@code rows[offset + i]} of {@code src}, for i below {@code count}. */
    void gather(double[] src, int cols, int[] rows, int offset, int count, double[] out) {
        this.src = src;
        this.cols = cols;
        this.rows = rows;
        this.offset = offset;
        this.count = count;
        this.out = out;
        runBands((count + ROWS_PER_BAND - 1) / ROWS_PER_BAND);
    }

    @Override
    void clear() {
        src = null;
        rows = null;
        out = null;
    }

    @Override
    public void accept(int band) {
        copyRows(src, cols, rows, offset, band * ROWS_PER_BAND, Math.min(count, (band + 1) * ROWS_PER_BAND), out);
    }

    /** Rows {@code [from, to)} of a gather: row {@code i} of {@code out} becomes row {@code rows[offset + i]}. */
    static void copyRows(double[] src, int cols, int[] rows, int offset, int from, int to, double[] out) {
        for (int i = from; i < to; i++) {
            System.arraycopy(src, rows[offset + i] * cols, out, i * cols, cols);
        }
    }
}
