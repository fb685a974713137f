package dev.tinytorch.backend.plain.f64;

import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.backend.plain.machine.BandThreads;

/**
 * A product of two depth blocks shared by a team of two over its depth rather than its rows ({@link Gemm#splitsDepth}):
 * the caller computes {@code C = op(A)[:, 0:h) B[0:h, :]}, the first depth block, as the product on one thread does;
 * the other thread computes {@code T = op(A)[:, h:k) B[h:k, :]} into a scratch array of its own; then the caller adds
 * {@code C = C + T}. The product on one thread adds its second block's sums to C the same way ({@code tile + C}),
 * so the bits are the same (a float addition is commutative).
 *
 * <p>Why: in a training step, B is a layer's weights, which the step's update has just written. Cut in bands of
 * rows of C, each thread read all of B, half of it just written by the other core; on the 2-core AMD EPYC, whose
 * cores are about 500 ns apart, that transfer cost about as much as the product (64x784 by 784x256 in float32: 83
 * us alone, 187 us with the update before it). Cut over the depth, each thread reads only its half of B's rows; the
 * weight gradient's rows ({@code Gemm.Shared}) and the update ({@link SplitMaps#axpy}) are cut at the same row, so
 * each half of the weights stays on the core that updates it and only T (64 KB there) crosses (docs/performance.md,
 * "The MNIST-size layer's weights on the core that updates them"). Each thread that multiplies uses its own
 * instance.
 */
final class DepthHalves extends BandTask {

    private final Gemm gemm;
    private final ScalarKernels kernels;
    /** The second depth block's sums, on the thread that computes them. */
    private final ThreadScratch<double[]> partials = new ThreadScratch<>(double[]::new);
    private boolean transA;
    private double alpha;
    private double[] a;
    private int ai;
    private int lda;
    private double[] b;
    private int bi;
    private int ldb;
    private double[] c;
    private int ci;
    private int m;
    private int n;
    private int k;
    private int half;
    /** The array the second block was computed into, by whichever thread took it. */
    private double[] second;

    DepthHalves(Gemm gemm, ScalarKernels kernels, BandThreads threads) {
        super(threads);
        this.gemm = gemm;
        this.kernels = kernels;
    }

    /**
     * {@code c = alpha * op(a) * b} ({@code beta = 0}), {@code op(a)} of shape {@code m x k} and {@code b} of
     * {@code k x n}, in two depth blocks of which the first is {@code half} deep. {@code c} is {@code m x n} from
     * {@code c[ci]} with its rows {@code n} apart, as {@link Gemm#multiplyDepth} writes it and as {@link Gemm}'s
     * products store C: the second block is added with one {@code zip ADD} over {@code m * n} contiguous elements.
     * Modifies {@code c} only (and the scratch array of the thread that computes the second block).
     */
    void multiply(boolean transA, double alpha, double[] a, int ai, int lda, double[] b, int bi, int ldb, double[] c,
                  int ci, int m, int n, int k, int half) {
        this.transA = transA;
        this.alpha = alpha;
        this.a = a;
        this.ai = ai;
        this.lda = lda;
        this.b = b;
        this.bi = bi;
        this.ldb = ldb;
        this.c = c;
        this.ci = ci;
        this.m = m;
        this.n = n;
        this.k = k;
        this.half = half;
        runBands(2);
        try {
            kernels.zip(BinaryOp.ADD, c, ci, second, 0, c, ci, m * n);
        } finally {
            second = null;
        }
    }

    @Override
    void clear() {
        a = null;
        b = null;
        c = null;
    }

    @Override
    public void accept(int band) {
        if (band == 0) {
            gemm.multiplyDepth(transA, alpha, a, ai, lda, b, bi, ldb, c, ci, m, n, 0, half);
        } else {
            double[] t = partials.get(m * n);
            gemm.multiplyDepth(transA, alpha, a, ai, lda, b, bi, ldb, t, 0, m, n, half, k - half);
            second = t;
        }
    }
}
