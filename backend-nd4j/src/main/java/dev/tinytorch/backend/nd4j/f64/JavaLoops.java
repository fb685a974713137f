package dev.tinytorch.backend.nd4j.f64;

import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.kernels.f64.RowKernels;

/**
 * The few element-wise operations no libnd4j kernel computes as the SPI defines them, looped in Java over copies
 * of the native buffers, and the per-thread scratch arrays for fixing up a kernel's result in Java.
 *
 * <p>What is here is {@link BinaryOp#MAX} and {@link BinaryOp#MIN} in {@code zip} and the broadcasts. libnd4j's
 * pairwise, scalar and broadcast max and min (and the custom ops {@code maximum}/{@code minimum}, built on the same
 * functions) are {@code a > b ? a : b}: a NaN first operand is dropped, and {@code max(+0.0, -0.0)} is
 * {@code -0.0}. A composition of kernels would need three passes and a scratch matrix for {@code zip}, and cannot be
 * built for the broadcasts, whose operand is not a full matrix; these operations are not in a training step, so a
 * copy out, a loop over {@link BinaryOp#apply} and a copy back is the honest answer. So it is for the scatter-add
 * of an embedding's gradient.
 */
final class JavaLoops {

    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

    /** {@code out = op(a, b)} element by element, all three of one shape. */
    void zip(BinaryOp op, Nd4jMatrix a, Nd4jMatrix b, Nd4jMatrix out) {
        int n = a.size();
        Buffers s = buffers.get();
        double[] x = s.first(n);
        double[] y = s.second(n);
        a.data.get(x, 0, n);
        b.data.get(y, 0, n);
        for (int i = 0; i < n; i++) {
            x[i] = op.apply(x[i], y[i]);
        }
        out.data.put(x, 0, n);
    }

    /** {@code out[i][j] = op(x[i][j], row[0][j])}. */
    void broadcastRow(BinaryOp op, Nd4jMatrix x, Nd4jMatrix row, Nd4jMatrix out) {
        int n = x.size();
        int cols = x.cols();
        Buffers s = buffers.get();
        double[] v = s.first(n);
        double[] r = s.second(cols);
        x.data.get(v, 0, n);
        row.data.get(r, 0, cols);
        for (int i = 0; i < n; i++) {
            v[i] = op.apply(v[i], r[i % cols]);
        }
        out.data.put(v, 0, n);
    }

    /** {@code out[i][j] = op(x[i][j], column[i][0])}. */
    void broadcastColumn(BinaryOp op, Nd4jMatrix x, Nd4jMatrix column, Nd4jMatrix out) {
        int n = x.size();
        int cols = x.cols();
        Buffers s = buffers.get();
        double[] v = s.first(n);
        double[] c = s.second(x.rows());
        x.data.get(v, 0, n);
        column.data.get(c, 0, x.rows());
        for (int i = 0; i < n; i++) {
            v[i] = op.apply(v[i], c[i / cols]);
        }
        out.data.put(v, 0, n);
    }

    /**
     * Adds the rows of {@code src} to the rows of {@code out} that {@code rows} names, in {@link RowKernels}'s fixed
     * order; ND4J's scatter ops are custom ops whose summation order for repeated indices is not fixed.
     */
    void scatterAddRows(Nd4jMatrix src, int[] rows, int offset, Nd4jMatrix out) {
        Buffers s = buffers.get();
        double[] from = s.first(src.size());
        double[] to = s.second(out.size());
        if (src.size() == 0) {
            return;
        }
        src.data.get(from, 0, src.size());
        out.data.get(to, 0, out.size());
        RowKernels.scatterAddRows(from, src.cols(), rows, offset, src.rows(), to);
        out.data.put(to, 0, out.size());
    }

    /** A scratch array of this thread of at least {@code n} doubles, for reading a kernel's small result. */
    double[] doubles(int n) {
        return buffers.get().first(n);
    }

    /** One thread's arrays, grown to the largest size asked for and then reused. */
    private static final class Buffers {
        private double[] first = new double[0];
        private double[] second = new double[0];

        double[] first(int n) {
            if (first.length < n) {
                first = new double[n];
            }
            return first;
        }

        double[] second(int n) {
            if (second.length < n) {
                second = new double[n];
            }
            return second;
        }
    }
}
