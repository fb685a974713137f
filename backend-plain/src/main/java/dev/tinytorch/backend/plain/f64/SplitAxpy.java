package dev.tinytorch.backend.plain.f64;

import dev.tinytorch.backend.plain.machine.BandThreads;
import java.util.function.IntConsumer;

/**
 * {@code y += alpha * x} over a long vector, shared with {@link BandThreads}: the SGD update of a large layer, such
 * as the MNIST-size network's 784x256 weights, which one core streams at about a tenth of its training step. Each
 * thread that calls it uses its own instance (the fields describe the call in progress).
 */
final class SplitAxpy implements IntConsumer {

    /** Elements below which the update stays on the caller's core (not tuned: a bias or a small layer). */
    static final int MIN_LENGTH = 1 << 16;
    /** Elements per band: whole cache lines, and several bands per thread so that a slower core takes fewer. */
    private static final int BAND = 1 << 14;

    private final ScalarKernels kernels;
    private final BandThreads threads;
    private double alpha;
    private double[] x;
    private double[] y;
    private int length;

    SplitAxpy(ScalarKernels kernels, BandThreads threads) {
        this.kernels = kernels;
        this.threads = threads;
    }

    void axpy(double alpha, double[] x, double[] y, int length) {
        this.alpha = alpha;
        this.x = x;
        this.y = y;
        this.length = length;
        try {
            threads.run(this, (length + BAND - 1) / BAND);
        } finally {
            this.x = null;
            this.y = null;
        }
    }

    @Override
    public void accept(int band) {
        int from = band * BAND;
        kernels.axpy(alpha, x, from, y, from, Math.min(BAND, length - from));
    }
}
