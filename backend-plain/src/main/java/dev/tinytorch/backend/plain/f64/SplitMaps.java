package dev.tinytorch.backend.plain.f64;

import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.UnaryOp;
import dev.tinytorch.backend.plain.machine.BandThreads;

/**
 * Element-wise {@code map}, {@code zip} and {@code axpy} over long matrices, shared with {@link BandThreads} in bands
 * of {@value #BAND} elements (float32's {@code axpy} in one band per thread, see {@link #axpy}): LeNet-5's ReLU and its
 * gradient on conv1's 64x4704 activations, which ran on the caller alone while the second core waited for the next
 * product, and the SGD update of a large layer, such as the MNIST-size network's 784x256 weights, which one core
 * streams at about a tenth of its training step. Each element is computed by the same kernel whichever thread takes
 * its band, so the bits are those of one core.
 */
final class SplitMaps extends BandTask {

    /** Elements below which an operation stays on the caller's core (not tuned: a bias or a small layer). */
    static final int MIN_LENGTH = 1 << 16;
    /** Elements per band: whole cache lines, and several bands per thread so that a slower core takes fewer. */
    private static final int BAND = 1 << 14;
    /** Elements of a cache line, to which the bands of {@link #axpy} are rounded. */
    private static final int LINE = 64 / Double.BYTES;

    private final ScalarKernels kernels;
    private UnaryOp unary;
    private BinaryOp binary;
    private double alpha;
    private double[] a;
    private double[] b;
    private double[] out;
    private int length;
    private int band;

    SplitMaps(ScalarKernels kernels, BandThreads threads) {
        super(threads);
        this.kernels = kernels;
    }

    /** {@code out[i] = op(x[i])} for {@code i < length}. */
    void map(UnaryOp op, double[] x, double[] out, int length) {
        this.unary = op;
        run(x, null, out, length);
    }

    /** {@code out[i] = op(a[i], b[i])} for {@code i < length}. */
    void zip(BinaryOp op, double[] a, double[] b, double[] out, int length) {
        this.binary = op;
        run(a, b, out, length);
    }

    /**
     * {@code y[i] += alpha * x[i]} for {@code i < length}. In float32, in one band per thread (rounded to whole
     * cache lines), the caller's first: the update of a layer's weights, which a team of two cuts where the weight
     * gradient and the next forward product cut them ({@code Gemm.splitsDepth}), so that each half of the weights
     * stays on one core; the MNIST-size network's 784x256: rows 0 to 391 on the caller (docs/performance.md, "The
     * MNIST-size layer's weights on the core that updates them"). Float64's forward product of that layer is not
     * split so (four depth blocks), and keeps the bands of {@value #BAND}.
     */
    void axpy(double alpha, double[] x, double[] y, int length) {
        this.alpha = alpha;
        int threads = threads();
        run(x, null, y, length, ScalarKernels.NARROW ? (length + threads * LINE - 1) / (threads * LINE) * LINE : BAND);
    }

    private void run(double[] a, double[] b, double[] out, int length) {
        run(a, b, out, length, BAND);
    }

    private void run(double[] a, double[] b, double[] out, int length, int band) {
        this.a = a;
        this.b = b;
        this.out = out;
        this.length = length;
        this.band = band;
        runBands((length + band - 1) / band);
    }

    @Override
    void clear() {
        unary = null;
        binary = null;
        a = null;
        b = null;
        out = null;
    }

    @Override
    public void accept(int index) {
        int from = index * band;
        int n = Math.min(band, length - from);
        if (unary != null) {
            kernels.map(unary, a, from, out, from, n);
        } else if (binary != null) {
            kernels.zip(binary, a, from, b, from, out, from, n);
        } else {
            kernels.axpy(alpha, a, from, out, from, n);
        }
    }
}
