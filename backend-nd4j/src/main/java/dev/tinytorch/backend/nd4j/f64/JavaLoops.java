package dev.tinytorch.backend.nd4j.f64;

import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.kernels.AlwaysDouble;
import dev.tinytorch.api.kernels.f64.LongSums;
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
 * copy out, a loop over {@link BinaryOp#apply} and a copy back is the honest answer. {@link BinaryOp#RELU_GRAD}
 * (in ReLU's backward pass) has no libnd4j kernel either; its loop here replaces STEP (three kernels and a scratch
 * matrix, see {@code Nd4jOps}) and a multiplication. So it is for the scatter-add of an embedding's gradient.
 *
 * <p>Here too are the API's {@code double[]} copied in and out through the element type, and what the float32 copy
 * of this package computes in float64 rather than in libnd4j's float kernels: the SUM and MEAN reductions,
 * {@code sum} and {@code axpy}, each result rounded to float once.
 */
// (double) op.apply(...): redundant in the float64 source, rounds to float32 in its generated copy
@SuppressWarnings("cast")
final class JavaLoops {

    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

    /** Whether {@code op} is one of those looped here rather than given to a libnd4j kernel. */
    static boolean inJava(BinaryOp op) {
        return op == BinaryOp.MAX || op == BinaryOp.MIN || op == BinaryOp.RELU_GRAD;
    }

    /** {@code out = op(a, b)} element by element, all three of one shape. */
    void zip(BinaryOp op, Nd4jMatrix a, Nd4jMatrix b, Nd4jMatrix out) {
        int n = a.size();
        Buffers s = buffers.get();
        double[] x = s.first(n);
        double[] y = s.second(n);
        a.data.get(x, 0, n);
        b.data.get(y, 0, n);
        for (int i = 0; i < n; i++) {
            x[i] = (double) op.apply(x[i], y[i]);
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
            v[i] = (double) op.apply(v[i], r[i % cols]);
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
            v[i] = (double) op.apply(v[i], c[i / cols]);
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

    /** Writes {@code data} into {@code m}, each value rounded to the element type. */
    void write(@AlwaysDouble double[] data, Nd4jMatrix m) {
        double[] e = buffers.get().first(data.length);
        for (int i = 0; i < data.length; i++) {
            e[i] = (double) data[i];
        }
        m.data.put(e, 0, data.length);
    }

    /** Reads the first {@code dst.length} elements of {@code m} into {@code dst}. */
    void read(Nd4jMatrix m, @AlwaysDouble double[] dst) {
        double[] e = buffers.get().first(dst.length);
        m.data.get(e, 0, dst.length);
        for (int i = 0; i < dst.length; i++) {
            dst[i] = e[i];
        }
    }

    /** {@code y += alpha * x}, each element computed in float64 and rounded once ({@link LongSums#axpy}). */
    void axpy(@AlwaysDouble double alpha, Nd4jMatrix x, Nd4jMatrix y) {
        int n = x.size();
        Buffers s = buffers.get();
        double[] xs = s.first(n);
        double[] ys = s.second(n);
        x.data.get(xs, 0, n);
        y.data.get(ys, 0, n);
        LongSums.axpy(alpha, xs, ys, n);
        y.data.put(ys, 0, n);
    }

    /**
     * The SUM (or, if {@code mean}, MEAN) of {@code x} over its rows ({@code overRows}: one result per column) or
     * over its columns into {@code out}, added in float64, a mean divided in float64, then rounded once to the
     * element type ({@link LongSums#sums}).
     */
    void sums(boolean mean, boolean overRows, Nd4jMatrix x, Nd4jMatrix out) {
        int rows = x.rows();
        int cols = x.cols();
        int lines = out.size();
        Buffers s = buffers.get();
        double[] v = s.first(x.size());
        double[] result = s.second(lines);
        x.data.get(v, 0, x.size());
        LongSums.sums(overRows, v, rows, cols, mean ? (overRows ? rows : cols) : 1, result);
        out.data.put(result, 0, lines);
    }

    /** The sum of all of {@code x}'s elements, added in float64 ({@link LongSums#sum}). */
    @AlwaysDouble double sum(Nd4jMatrix x) {
        int n = x.size();
        double[] v = buffers.get().first(n);
        x.data.get(v, 0, n);
        return LongSums.sum(v, n);
    }

    /** A scratch array of this thread of at least {@code n} elements, for reading a kernel's small result. */
    double[] elements(int n) {
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
