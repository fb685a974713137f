package dev.tinytorch.backend.plain.f64;

import dev.tinytorch.backend.plain.machine.BandThreads;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * General matrix multiply over row-major arrays, organised as in BLIS / GotoBLAS: op(B) is packed in blocks of
 * {@value #KC} rows into micro-panels {@code tileCols} wide, which the micro-kernel of {@link ScalarKernels} reads
 * sequentially whatever the transposes (a product on one thread may read B in place instead, see
 * {@link #readsBInPlace}); op(A) is packed in blocks of {@value #MC} rows into panels {@code tileRows}
 * high, stored column by column, so that the kernel reads both operands at constant steps (a small product's
 * untransposed A is read in place, see {@link #readsAInPlace}). Small products skip
 * packing (see {@link #SMALL_MAX_WORK}). Products of {@value #PARALLEL_MIN_WORK} multiply-adds or more are shared
 * with {@link BandThreads} (see {@link Shared}); smaller ones run on the caller's thread. Once the packing buffers
 * have grown to size, neither allocates, on any thread.
 */
final class Gemm {

    /**
     * Depth of a packed block, 2 KB of elements whatever their size (256 doubles, 512 floats), so that a
     * micro-panel of A ({@code tileRows x KC}, 16 KB), which stays in L1 while the kernel sweeps a block of B (see
     * {@link #macroKernel}), and a panel of B are the same number of bytes in both precisions. Float32 at 256 cut
     * k = 1024 into four blocks, each a pass over C and, shared between threads, two more team steps: GEMM 1024 on
     * two threads 1.22x, 1.27x, 1.38x in three runs with 512, one thread 1.02x to 1.08x (docs/performance.md,
     * "Micro-kernel shapes").
     */
    static final int KC = 2048 / Double.BYTES;
    /** Rows of A packed at once. */
    static final int MC = 192;
    /**
     * Bytes of a block of packed op(B), {@value #KC} deep and {@link #NC} wide: half the 2 MB L2 of a core of the
     * Intel Xeon, so that the block stays in L2 beside the rows of A and C the kernel passes through while every
     * micro-panel of A sweeps it.
     */
    static final int B_BLOCK_BYTES = 1 << 20;
    /**
     * Columns of B packed at once, {@value #B_BLOCK_BYTES} bytes at depth {@value #KC} (512 in both precisions),
     * rounded up to whole panels by {@link #columnBlock}. With the order of {@link #macroKernel}, against blocks of
     * 4096 columns and the other order, in CPU time on the Intel Xeon: float32 1024^3 1.05x and 1.09x on one
     * thread, level on two; float64 1024^3 1.18x to 1.22x on one and 1.11x to 1.13x on two, 512^3 1.08x to 1.14x
     * (docs/performance.md, "A micro-panel of A in L1, a block of B in L2").
     */
    static final int NC = B_BLOCK_BYTES / (KC * Double.BYTES);
    /**
     * Multiply-adds up to which a product with C at most {@value #SMALL_MAX_VECTORS} vectors wide skips packing and
     * blocking (the seed network's products, such as 64x30 by 30x20, and the MNIST-size network's last layer): op(B)
     * is copied in panels one vector wide, so its padding is less than a vector instead of less than a micro-panel,
     * and A is read where it lies, transposed or not. Measured against packing: 1.2x on 256x64^T by 64x10, 1.3x on
     * 64x64 by 64x24; 0.67x on 64x256 by 256x10, which the micro-kernel used to read with A in place (a second
     * kernel, dropped: no difference on either network's training step).
     */
    static final long SMALL_MAX_WORK = 1L << 18;
    /**
     * Width of C, in vectors, up to which a product of at most {@link #SMALL_MAX_WORK} multiply-adds skips packing:
     * one block of the small kernel spans it. Wider ones pack faster than they take two blocks (32^3: 1.46x,
     * 40^3: 1.13x, 64x20 by 20x30: 1.11x).
     */
    static final int SMALL_MAX_VECTORS = 3;
    /**
     * Row stride of B, in bytes, a multiple of which makes B packed where it could be read in place: rows that far
     * apart fall in one set of an L1 data cache 4 KB per way (this AMD EPYC's 48 KB 12-way, Intel's 32 and 48 KB),
     * so a panel's {@value #KC}-odd rows compete for a dozen lines and every step of the micro-kernel misses L1.
     * Packed, they are contiguous. In CPU time, 1024^3 on one thread 1.06x to 1.09x (float32), 1.07x (float64), on
     * two 1.01x to 1.15x and 1.05x; float64 512^3 1.09x, and 1.00x on two; on the Intel Xeon, 64x512 by 512x1024
     * read in place 0.73x (docs/performance.md, "B packed at a 4 KB row stride").
     */
    static final int ALIASED_STRIDE = 4096;
    /**
     * Row stride of B, in bytes, from which B is packed where it could be read in place if a block of at least
     * {@value #MC} rows of A sweeps it (see {@link #packsB}). On the Intel Xeon (48 KB 12-way L1), float32, one
     * thread, in CPU time: 512^3 (rows 2 KB apart) 1.07x to 1.09x packed, 640^3 to 896^3 1.04x to 1.06x, 512x384 by
     * 384x768 1.20x, 192x512 by 512x512 1.13x; but 128 rows 0.92x, 64 0.89x, 32 0.70x, and rows 1 to 1.5 KB
     * apart level (docs/performance.md, "Float32 GEMM on an Intel Xeon").
     */
    static final int FAR_STRIDE = 2048;
    /**
     * Bytes of op(A) up to which a product on one thread reads it where it lies rather than packed (see
     * {@link #readsAInPlace}): float32 64 x 64, float64 64 x 32.
     */
    static final int A_IN_PLACE_MAX_BYTES = 16 * 1024;
    /** How much better C's transpose must fill the tiles to be computed instead (see {@link #fillsBetterTransposed}). */
    static final double TRANSPOSED_MIN_GAIN = 1.05;
    /** Multiply-adds below which splitting over threads costs more than it saves, but see {@link #ROW_BANDS_MIN_WORK}. */
    static final long PARALLEL_MIN_WORK = 1L << 21;
    /**
     * Multiply-adds from which a product that reads op(B) in place is cut into bands of rows, one per thread (see
     * {@link #sharesRowBands}): a recurrent layer's per-step products, such as LSTM(28, 64)'s {@code h W_hh^T} at
     * batch 64 (64x64 by 64x256, 1M) and {@code dG W_hh} (64x256 by 256x64), and GRU(28, 64)'s (0.79M).
     */
    static final long ROW_BANDS_MIN_WORK = 1L << 19;
    /**
     * Rows of C per thread from which a product of {@value #PARALLEL_MIN_WORK} multiply-adds or more, wider than
     * high, is cut into bands of rows rather than slices of columns (see {@link #sharesRowBands}).
     */
    static final int WIDE_BAND_MIN_ROWS = 32;
    /**
     * Bytes of op(B) up to which every band of such a product reads it whole (half this Xeon's 2 MB L2 a core, all
     * of a Zen 5's); beyond, each slice of columns streams only its part.
     */
    static final long WIDE_BAND_MAX_B_BYTES = 1L << 20;

    private final ScalarKernels kernels;
    private final int mr;
    private final int nr;
    /** Columns of B packed at once: {@link #NC} rounded up to whole panels, so that no block ends in a narrow one. */
    private final int columnBlock;
    private final ThreadLocal<Workspace> workspaces = ThreadLocal.withInitial(Workspace::new);
    private final BandThreads threads;
    private final ThreadLocal<DeepProduct> deepProducts;
    private final ThreadLocal<DepthHalves> depthHalves;

    /** Products on {@code kernels}, large ones shared with the process's {@link BandThreads#shared() helpers}. */
    Gemm(ScalarKernels kernels) {
        this(kernels, BandThreads.shared());
    }

    /** Products on {@code kernels}, large ones shared with {@code threads}. */
    Gemm(ScalarKernels kernels, BandThreads threads) {
        this.threads = threads;
        this.kernels = kernels;
        this.deepProducts = ThreadLocal.withInitial(() -> new DeepProduct(kernels, threads));
        this.depthHalves = ThreadLocal.withInitial(() -> new DepthHalves(this, kernels, threads));
        this.mr = kernels.tileRows();
        this.nr = kernels.tileCols();
        this.columnBlock = roundUp(NC, nr);
    }

    /**
     * {@code c = alpha * op(a) * op(b) + beta * c} with {@code op(a)} of shape {@code m x k} and {@code op(b)} of
     * {@code k x n}; {@code lda} and {@code ldb} are the row lengths of {@code a} and {@code b} as stored, and C's
     * row length is {@code n}. With {@code beta == 0} C is not read; with {@code alpha == 0} A and B are not read.
     */
    void multiply(boolean transA, boolean transB, double alpha, double[] a, int lda, double[] b, int ldb,
                  double beta, double[] c, int m, int n, int k) {
        multiply(transA, transB, alpha, a, 0, lda, b, 0, ldb, beta, c, 0, m, n, k);
    }

    /**
     * The same product with each operand starting at an offset of its array: A at {@code a[ai]}, B at {@code b[bi]}
     * and C at {@code c[ci]}, so that A and C may be blocks of rows of larger matrices (a recurrent layer's step
     * inside its time-major matrix). Every path takes the offsets where it indexes, so the bits are those of the
     * product on copies of the blocks; nothing outside {@code m x n} elements of C from {@code ci} is written.
     */
    void multiply(boolean transA, boolean transB, double alpha, double[] a, int ai, int lda, double[] b, int bi,
                  int ldb, double beta, double[] c, int ci, int m, int n, int k) {
        switch (path(transA, transB, alpha, m, n, k)) {
            case NOTHING -> { }
            case SCALE -> scale(beta, c, ci, m * n);
            case VECTOR -> vectorProduct(transA, transB, alpha, a, ai, lda, b, bi, ldb, beta, c, ci, m, n, k);
            case OUTER -> outerProduct(alpha, a, ai, b, bi, beta, c, ci, m, n);
            case DEEP -> deepProducts.get().multiply(alpha, a, ai, lda, b, bi, ldb, beta, c, ci, m, n, k);
            case SMALL -> smallProduct(transA, transB, alpha, a, ai, lda, b, bi, ldb, beta, c, ci, m, n, k);
            case TRANSPOSED -> transposedProduct(transA, transB, alpha, a, ai, lda, b, bi, ldb, beta, c, ci, m, n, k);
            case PACKED -> packedProduct(transA, transB, alpha, a, ai, lda, b, bi, ldb, beta, c, ci, m, n, k);
        }
    }

    /** How {@link #multiply} computes a product: one of its special cases, or packed ({@link #onOneThread}). */
    private enum Path { NOTHING, SCALE, VECTOR, OUTER, DEEP, SMALL, TRANSPOSED, PACKED }

    /** The way {@link #multiply} takes for a product of these transposes, alpha and shape. */
    private Path path(boolean transA, boolean transB, double alpha, int m, int n, int k) {
        if (m == 0 || n == 0) {
            return Path.NOTHING;
        }
        if (k == 0 || alpha == 0.0) {
            return Path.SCALE;
        }
        if (m == 1 || n == 1) {
            return Path.VECTOR;
        }
        if (k == 1) {
            return Path.OUTER;
        }
        if (DeepProduct.suits(transA, transB, m, n, k)) {
            return Path.DEEP;
        }
        if (n <= SMALL_MAX_VECTORS * kernels.vectorLength() && (long) m * n * k <= SMALL_MAX_WORK) {
            return Path.SMALL;
        }
        if (transA && fillsBetterTransposed(m, n, k)) {
            return Path.TRANSPOSED;
        }
        return Path.PACKED;
    }

    /**
     * Whether {@link #multiply} computes a product of these transposes, alpha and shape packed, on any team: then
     * each element of C is the same sum in the same order whatever block of C computes it, and
     * {@link #multiplyColumns} gives the bits of any of its blocks of columns.
     */
    boolean packs(boolean transA, boolean transB, double alpha, int m, int n, int k) {
        return path(transA, transB, alpha, m, n, k) == Path.PACKED;
    }

    /**
     * Columns {@code j0 .. j1} of the product {@link #multiply(boolean, boolean, double, double[], int, double[],
     * int, double, double[], int, int, int) multiply} computes with these arguments, on the caller's thread, packed,
     * written to {@code c} with element (i, j) at {@code c[ci + i * ldc + j]} ({@code ci} may be negative, down to
     * {@code -j0}, so that the block lands at the start of a buffer {@code j1 - j0} wide). The bits of those columns
     * of the whole product when it {@link #packs}, so that a caller may cut a product into blocks of columns, share
     * them out itself and use each block while it is in cache.
     */
    void multiplyColumns(boolean transA, boolean transB, double alpha, double[] a, int lda, double[] b, int ldb,
                         double beta, double[] c, int ci, int ldc, int m, int k, int j0, int j1) {
        onOneThread(workspaces.get(), transA, transB, alpha, a, 0, lda, b, 0, ldb, beta, c, ci, ldc, 0, m, j0, j1, k);
    }

    /** The packed product, on the caller's thread or shared with {@link #threads}. */
    private void packedProduct(boolean transA, boolean transB, double alpha, double[] a, int ai, int lda, double[] b,
                               int bi, int ldb, double beta, double[] c, int ci, int m, int n, int k) {
        long work = (long) m * n * k;
        boolean rowBands = sharesRowBands(transB, alpha, ldb, m, n, k, work);
        if (threads.threads() == 1 || work < PARALLEL_MIN_WORK && !rowBands) {
            onOneThread(workspaces.get(), transA, transB, alpha, a, ai, lda, b, bi, ldb, beta, c, ci, n, 0, m, 0, n,
                    k);
            return;
        }
        if (rowBands && splitsDepth(beta, k, work)) {
            depthHalves.get().multiply(transA, alpha, a, ai, lda, b, bi, ldb, c, ci, m, n, k, depthBlock(k));
            return;
        }
        Shared shared = workspaces.get().shared;
        try {
            shared.multiply(transA, transB, alpha, a, ai, lda, b, bi, ldb, beta, c, ci, m, n, k, rowBands);
        } finally {
            shared.clear();
        }
    }

    /**
     * Whether a product is shared in bands of rows of C, one per thread ({@link #rowBandHeight}), rather than in
     * {@link Shared}'s slices. Only when op(B) is read in place, so that no thread packs it:
     * <ul>
     * <li>below {@value #PARALLEL_MIN_WORK} multiply-adds (otherwise not shared at all), from
     * {@value #ROW_BANDS_MIN_WORK}, when every thread gets at least a tile's rows. A recurrent layer's step is such a
     * product followed by its cell, which {@link SplitCells} cuts at the same rows: the thread that computed a band
     * of gates activates it and computes the same rows of the next step's product, from its own cache. LSTM(28, 64)
     * at batch 64 on the 2-core Intel Xeon: 1.1x (float64) to 1.5x (float32) samples/s with the cells split too
     * (docs/performance.md, "A recurrent step's rows on both cores"). The products alone, split into columns or
     * with their cells on one core, had made the step slower (docs/performance.md, "The per-step products on two
     * cores").</li>
     * <li>above, when C is wider than high, every thread gets at least {@value #WIDE_BAND_MIN_ROWS} rows and op(B)
     * is at most {@value #WIDE_BAND_MAX_B_BYTES} bytes: the MNIST-size network's 64x784 by 784x256 in float32. Its
     * slices of columns each packed all of op(A), and their last had a narrow tail; in bands, each thread packs only
     * its rows of A and reads op(B), which stays in its cache, whole. On the Xeon, two threads, in one JVM: float32
     * 64x784 by 784x256 1.56x, 150x16 by 16x6400 1.26x, 64x512 by 512x512 1.14x; with op(B) larger, float32 16x150
     * by 150x6400 (8 rows a thread) 0.71x and float64 64x512 by 512x512 0.93x (docs/performance.md, "Wide products
     * in bands of rows").</li>
     * </ul>
     */
    private boolean sharesRowBands(boolean transB, double alpha, int ldb, int m, int n, int k, long work) {
        int threadCount = threads.threads();
        if (transB || alpha != 1.0 || packsB(ldb, rowBandHeight(m, threadCount, mr))) {
            return false;
        }
        if (work < PARALLEL_MIN_WORK) {
            return work >= ROW_BANDS_MIN_WORK && m >= threadCount * mr;
        }
        return m < n && m >= threadCount * WIDE_BAND_MIN_ROWS && (long) k * n * Double.BYTES <= WIDE_BAND_MAX_B_BYTES;
    }

    /**
     * Whether a product that {@link #sharesRowBands} above {@value #PARALLEL_MIN_WORK} multiply-adds is shared over
     * its depth instead ({@link DepthHalves}): on a team of two, with {@code beta == 0}, when its depth is two blocks
     * ({@code KC < k <= 2 KC}), one per thread. The MNIST-size network's 64x784 by 784x256 in float32 (two blocks of
     * 392), whose B, the weights, the step's update has just written: each thread reads the half of B it updated
     * (docs/performance.md, "The MNIST-size layer's weights on the core that updates them"). With beta 0 the product
     * on one thread writes the first block's sums to C and adds the second's, which is what {@link DepthHalves}
     * does, so the bits are the same.
     */
    private boolean splitsDepth(double beta, int k, long work) {
        return threads.threads() == 2 && beta == 0.0 && work >= PARALLEL_MIN_WORK && k > KC && k <= 2 * KC;
    }

    /**
     * Whether a shared product with A transposed and C at least as high as wide, a weight gradient {@code x^T g} such
     * as the MNIST-size network's 784x64 by 64x256, is cut into one slice of rows per thread at the row where a
     * product with C as its B would cut its depth ({@link #splitsDepth}): on a team of two, C of {@code KC} to
     * {@code 2 KC} rows. The caller computes the rows of the weight gradient that it updates ({@link SplitMaps#axpy}
     * cuts the update in halves) and multiplies in the next forward product's first depth block, so that they do not
     * cross to the other core. Any cut into rows gives the same bits.
     */
    private boolean slicesAsDepthHalves(boolean transA, int m, int n) {
        return transA && m >= n && threads.threads() == 2 && m > KC && m <= 2 * KC;
    }

    /**
     * Depth {@code p0 .. p0+kc} of {@code c = alpha * op(a) * b}, one block of the product {@link #multiply} computes
     * on one thread, on the caller's thread, written (not added) to the {@code m x n} C from {@code c[ci]}: the sums
     * that product adds to C for that block. For {@link DepthHalves}.
     */
    void multiplyDepth(boolean transA, double alpha, double[] a, int ai, int lda, double[] b, int bi, int ldb,
                       double[] c, int ci, int m, int n, int p0, int kc) {
        onOneThread(workspaces.get(), transA, false, alpha, a, transA ? ai + p0 * lda : ai + p0, lda, b,
                bi + p0 * ldb, ldb, 0.0, c, ci, n, 0, m, 0, n, kc);
    }

    /**
     * Height of the bands {@code rows} rows are cut into, one per thread of a team of {@code threads}: whole
     * multiples of {@code multiple} (the micro-kernel's tile rows), so that the product's bands and the cells' bands
     * ({@link SplitCells}) are the same rows.
     */
    static int rowBandHeight(int rows, int threads, int multiple) {
        return roundUp(ceilDiv(rows, threads), multiple);
    }

    /**
     * A product whose C is one row or one column, as dot products or as sums of scaled rows: packing would not be
     * repaid, and every tile of C would be at most a quarter full. When C is a column, op(B) is contiguous however
     * B is stored; likewise op(A) when C is a row.
     */
    private void vectorProduct(boolean transA, boolean transB, double alpha, double[] a, int ai, int lda,
                               double[] b, int bi, int ldb, double beta, double[] c, int ci, int m, int n, int k) {
        scale(beta, c, ci, m * n);
        if (n == 1 && !transA) {
            kernels.addRowDots(alpha, a, ai, lda, b, bi, k, c, ci, m);
        } else if (n == 1) {
            kernels.addRowCombination(alpha, b, bi, a, ai, lda, k, c, ci, m);
        } else if (transB) {
            kernels.addRowDots(alpha, b, bi, ldb, a, ai, k, c, ci, n);
        } else {
            kernels.addRowCombination(alpha, a, ai, b, bi, ldb, k, c, ci, n);
        }
    }

    /**
     * A small product through {@link ScalarKernels#smallProduct}: op(B) copied into the workspace in panels of the
     * kernels' vector length, the last panel padded with whatever the buffer held (those columns of C are computed
     * and dropped).
     */
    private void smallProduct(boolean transA, boolean transB, double alpha, double[] a, int ai, int lda, double[] b,
                              int bi, int ldb, double beta, double[] c, int ci, int m, int n, int k) {
        Workspace ws = workspaces.get();
        double[] panels = ws.packedB(roundUp(n, kernels.vectorLength()) * k);
        kernels.copyPanels(transB, b, bi, ldb, k, n, panels);
        kernels.smallProduct(alpha, a, ai, transA ? 1 : lda, transA ? lda : 1, panels, beta, c, ci, m, n, k,
                ws.tile(ScalarKernels.SMALL_TILE));
    }

    /**
     * A product of depth one, {@code C = beta * C + alpha * x y^T}, row by row with no packing. With {@code k == 1}
     * op(A) is a column and op(B) a row whose elements are contiguous in memory however A and B are transposed.
     */
    private void outerProduct(double alpha, double[] x, int xi, double[] y, int yi, double beta, double[] c, int ci,
                              int m, int n) {
        if (beta == 0.0) {
            kernels.outer(alpha, x, xi, y, yi, c, ci, m, n);
            return;
        }
        for (int i = 0; i < m; i++) {
            if (beta != 1.0) {
                kernels.scale(c, ci + i * n, beta, n);
            }
            kernels.axpy(alpha * x[xi + i], y, yi, c, ci + i * n, n);
        }
    }

    /**
     * Whether a product with A transposed, such as a weight gradient {@code X^T dZ}, is computed as its transpose:
     * when C's transpose fills the micro-kernel's tiles ({@code mr} rows by {@code nr} columns, counted whole) at
     * least {@value #TRANSPOSED_MIN_GAIN} times better than C, and the product is deep enough ({@value #KC}) to repay
     * copying C back, or C is narrower than a tile. A recurrent layer's {@code dG^T X}, 192x28 over 1,792 steps,
     * fills 58 % of its tiles and its transpose 88 %: 1.4x to 1.5x in CPU time on one thread (docs/performance.md,
     * "Narrow weight gradients computed transposed"). Only with A transposed: the transpose of an untransposed
     * product has both operands transposed, which packs slower (1792x192 by 192x28: 0.67x); nor at depth 64
     * (120x84: 0.8x).
     */
    private boolean fillsBetterTransposed(int m, int n, int k) {
        return n < m && (n < nr || k >= KC) && tileFill(n, m) > TRANSPOSED_MIN_GAIN * tileFill(m, n);
    }

    /** The share of the tiles covering a {@code rows x cols} C that C fills. */
    private double tileFill(int rows, int cols) {
        return (double) rows / roundUp(rows, mr) * cols / roundUp(cols, nr);
    }

    /**
     * {@code op(A) * op(B)} computed as {@code (op(B)^T * op(A)^T)^T} into the workspace, then added to C, when C's
     * transpose fills the tiles better ({@link #fillsBetterTransposed}): the same sums in the same order, only C's
     * rows and columns swap roles. Alpha scales the sums as they are added to C, not op(A)'s elements as they are
     * packed: with alpha 1 the inner product may read op(A) where it lies (a recurrent layer's gradient scaled by
     * 1 / batch, 192x28 over 1,792 steps: 1.09x packed with alpha, 1.4x to 1.6x in place).
     */
    private void transposedProduct(boolean transA, boolean transB, double alpha, double[] a, int ai, int lda,
                                   double[] b, int bi, int ldb, double beta, double[] c, int ci, int m, int n, int k) {
        double[] ct = workspaces.get().transposedC(n * m);
        multiply(!transB, !transA, 1.0, b, bi, ldb, a, ai, lda, 0.0, ct, 0, n, m, k);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int at = ci + i * n + j;
                c[at] = (beta == 0.0 ? 0.0 : beta == 1.0 ? c[at] : beta * c[at]) + alpha * ct[j * m + i];
            }
        }
    }

    /**
     * The packed product on the caller's thread, of the block of C from row {@code i0} to {@code i1} and column
     * {@code j0} to {@code j1} (all of C, or one slice of a {@link Shared} product); C starts at {@code c[ci]}, its
     * rows {@code ldc} apart, A at {@code a[ai]} and B at {@code b[bi]}.
     * Depth is cut into blocks of at most {@value #KC}, all of about the same size (see {@link #depthBlock}), so
     * that every element is summed in the same order whatever block it is computed in; with {@code beta == 0} the
     * first block writes C rather than adding to it, so C is never zeroed first.
     */
    private void onOneThread(Workspace ws, boolean transA, boolean transB, double alpha, double[] a, int ai, int lda,
                             double[] b, int bi, int ldb, double beta, double[] c, int ci, int ldc, int i0, int i1,
                             int j0, int j1, int k) {
        scaleBlock(beta, c, ci, ldc, i0, i1, j0, j1);
        int depth = depthBlock(k);
        boolean aInPlace = readsAInPlace(transA, i1 - i0, j1 - j0, k);
        for (int jc = j0; jc < j1; jc += columnBlock) {
            int nc = Math.min(columnBlock, j1 - jc);
            for (int pc = 0; pc < k; pc += depth) {
                int kc = Math.min(depth, k - pc);
                boolean accumulate = pc > 0 || beta != 0.0;
                double[] pb = b;
                int pbi = bi + pc * ldb + jc;
                int rowLength = ldb;
                if (!readsBInPlace(transB, alpha, b, bi, ldb, pc, kc, jc, nc, i1 - i0)) {
                    pb = ws.packedB(roundUp(nc, nr) * kc);
                    pbi = 0;
                    rowLength = 0;
                    packB(transB, alpha, b, bi, ldb, pc, kc, jc, nc, pb, 0);
                }
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    if (aInPlace) {
                        macroKernel(kc, accumulate, a, ai + ic * lda + pc, lda, mc, pb, pbi, rowLength, nc, c,
                                ci + ic * ldc + jc, ldc, ws.tile(mr * nr));
                        continue;
                    }
                    double[] pa = ws.packedA(roundUp(mc, mr) * kc);
                    packA(transA, a, ai, lda, ic, mc, pc, kc, pa, 0, ws.offsets());
                    macroKernel(kc, accumulate, pa, 0, 0, mc, pb, pbi, rowLength, nc, c, ci + ic * ldc + jc, ldc,
                            ws.tile(mr * nr));
                }
            }
        }
    }

    /** {@code C = beta * C} over rows {@code i0 .. i1} and columns {@code j0 .. j1}, unless beta is 0 or 1. */
    private void scaleBlock(double beta, double[] c, int ci, int ldc, int i0, int i1, int j0, int j1) {
        if (beta != 0.0 && beta != 1.0) {
            for (int i = i0; i < i1; i++) {
                kernels.scale(c, ci + i * ldc + j0, beta, j1 - j0);
            }
        }
    }

    /**
     * Whether the micro-kernel reads a block of op(B) where it lies instead of packed: B untransposed, no alpha to
     * fold into it, the whole vectors of the last panel inside the array (the columns past C's edge are dropped),
     * and B's rows not so far apart that its panels miss the cache (see {@link #packsB}). A product on one thread
     * is small enough for B to stay in cache unpacked: 32^3 1.13x to 1.16x, 64^3 1.12x to 1.14x. So does each slice
     * of a shared product (see {@link Shared}; 256^3 on two threads: 187 GFLOPS, against 162 with B packed).
     */
    private boolean readsBInPlace(boolean transB, double alpha, double[] b, int bi, int ldb, int pc, int kc, int jc,
                                  int nc, int rows) {
        int lastPanel = (nc - 1) / nr * nr;
        int end = jc + lastPanel + kernels.panelWidth(nc - lastPanel);
        return !transB && alpha == 1.0 && !packsB(ldb, rows) && bi + (long) (pc + kc - 1) * ldb + end <= b.length;
    }

    /**
     * Whether the micro-kernel reads op(A) where it lies instead of packed ({@link ScalarKernels#readsRowsInPlace})
     * for a block of C of {@code rows x cols}: A untransposed, its rows whole panels of {@code tileRows} rows (no
     * padding rows to read past A's last), all of it at most {@value #A_IN_PLACE_MAX_BYTES} bytes, and the product
     * at most {@value #SMALL_MAX_WORK} multiply-adds, so that A and B stay in L1 together (larger products were
     * not measured, and keep packing). Packing A (a gather of sixteen floats per vector) took a quarter of float32
     * 64^3 on one thread; read in place, about 1.1x in CPU time, float64 32^3 1.11x to 1.15x (docs/performance.md,
     * "Float32 GEMM at n = 64 on one thread"). Each element of C is the same sum in the same order, so the bits do
     * not change.
     */
    private boolean readsAInPlace(boolean transA, int rows, int cols, int k) {
        return !transA && kernels.readsRowsInPlace() && rows % mr == 0
                && (long) rows * k * Double.BYTES <= A_IN_PLACE_MAX_BYTES && (long) rows * cols * k <= SMALL_MAX_WORK;
    }

    /**
     * Whether B, its rows {@code ldb} elements apart, is packed for the cache's sake when {@code rows} rows of A
     * sweep it: always when the stride is a multiple of {@value #ALIASED_STRIDE} bytes, or from
     * {@value #FAR_STRIDE} bytes on when the rows are at least a block of A ({@value #MC}), enough to repay the
     * copy.
     */
    static boolean packsB(int ldb, int rows) {
        long stride = (long) ldb * Double.BYTES;
        return stride % ALIASED_STRIDE == 0 || stride >= FAR_STRIDE && rows >= MC;
    }

    /** Depth of the blocks {@code k} is cut into: at most {@value #KC}, all about the same (784 as 4 x 196). */
    private static int depthBlock(int k) {
        int blocks = (k + KC - 1) / KC;
        return (k + blocks - 1) / blocks;
    }

    /** {@code C = beta * C} over the {@code size} elements from {@code c[ci]}; with {@code beta == 0}, not read. */
    private void scale(double beta, double[] c, int ci, int size) {
        if (beta == 0.0) {
            Arrays.fill(c, ci, ci + size, 0.0);
        } else if (beta != 1.0) {
            kernels.scale(c, ci, beta, size);
        }
    }

    /**
     * Every tile of an {@code mc x nc} block of C: written by the micro-kernel straight into C when it covers a whole
     * tile that is overwritten, otherwise into {@code tile} and from there into C, added ({@code accumulate}) or not;
     * of tiles cut by the block's edge, only the part inside C. B's block starts at {@code pb[pbi]}: packed, with
     * alpha in it, when {@code rowLength} is 0 (the panel of column {@code jr} at {@code jr * kc}, its rows its width
     * apart), or B where it lies, its rows {@code rowLength} apart (see {@link #readsBInPlace}), in panels as
     * {@link #panelColumns} cuts them.
     * <p>
     * Each micro-panel of A sweeps every panel of the block of B before the next: A's micro-panel (the kernel's
     * broadcast operand, 16 KB at depth {@value #KC}) stays in L1 and the block of B (at most
     * {@value #B_BLOCK_BYTES} bytes packed) in L2, BLIS's order with the operands' roles as this kernel has them;
     * C is written a band of {@code tileRows} rows at a time, along its rows. The other order kept a panel of B in
     * L1, which at 512 x 48 floats (96 KB) it did not fit. Each element is the same sum either way.
     */
    private void macroKernel(int kc, boolean accumulate, double[] pa, int pai, int aRowLength, int mc, double[] pb,
                             int pbi, int rowLength, int nc, double[] c, int ci, int ldc, double[] tile) {
        for (int ir = 0; ir < mc; ir += mr) {
            int rows = Math.min(mr, mc - ir);
            for (int jr = 0, cols; jr < nc; jr += cols) {
                cols = panelColumns(nc - jr, rowLength > 0);
                int width = kernels.panelWidth(cols);
                int rowStep = rowLength > 0 ? rowLength : width;
                int bi = pbi + (rowLength > 0 ? jr : jr * kc);
                int at = ci + ir * ldc + jr;
                boolean direct = rows == mr && cols == width && !accumulate;
                double[] out = direct ? c : tile;
                int oi = direct ? at : 0;
                int ldo = direct ? ldc : nr;
                if (aRowLength > 0) {
                    kernels.multiplyRowsInPlace(kc, pa, pai + ir * aRowLength, aRowLength, pb, bi, rowStep, width,
                            out, oi, ldo);
                } else {
                    kernels.multiply(kc, pa, pai + ir * kc, pb, bi, rowStep, width, out, oi, ldo);
                }
                if (!direct) {
                    kernels.storeTile(tile, accumulate, c, at, ldc, rows, cols);
                }
            }
        }
    }

    /**
     * Columns of the panel of C that starts {@code remaining} columns before the block's end: a whole tile, or what
     * is left. Where B is read in place ({@code inPlace}), a tile followed by one vector's columns or fewer is cut
     * into two panels of about half instead, so that no panel is one vector wide: the micro-kernel of one vector
     * keeps eight accumulators, as many as two FMA pipes of four cycles keep busy, and loads nine times for eight
     * FMAs. Float32 64^3 (48 + 16 columns, now 32 + 32): 1.04x and 1.05x in CPU time, float64 32^3 1.06x and
     * 1.08x (docs/performance.md, "Float32 GEMM at n = 64"). Each element of C is the same sum in the same order
     * whatever panel computes it, so the bits do not change. Packed panels keep the packing's widths.
     */
    int panelColumns(int remaining, boolean inPlace) {
        int vector = kernels.vectorLength();
        if (!inPlace || remaining <= nr || remaining > nr + vector || kernels.panelWidth(vector) != vector) {
            return Math.min(nr, remaining);
        }
        return roundUp(remaining / 2, vector);
    }

    /**
     * Copies {@code op(A)[ic .. ic+mc, pc .. pc+kc]} (A from {@code a[ai]}) into {@code pa} as panels of
     * {@code mr} rows, each stored column by column (element (i, p) of a panel at {@code p * mr + i}, panels
     * {@code mr * kc} apart); the last panel's rows past the edge hold anything (their products are computed and
     * dropped). Columns of a transposed A are rows of A as stored, so that case copies runs of {@code mr} elements,
     * as B's panels are copied. {@code offsets} is the scratch {@link ScalarKernels#packEightRows} gathers through.
     */
    private void packA(boolean transA, double[] a, int ai, int lda, int ic, int mc, int pc, int kc, double[] pa,
                       int pai, int[] offsets) {
        for (int panel = 0; panel < mc; panel += mr) {
            int rows = Math.min(mr, mc - panel);
            int dst = pai + panel * kc;
            if (transA) {
                kernels.copyPanel(a, ai + pc * lda + ic + panel, lda, kc, rows, pa, dst, mr);
            } else if (rows == 8 && mr == 8) {
                kernels.packEightRows(a, ai + (ic + panel) * lda + pc, lda, kc, pa, dst, offsets);
            } else {
                for (int i = 0; i < rows; i++) {
                    int src = ai + (ic + panel + i) * lda + pc;
                    for (int p = 0; p < kc; p++) {
                        pa[dst + p * mr + i] = a[src + p];
                    }
                }
            }
        }
    }

    /**
     * Packs {@code alpha * op(B)[pc .. pc+kc, jc .. jc+nc]} (B from {@code b[bi]}) as micro-panels of {@code nr}
     * columns, the last one {@link ScalarKernels#panelWidth} of its columns wide: element (p, j) of the panel
     * starting at column {@code jr} goes to {@code pb[jr * kc + p * width + j]}; columns past the edge hold anything
     * (their products are computed and dropped). Only the last panel of {@code nc} columns can be narrow, so blocks of C that start at multiples
     * of {@code nr} find their panels where they were packed. Scaling B as it is packed, rather than each tile of
     * C, lets a weight gradient {@code X^T G / n} be written by the micro-kernel straight into C (784x64 by 64x256
     * with alpha 1/64, the MNIST-size network's: 1.06x to 1.18x).
     */
    private void packB(boolean transB, double alpha, double[] b, int bi, int ldb, int pc, int kc, int jc, int nc,
                       double[] pb, int pbi) {
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            int width = kernels.panelWidth(cols);
            int base = pbi + jr * kc;
            if (transB) {
                for (int j = 0; j < cols; j++) {
                    int src = bi + (jc + jr + j) * ldb + pc;
                    for (int p = 0; p < kc; p++) {
                        pb[base + p * width + j] = alpha * b[src + p];
                    }
                }
            } else {
                kernels.copyPanel(b, bi + pc * ldb + jc + jr, ldb, kc, cols, pb, base, width);
                if (alpha != 1.0) {
                    kernels.scale(pb, base, alpha, kc * width);
                }
            }
        }
    }

    private static int ceilDiv(int value, int divisor) {
        return (value + divisor - 1) / divisor;
    }

    private static int roundUp(int value, int multiple) {
        return ceilDiv(value, multiple) * multiple;
    }

    /**
     * A product shared with {@link BandThreads}: C cut into {@value #SLICES_PER_THREAD} slices per thread, of rows
     * when op(A) has at least as many rows as op(B) has columns, else of columns, each computed whole by the thread
     * that claims it as a product of its own ({@link #onOneThread}), packing its own blocks. A slice of columns
     * repacks op(A), the smaller operand; in exchange no packed block and no tile of C passes from one core to the
     * other. Here that traffic decided the speed: a cache line took 240 ns to cross between this machine's two
     * cores, and when the team packed op(A) and op(B) together and shared out blocks of C, each core ran at 60 % of
     * its speed alone. Cut in slices, float64 256^3 ran 1.55x faster (120 to 186 GFLOPS), 128^3 1.5x and 512^3
     * 1.2x, 1024^3 2 % slower; float32 256^3 1.58x and 1024^3 1.09x (docs/performance.md). Slices of rows share
     * op(B) when the product on one thread would pack it ({@link #sliceOnSharedB}): packed once, each panel by the
     * first slice that needs it, rather than once per slice (float32 1024^3: four times, about a tenth of each
     * thread's time) or read in place by slices of fewer rows than a block of A (512^3: four slices of 128 rows,
     * B's rows 2 KB apart); float32 on two threads, in CPU time, 512^3 1.04x to 1.17x, 1024^3 1.03x to 1.08x
     * (docs/performance.md, "Two threads on one packed B"). A second slice per thread lets a core that runs late
     * leave one to the other. A product that {@link #sharesRowBands} is cut into one band of rows per
     * thread instead. Every element is summed in the order of the one-thread product. Reinitialised and reused by
     * every parallel product of the thread that owns it.
     */
    private final class Shared implements IntConsumer {
        /** Slices of C per thread in the team. */
        private static final int SLICES_PER_THREAD = 2;
        /**
         * Elements of packed op(B) up to which slices of rows share it packed whole ({@link #sliceOnSharedB}): 1024^3
         * needs about 1.1 million; beyond 2^21 (16 MB in float64) each slice packs its own blocks again, so that a
         * deep or wide product does not keep a buffer the size of B per calling thread.
         */
        private static final long SHARED_B_MAX = 1L << 21;
        /** Atomic access to {@link #panelStates}' elements. */
        private static final VarHandle STATES = MethodHandles.arrayElementVarHandle(int[].class);

        private boolean transA;
        private boolean transB;
        private double alpha;
        private double[] a;
        private int ai;
        private int lda;
        private double[] b;
        private int bi;
        private int ldb;
        private double beta;
        private double[] c;
        private int ci;
        private int m;
        private int n;
        private int k;
        private boolean byRows;
        private int step;
        /** Whether the slices share op(B) packed once ({@link #sliceOnSharedB}) instead of each packing its own. */
        private boolean sharesB;
        private int depth;
        private int panels;
        /** Op(B) packed whole, depth block {@code pc} from {@code pc * roundUp(n, nr)}, for every slice. */
        private double[] packedB = new double[0];
        /**
         * State of each panel of {@link #packedB}, depth block by depth block: {@link #serial} while a thread packs
         * it, {@code serial + 1} once packed, anything else before (left from earlier products).
         */
        private int[] panelStates = new int[0];
        private int serial;

        void multiply(boolean transA, boolean transB, double alpha, double[] a, int ai, int lda, double[] b, int bi,
                      int ldb, double beta, double[] c, int ci, int m, int n, int k, boolean rowBands) {
            this.transA = transA;
            this.transB = transB;
            this.alpha = alpha;
            this.a = a;
            this.ai = ai;
            this.lda = lda;
            this.b = b;
            this.bi = bi;
            this.ldb = ldb;
            this.beta = beta;
            this.c = c;
            this.ci = ci;
            this.m = m;
            this.n = n;
            this.k = k;
            int units = SLICES_PER_THREAD * threads.threads();
            if (rowBands) {
                byRows = true;
                step = rowBandHeight(m, threads.threads(), mr);
            } else if (slicesAsDepthHalves(transA, m, n)) {
                byRows = true;
                step = depthBlock(m);
            } else {
                byRows = m >= n;
                step = byRows ? roundUp(ceilDiv(m, units), mr) : roundUp(ceilDiv(n, units), nr);
            }
            sharesB = byRows && !rowBands && (long) roundUp(n, nr) * k <= SHARED_B_MAX
                    && !readsBInPlace(transB, alpha, b, bi, ldb, 0, k, 0, n, m);
            if (sharesB) {
                prepareSharedB();
            }
            threads.run(this, ceilDiv(byRows ? m : n, step));
        }

        /** Sizes {@link #packedB} and {@link #panelStates} for this product and marks every panel unpacked. */
        private void prepareSharedB() {
            depth = depthBlock(k);
            panels = ceilDiv(n, nr);
            int states = ceilDiv(k, depth) * panels;
            if (packedB.length < roundUp(n, nr) * k) {
                packedB = new double[roundUp(n, nr) * k];
            }
            if (panelStates.length < states || serial > Integer.MAX_VALUE - 2) {
                panelStates = new int[Math.max(states, panelStates.length)];
                serial = 0;
            }
            serial += 2;
        }

        /**
         * Rows {@code i0 .. i1} of C as {@link #onOneThread} computes them, the same sums in the same order, but with
         * op(B) read from {@link #packedB}: the first slice to need a panel packs it for all ({@link #packedPanel}),
         * so op(B) is packed once per product rather than once per slice, and a slice of fewer rows than a block of
         * A ({@value #MC}) still reads it packed. The panels are taken in blocks of {@link #columnBlock} columns, as
         * {@link #onOneThread} packs them, so that a block stays in L2 while A's micro-panels sweep it
         * ({@link #macroKernel}). {@code backwards} slices take the blocks, and the panels in each, from the last,
         * so that the first slices of two threads pack different panels; a block with a panel that another thread
         * is packing is left for after the others (blocks are columns of C apart, so their order does not change a
         * sum), and only then waited for.
         */
        private void sliceOnSharedB(Workspace ws, int i0, int i1, boolean backwards) {
            scaleBlock(beta, c, ci, n, i0, i1, 0, n);
            int blocks = ceilDiv(n, columnBlock);
            int[] deferred = ws.deferredBlocks(blocks);
            for (int pc = 0, depthBlock = 0; pc < k; pc += depth, depthBlock++) {
                int kc = Math.min(depth, k - pc);
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    double[] pa = ws.packedA(roundUp(mc, mr) * kc);
                    packA(transA, a, ai, lda, ic, mc, pc, kc, pa, 0, ws.offsets());
                    int waiting = 0;
                    for (int q = 0; q < blocks; q++) {
                        int block = backwards ? blocks - 1 - q : q;
                        if (packedBlock(depthBlock, block, pc, kc, backwards)) {
                            blockTimesA(ws, pa, ic, mc, pc, kc, block);
                        } else {
                            deferred[waiting++] = block;
                        }
                    }
                    for (int w = 0; w < waiting; w++) {
                        awaitBlock(depthBlock, deferred[w]);
                        blockTimesA(ws, pa, ic, mc, pc, kc, deferred[w]);
                    }
                }
            }
        }

        /**
         * Rows {@code ic .. ic+mc} of C in the columns of block {@code block} of {@link #columnBlock} columns, depth
         * {@code pc .. pc+kc}, A packed in {@code pa}.
         */
        private void blockTimesA(Workspace ws, double[] pa, int ic, int mc, int pc, int kc, int block) {
            int jc = block * columnBlock;
            macroKernel(kc, pc > 0 || beta != 0.0, pa, 0, 0, mc, packedB, pc * roundUp(n, nr) + jc * kc, 0,
                    Math.min(columnBlock, n - jc), c, ci + ic * n + jc, n, ws.tile(mr * nr));
        }

        /**
         * Whether every panel of block {@code block} of columns, depth block {@code depthBlock} (depth
         * {@code pc .. pc+kc}), is packed on return: packs those no thread has claimed ({@link #packedPanel}), from
         * the last if {@code backwards}; false if another thread is packing one of them.
         */
        private boolean packedBlock(int depthBlock, int block, int pc, int kc, boolean backwards) {
            int first = block * columnBlock / nr;
            int end = Math.min(panels, first + columnBlock / nr);
            boolean packed = true;
            for (int p = first; p < end; p++) {
                int panel = backwards ? first + end - 1 - p : p;
                if (!packedPanel(depthBlock * panels + panel, pc, kc, panel * nr)) {
                    packed = false;
                }
            }
            return packed;
        }

        /** Returns once every panel of block {@code block} of columns, depth block {@code depthBlock}, is packed. */
        private void awaitBlock(int depthBlock, int block) {
            int first = block * columnBlock / nr;
            int end = Math.min(panels, first + columnBlock / nr);
            for (int panel = first; panel < end; panel++) {
                awaitPanel(depthBlock * panels + panel);
            }
        }

        /**
         * Whether panel {@code state} of {@link #packedB} (depth {@code pc .. pc+kc}, from column {@code jr}) is
         * packed on return: packs it if no thread has claimed it; false if another thread is packing it.
         */
        private boolean packedPanel(int state, int pc, int kc, int jr) {
            int seen = (int) STATES.getAcquire(panelStates, state);
            if (seen == serial + 1) {
                return true;
            }
            if (seen == serial || !STATES.compareAndSet(panelStates, state, seen, serial)) {
                return false;
            }
            try {
                packB(transB, alpha, b, bi, ldb, pc, kc, jr, Math.min(nr, n - jr), packedB,
                        pc * roundUp(n, nr) + jr * kc);
            } finally {
                STATES.setRelease(panelStates, state, serial + 1);
            }
            return true;
        }

        /**
         * Returns once another thread has packed panel {@code state}: one panel takes microseconds (512 x 48
         * floats), so the wait is short unless that thread lost its core, when the wait yields to it.
         */
        private void awaitPanel(int state) {
            long since = System.nanoTime();
            while ((int) STATES.getAcquire(panelStates, state) != serial + 1) {
                BandThreads.pause(since);
            }
        }

        void clear() {
            a = null;
            b = null;
            c = null;
        }

        @Override
        public void accept(int unit) {
            Workspace ws = workspaces.get();
            int from = unit * step;
            if (sharesB) {
                sliceOnSharedB(ws, from, Math.min(m, from + step), unit % 2 == 1);
            } else if (byRows) {
                onOneThread(ws, transA, transB, alpha, a, ai, lda, b, bi, ldb, beta, c, ci, n, from,
                        Math.min(m, from + step), 0, n, k);
            } else {
                onOneThread(ws, transA, transB, alpha, a, ai, lda, b, bi, ldb, beta, c, ci, n, 0, m, from,
                        Math.min(n, from + step), k);
            }
        }
    }

    /** One thread's packing buffers, grown on demand and then reused by every call on that thread. */
    private final class Workspace {
        private double[] packedA = new double[0];
        private double[] packedB = new double[0];
        private double[] tile = new double[0];
        private double[] transposedC = new double[0];
        private int[] deferredBlocks = new int[0];
        private final int[] offsets = new int[kernels.vectorLength()];
        final Shared shared = new Shared();

        double[] packedA(int size) {
            if (packedA.length < size) {
                packedA = new double[size];
            }
            return packedA;
        }

        double[] packedB(int size) {
            if (packedB.length < size) {
                packedB = new double[size];
            }
            return packedB;
        }

        double[] transposedC(int size) {
            if (transposedC.length < size) {
                transposedC = new double[size];
            }
            return transposedC;
        }

        /**
         * Scratch for the blocks of columns a slice of a shared product leaves for later
         * ({@code Shared.sliceOnSharedB}).
         */
        int[] deferredBlocks(int size) {
            if (deferredBlocks.length < size) {
                deferredBlocks = new int[size];
            }
            return deferredBlocks;
        }

        /** Scratch of one vector's lanes for {@link ScalarKernels#packEightRows}. */
        int[] offsets() {
            return offsets;
        }

        double[] tile(int size) {
            if (tile.length < size) {
                tile = new double[size];
            }
            return tile;
        }
    }
}
