package dev.tinytorch.backend.plain.f64;

import dev.tinytorch.backend.plain.machine.BandThreads;
import java.util.function.IntConsumer;

/**
 * {@code C = alpha * A * B^T + beta * C} for a small C and a large depth, such as a convolution's weight gradient
 * {@code G cols^T} (6 x 50,176 by 50,176 x 25 for LeNet-5's first layer): each element of C is a dot product of a
 * row of A with a row of B, both contiguous. The packed product cuts the depth into blocks of {@link Gemm#KC} and
 * shares each block between threads in a step of its own, hundreds of steps of a few microseconds; here the depth
 * is cut into chunks of {@value #CHUNK}, each chunk's {@code m x n} dot products go to a scratch block of their own
 * (chunks shared between threads, each read once from memory), and the chunks' blocks are then added up in chunk
 * order. Every element is thus summed in one order whatever the thread count. On one thread (CPU time, busy
 * machine), LeNet-5's first weight gradient took 1.3 ms instead of 2.0, its second 1.0 ms instead of 1.2; shared,
 * the packed product's hundreds of steps had cost far more (see docs/performance.md). Each thread that multiplies
 * uses its own instance (the fields describe the call in progress).
 */
final class DeepProduct implements IntConsumer {

    /** Depth from which a product qualifies: below it the packed product's few depth blocks cost little. */
    static final int MIN_DEPTH = 2048;
    /** Elements of C up to which a product qualifies: every chunk keeps a block of partial sums this size. */
    static final int MAX_OUTPUTS = 4096;
    /**
     * Depth of one chunk: a chunk of 16 rows of A (32 KB) stays in L1 while the rows of B stream past. In float32,
     * 512 elements are those 32 KB, and each dot product's vector is reduced to a number half as often (its
     * sixteen lanes one by one, a cost of the order of its multiply-adds over 256 elements).
     */
    static final int CHUNK = ScalarKernels.NARROW ? 512 : 256;

    private final ScalarKernels kernels;
    private final BandThreads threads;
    private double[] partials = new double[0];
    private double[] a;
    private int ai;
    private int lda;
    private double[] b;
    private int bi;
    private int ldb;
    private int m;
    private int n;
    private int k;

    DeepProduct(ScalarKernels kernels, BandThreads threads) {
        this.kernels = kernels;
        this.threads = threads;
    }

    /** Whether {@code op(A) op(B)} of these transposes and sizes is one this class computes. */
    static boolean suits(boolean transA, boolean transB, int m, int n, int k) {
        return !transA && transB && k >= MIN_DEPTH && (long) m * n <= MAX_OUTPUTS;
    }

    /**
     * {@code c = alpha * a * b^T + beta * c}, with {@code a} of shape {@code m x k} (from {@code a[ai]}, rows
     * {@code lda} apart), {@code b} of {@code n x k} (from {@code b[bi]}, rows {@code ldb} apart) and {@code c} of
     * {@code m x n} (from {@code c[ci]}); with {@code beta == 0}, C is not read.
     */
    void multiply(double alpha, double[] a, int ai, int lda, double[] b, int bi, int ldb, double beta, double[] c,
                  int ci, int m, int n, int k) {
        int chunks = (k + CHUNK - 1) / CHUNK;
        int block = m * n;
        if (partials.length < chunks * block) {
            partials = new double[chunks * block];
        }
        this.a = a;
        this.ai = ai;
        this.lda = lda;
        this.b = b;
        this.bi = bi;
        this.ldb = ldb;
        this.m = m;
        this.n = n;
        this.k = k;
        try {
            if ((long) m * n * k < Gemm.PARALLEL_MIN_WORK) {
                for (int chunk = 0; chunk < chunks; chunk++) {
                    accept(chunk);
                }
            } else {
                threads.run(this, chunks);
            }
        } finally {
            this.a = null;
            this.b = null;
        }
        for (int at = 0; at < block; at++) {
            double sum = partials[at];
            for (int chunk = 1, p = at + block; chunk < chunks; chunk++, p += block) {
                sum += partials[p];
            }
            c[ci + at] = beta == 0.0 ? alpha * sum : beta * c[ci + at] + alpha * sum;
        }
    }

    /** The dot products of one chunk of depth, into its block of {@link #partials}. */
    @Override
    public void accept(int chunk) {
        int from = chunk * CHUNK;
        kernels.rowDots(a, ai + from, lda, m, b, bi + from, ldb, n, Math.min(CHUNK, k - from), partials,
                chunk * m * n, n);
    }
}
