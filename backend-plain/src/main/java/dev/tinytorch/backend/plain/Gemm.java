package dev.tinytorch.backend.plain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * General matrix multiply over row-major arrays, organised as in BLIS / GotoBLAS: op(B) is packed in blocks of
 * {@value #KC} rows into micro-panels {@code tileCols} wide, which the micro-kernel of {@link ScalarKernels} reads
 * sequentially whatever the transposes; op(A) is packed in blocks of {@value #MC} rows into panels {@code tileRows}
 * high, stored column by column, so that the kernel reads both operands at constant steps. Small products skip
 * packing (see {@link #SMALL_MAX_WORK}). Products with more than {@value #PARALLEL_MIN_WORK} multiply-adds are split
 * into bands of C over the common fork-join pool; smaller ones run on the caller's thread. Once the packing buffers
 * have grown to size, neither allocates, on any thread.
 */
final class Gemm {

    /** Depth of a packed block: a {@code KC x tileCols} panel of B stays in L1 while the kernel sweeps A. */
    static final int KC = 256;
    /** Rows of A packed at once; an {@code MC x KC} block stays in L2. */
    static final int MC = 192;
    /** Columns of B packed at once. */
    static final int NC = 4096;
    /**
     * Multiply-adds up to which a product with C narrower than {@value #SMALL_MAX_COLS} skips packing and blocking
     * (the seed network's products, such as 64x30 by 30x20, and the MNIST-size network's last layer): op(B) is
     * copied in panels one vector wide, so its padding is less than a vector instead of less than a micro-panel,
     * and A is read where it lies, transposed or not. Measured against packing: 1.2x on 256x64^T by 64x10, 0.67x
     * on 64x256 by 256x10, which the micro-kernel used to read with A in place (a second kernel, dropped: no
     * difference on either network's training step).
     */
    static final long SMALL_MAX_WORK = 1L << 18;
    /** See {@link #SMALL_MAX_WORK}. */
    static final int SMALL_MAX_COLS = 64;
    /** Multiply-adds below which splitting over threads costs more than it saves. */
    static final long PARALLEL_MIN_WORK = 1L << 21;

    private final ScalarKernels kernels;
    private final int mr;
    private final int nr;
    private final ThreadLocal<Workspace> workspaces = ThreadLocal.withInitial(Workspace::new);

    Gemm(ScalarKernels kernels) {
        this.kernels = kernels;
        this.mr = kernels.tileRows();
        this.nr = kernels.tileCols();
    }

    /**
     * {@code c = alpha * op(a) * op(b) + beta * c} with {@code op(a)} of shape {@code m x k} and {@code op(b)} of
     * {@code k x n}; {@code lda} and {@code ldb} are the row lengths of {@code a} and {@code b} as stored, and C's
     * row length is {@code n}. With {@code beta == 0} C is not read; with {@code alpha == 0} A and B are not read.
     */
    void multiply(boolean transA, boolean transB, double alpha, double[] a, int lda, double[] b, int ldb,
                  double beta, double[] c, int m, int n, int k) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0.0) {
            scale(beta, c, n, 0, m, 0, n);
            return;
        }
        if (m == 1 || n == 1) {
            vectorProduct(transA, transB, alpha, a, lda, b, ldb, beta, c, m, n, k);
            return;
        }
        if (k == 1) {
            outerProduct(alpha, a, b, beta, c, m, n);
            return;
        }
        if (n < SMALL_MAX_COLS && (long) m * n * k <= SMALL_MAX_WORK) {
            smallProduct(transA, transB, alpha, a, lda, b, ldb, beta, c, m, n, k);
            return;
        }
        if (transA && n < nr && m >= nr) {
            transposedProduct(transB, alpha, a, lda, b, ldb, beta, c, m, n, k);
            return;
        }
        int bands = bands(m, n, k);
        if (bands <= 1) {
            band(workspaces.get(), transA, transB, alpha, a, lda, b, ldb, beta, c, n, k, 0, m, 0, n);
            return;
        }
        boolean byRows = m / mr >= n / nr;
        int extent = byRows ? m : n;
        int step = byRows ? mr : nr;
        int perBand = (extent / step + bands - 1) / bands * step;
        // Bands after the first go to reused tasks, each with its own workspace held by the caller's, because
        // the common pool's workers forget their thread-locals after every task (JDK 17). The caller runs the
        // first band itself and then parks until the others are done: a blocking join would allocate a node.
        Workspace ws = workspaces.get();
        int forked = (extent + perBand - 1) / perBand - 1;
        ws.running.set(forked);
        for (int i = 1; i <= forked; i++) {
            int from = i * perBand;
            int to = Math.min(extent, from + perBand);
            BandTask task = ws.band(i - 1);
            task.set(transA, transB, alpha, a, lda, b, ldb, beta, c, n, k,
                    byRows ? from : 0, byRows ? to : m, byRows ? 0 : from, byRows ? n : to);
            task.fork();
        }
        try {
            band(ws, transA, transB, alpha, a, lda, b, ldb, beta, c, n, k,
                    0, byRows ? Math.min(extent, perBand) : m, 0, byRows ? n : Math.min(extent, perBand));
        } finally {
            ws.awaitBands(forked);
        }
    }

    /**
     * A product whose C is one row or one column, as dot products or as sums of scaled rows: packing would not be
     * repaid, and every tile of C would be at most a quarter full. When C is a column, op(B) is contiguous however
     * B is stored; likewise op(A) when C is a row.
     */
    private void vectorProduct(boolean transA, boolean transB, double alpha, double[] a, int lda, double[] b,
                               int ldb, double beta, double[] c, int m, int n, int k) {
        scale(beta, c, n, 0, m, 0, n);
        if (n == 1 && !transA) {
            for (int i = 0; i < m; i++) {
                c[i] += alpha * kernels.dot(a, i * lda, b, 0, k);
            }
        } else if (n == 1) {
            kernels.addRowCombination(alpha, b, a, 0, lda, k, c, 0, m);
        } else if (transB) {
            for (int j = 0; j < n; j++) {
                c[j] += alpha * kernels.dot(a, 0, b, j * ldb, k);
            }
        } else {
            kernels.addRowCombination(alpha, a, b, 0, ldb, k, c, 0, n);
        }
    }

    /**
     * A small product through {@link ScalarKernels#smallProduct}: op(B) copied into the workspace in panels of the
     * kernels' vector length, the last panel padded with whatever the buffer held (those columns of C are computed
     * and dropped).
     */
    private void smallProduct(boolean transA, boolean transB, double alpha, double[] a, int lda, double[] b, int ldb,
                              double beta, double[] c, int m, int n, int k) {
        Workspace ws = workspaces.get();
        int lanes = kernels.vectorLength();
        double[] panels = ws.packedB(roundUp(n, lanes) * k);
        for (int j0 = 0; j0 < n; j0 += lanes) {
            int width = Math.min(lanes, n - j0);
            int base = j0 * k;
            for (int p = 0; p < k; p++) {
                int to = base + p * lanes;
                for (int j = 0; j < width; j++) {
                    panels[to + j] = transB ? b[(j0 + j) * ldb + p] : b[p * ldb + j0 + j];
                }
            }
        }
        kernels.smallProduct(alpha, a, 0, transA ? 1 : lda, transA ? lda : 1, panels, beta, c, m, n, k,
                ws.tile(ScalarKernels.SMALL_TILE));
    }

    /**
     * A product of depth one, {@code C = beta * C + alpha * x y^T}, row by row with no packing. With {@code k == 1}
     * op(A) is a column and op(B) a row whose elements are contiguous in memory however A and B are transposed.
     */
    private void outerProduct(double alpha, double[] x, double[] y, double beta, double[] c, int m, int n) {
        if (beta == 0.0) {
            kernels.outer(alpha, x, y, c, m, n);
            return;
        }
        for (int i = 0; i < m; i++) {
            if (beta != 1.0) {
                kernels.scale(c, i * n, beta, n);
            }
            kernels.axpy(alpha * x[i], y, 0, c, i * n, n);
        }
    }

    /**
     * {@code op(A)^T * op(B)} with C narrower than a tile, such as a weight gradient {@code H^T * dZ} of a layer
     * with few outputs, computed as {@code (op(B)^T * A)^T}, so that the tiles of C^T are full in width where
     * those of C would use a few of their columns (10 of 16 for ten outputs). Products this narrow up to
     * {@value #SMALL_MAX_WORK} multiply-adds take the small path first.
     */
    private void transposedProduct(boolean transB, double alpha, double[] a, int lda, double[] b, int ldb,
                                   double beta, double[] c, int m, int n, int k) {
        double[] ct = workspaces.get().transposedC(n * m);
        multiply(!transB, false, alpha, b, ldb, a, lda, 0.0, ct, n, m, k);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int at = i * n + j;
                c[at] = (beta == 0.0 ? 0.0 : beta == 1.0 ? c[at] : beta * c[at]) + ct[j * m + i];
            }
        }
    }

    /** How many bands to split a product into: one unless it is large and there are cores to share it. */
    private int bands(int m, int n, int k) {
        if ((long) m * n * k < PARALLEL_MIN_WORK) {
            return 1;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return Math.max(1, Math.min(cores, Math.max(m / mr, n / nr)));
    }

    /**
     * The product restricted to rows {@code [r0, r1)} and columns {@code [c0, c1)} of C. Depth is cut into blocks
     * of at most {@value #KC}, all of about the same size (784 as 4 x 196, not 3 x 256 + 16); with {@code beta == 0}
     * the first block writes C rather than adding to it, so C is never zeroed first.
     */
    private void band(Workspace ws, boolean transA, boolean transB, double alpha, double[] a, int lda, double[] b,
                      int ldb, double beta, double[] c, int ldc, int k, int r0, int r1, int c0, int c1) {
        if (beta != 0.0) {
            scale(beta, c, ldc, r0, r1, c0, c1);
        }
        int depthBlocks = (k + KC - 1) / KC;
        int depth = (k + depthBlocks - 1) / depthBlocks;
        for (int jc = c0; jc < c1; jc += NC) {
            int nc = Math.min(NC, c1 - jc);
            for (int pc = 0; pc < k; pc += depth) {
                int kc = Math.min(depth, k - pc);
                boolean accumulate = pc > 0 || beta != 0.0;
                double[] pb = ws.packedB(roundUp(nc, nr) * kc);
                packB(transB, b, ldb, pc, kc, jc, nc, pb);
                for (int ic = r0; ic < r1; ic += MC) {
                    int mc = Math.min(MC, r1 - ic);
                    double[] pa = ws.packedA(roundUp(mc, mr) * kc);
                    packA(transA, a, lda, ic, mc, pc, kc, pa);
                    macroKernel(kc, alpha, accumulate, pa, mc, pb, nc, c, ic * ldc + jc, ldc, ws.tile(mr * nr));
                }
            }
        }
    }

    private void scale(double beta, double[] c, int ldc, int r0, int r1, int c0, int c1) {
        if (beta == 1.0) {
            return;
        }
        if (beta == 0.0 && c0 == 0 && c1 == ldc) {
            Arrays.fill(c, r0 * ldc, r1 * ldc, 0.0);
            return;
        }
        for (int r = r0; r < r1; r++) {
            if (beta == 0.0) {
                Arrays.fill(c, r * ldc + c0, r * ldc + c1, 0.0);
            } else {
                kernels.scale(c, r * ldc + c0, beta, c1 - c0);
            }
        }
    }

    /**
     * Every tile of an {@code mc x nc} block of C: written by the micro-kernel straight into C when it covers a whole
     * tile that is overwritten with {@code alpha == 1}, otherwise into {@code tile} and from there scaled into C,
     * added ({@code accumulate}) or not; of tiles cut by the block's edge, only the part inside C.
     */
    private void macroKernel(int kc, double alpha, boolean accumulate, double[] pa, int mc, double[] pb, int nc,
                             double[] c, int ci, int ldc, double[] tile) {
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            for (int ir = 0; ir < mc; ir += mr) {
                int rows = Math.min(mr, mc - ir);
                int at = ci + ir * ldc + jr;
                if (rows == mr && cols == nr && !accumulate && alpha == 1.0) {
                    kernels.multiply(kc, pa, ir * kc, pb, jr * kc, c, at, ldc);
                } else {
                    kernels.multiply(kc, pa, ir * kc, pb, jr * kc, tile, 0, nr);
                    kernels.storeTile(alpha, tile, accumulate, c, at, ldc, rows, cols);
                }
            }
        }
    }

    /**
     * Copies {@code op(A)[ic .. ic+mc, pc .. pc+kc]} into {@code pa} as panels of {@code mr} rows, each stored column
     * by column (element (i, p) of a panel at {@code p * mr + i}, panels {@code mr * kc} apart), and pads the last
     * panel with rows of zeros. Columns of a transposed A are rows of A as stored, so that case copies runs of
     * {@code mr} elements.
     */
    private void packA(boolean transA, double[] a, int lda, int ic, int mc, int pc, int kc, double[] pa) {
        for (int panel = 0; panel < mc; panel += mr) {
            int rows = Math.min(mr, mc - panel);
            int dst = panel * kc;
            if (rows < mr) {
                Arrays.fill(pa, dst, dst + mr * kc, 0.0);
            }
            if (transA) {
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(a, (pc + p) * lda + ic + panel, pa, dst + p * mr, rows);
                }
            } else {
                for (int i = 0; i < rows; i++) {
                    int src = (ic + panel + i) * lda + pc;
                    for (int p = 0; p < kc; p++) {
                        pa[dst + p * mr + i] = a[src + p];
                    }
                }
            }
        }
    }

    /**
     * Packs {@code op(B)[pc .. pc+kc, jc .. jc+nc]} as micro-panels of {@code nr} columns: element (p, j) of the
     * panel starting at column {@code jr} goes to {@code pb[jr * kc + p * nr + j]}; columns past the edge are zero.
     */
    private void packB(boolean transB, double[] b, int ldb, int pc, int kc, int jc, int nc, double[] pb) {
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            int base = jr * kc;
            if (cols < nr) {
                Arrays.fill(pb, base, base + kc * nr, 0.0);
            }
            if (transB) {
                for (int j = 0; j < cols; j++) {
                    int src = (jc + jr + j) * ldb + pc;
                    for (int p = 0; p < kc; p++) {
                        pb[base + p * nr + j] = b[src + p];
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(b, (pc + p) * ldb + jc + jr, pb, base + p * nr, cols);
                }
            }
        }
    }

    private static int roundUp(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    /**
     * One band of a product split over threads, with the workspace it packs into; reinitialised and reused by
     * every parallel product of the thread that owns it.
     */
    private final class BandTask extends RecursiveAction {
        private final Workspace ws = new Workspace();
        private final Workspace caller;
        private boolean transA;
        private boolean transB;
        private double alpha;
        private double[] a;
        private int lda;
        private double[] b;
        private int ldb;
        private double beta;
        private double[] c;
        private int ldc;
        private int k;
        private int r0;
        private int r1;
        private int c0;
        private int c1;

        BandTask(Workspace caller) {
            this.caller = caller;
        }

        void set(boolean transA, boolean transB, double alpha, double[] a, int lda, double[] b, int ldb,
                 double beta, double[] c, int ldc, int k, int r0, int r1, int c0, int c1) {
            reinitialize();
            this.transA = transA;
            this.transB = transB;
            this.alpha = alpha;
            this.a = a;
            this.lda = lda;
            this.b = b;
            this.ldb = ldb;
            this.beta = beta;
            this.c = c;
            this.ldc = ldc;
            this.k = k;
            this.r0 = r0;
            this.r1 = r1;
            this.c0 = c0;
            this.c1 = c1;
        }

        @Override
        protected void compute() {
            try {
                band(ws, transA, transB, alpha, a, lda, b, ldb, beta, c, ldc, k, r0, r1, c0, c1);
            } finally {
                a = null;
                b = null;
                c = null;
                caller.bandDone();
            }
        }
    }

    /** One thread's packing buffers, grown on demand and then reused by every call on that thread. */
    private final class Workspace {
        private double[] packedA = new double[0];
        private double[] packedB = new double[0];
        private double[] tile = new double[0];
        private double[] transposedC = new double[0];
        private final List<BandTask> bands = new ArrayList<>();
        /** Forked bands of the current parallel product not yet done. */
        final AtomicInteger running = new AtomicInteger();
        private final Thread owner = Thread.currentThread();

        /** The task of forked band {@code index} of this thread's parallel products, made on first use. */
        BandTask band(int index) {
            while (bands.size() <= index) {
                bands.add(new BandTask(this));
            }
            return bands.get(index);
        }

        void bandDone() {
            if (running.decrementAndGet() == 0) {
                LockSupport.unpark(owner);
            }
        }

        /**
         * Waits for the first {@code forked} band tasks, running those no worker has taken yet, and rethrows what
         * any of them threw. A task is done for the pool a moment after it signals, hence the short spin before
         * it may be reinitialised.
         */
        void awaitBands(int forked) {
            for (int i = forked - 1; i >= 0; i--) {
                BandTask task = bands.get(i);
                if (task.tryUnfork()) {
                    task.invoke();
                }
            }
            while (running.get() > 0) {
                LockSupport.park(this);
            }
            for (int i = 0; i < forked; i++) {
                BandTask task = bands.get(i);
                while (!task.isDone()) {
                    Thread.onSpinWait();
                }
                task.join();
            }
        }

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

        double[] tile(int size) {
            if (tile.length < size) {
                tile = new double[size];
            }
            return tile;
        }
    }
}
