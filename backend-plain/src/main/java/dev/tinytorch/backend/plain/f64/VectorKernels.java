package dev.tinytorch.backend.plain.f64;

import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.ConvGeometry;
import dev.tinytorch.api.UnaryOp;
import dev.tinytorch.api.kernels.AlwaysDouble;
import dev.tinytorch.backend.plain.machine.TileShape;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The loops of {@link ScalarKernels} written with the JDK's incubating Vector API: a register-blocked gemm
 * micro-kernel (fused multiply-add, generated in {@link MicroKernels}, its shape a {@link TileShape} sized to the
 * vector registers), the reductions, and the element-wise loops of {@link VectorLoops} (through
 * {@link ElementLoops}), whose last few elements (fewer than one vector) go back to the scalar loops.
 *
 * <p>EXP, LOG, TANH and SIGMOID stay scalar ({@link Math}'s functions, as {@link UnaryOp} defines them). The Vector
 * API's forms of them give bits that depend on the JIT: computed lane by lane with {@link Math} until C2 compiles
 * the loop, then, on Linux x86-64, by Intel's SVML, which rounded 4.5 % of the exponentials in [-20, 0]
 * differently. So a model's weights depended on when the JIT got to the loop, hence on the load of the machine and
 * on what else ran in the process. The price, measured in one process against SVML (machine heavily loaded):
 * the MNIST-size step's 64x10 exponentials 5 to 11 instead of about 1 us (of a step of about 1,000), the seed
 * network's 64x1 sigmoid about 1 instead of 0.25 us, a 64x256 tanh about 1,000 instead of 50 to 90 us (see
 * docs/reproducibility.md).
 *
 * <p>The reductions ({@link #dot}, {@link #sum}, {@link #max}, {@link #rowDots}, {@link #addRowDots}) hand a range
 * too short for their vector loop to run to the scalar loop whole. Run with nothing to load, a loop's zero vectors
 * and lane reduction made C2, in some JVMs, leave the reduction out of line and box a vector per call for good (a
 * softmax row of ten floats in sixteen lanes: 7,680 bytes a step, JFR). The scalar loop gives the same bits: the
 * vector form adds its lanes' {@code +0.0} to the scalar loop's sum, which starts at {@code +0.0} and so is never
 * {@code -0.0}.
 *
 * <p>Only {@link KernelLoader} refers to this class, by name and only when the {@code jdk.incubator.vector} module
 * is present, so the backend runs without it.
 */
final class VectorKernels extends ScalarKernels {

    private static final VectorSpecies<Double> SPECIES = VectorLoops.SPECIES;
    private static final int LANES = VectorLoops.LANES;
    /**
     * Whether comparisons and blends (RELU, STEP, RELU_GRAD) compile to instructions. On two-lane vectors of
     * doubles they did not on x86 (JDK 17, measured under {@code -XX:MaxVectorSize=16} and {@code -XX:UseAVX=1}):
     * every vector was boxed and its lanes looped over, 120 KB and 23 us per 1,280-element RELU against 0.5 us for
     * the scalar loop, which made the seed network's step slower than on the scalar kernels. So at 128 bits they use
     * the scalar loops (in float32 too, untested there).
     */
    static final boolean MASKS_COMPILED = SPECIES.vectorBitSize() > 128;
    /**
     * Whether {@link #packEightRows} gathers: only when an index, an int, is as wide as an element (float32), so
     * that the index vector is the same shape as every other vector of the JVM. Float64's gathers take int indices
     * half as wide, a second shape of int vector, and in the order of backend-plain's whole test suite C2 then boxed
     * vectors (the small and MNIST-size training steps' allocation tests failed; alone they passed).
     */
    private static final boolean GATHERS = Double.BYTES == Integer.BYTES;
    /** Vectors a row of the recurrent cells must hold for {@link VectorCells}: see {@link #vectorCells}. */
    private static final int CELL_MIN_VECTORS = 2;

    /** The micro-kernel's tile of C, rows by vectors. */
    private final TileShape shape;

    /** Kernels whose gemm micro-kernel fits {@code registers} vector registers ({@link TileShape#of}). */
    VectorKernels(int registers) {
        this(TileShape.of(registers));
    }

    /** Kernels with a micro-kernel of {@code shape}, one of {@link MicroKernels#SHAPES}. */
    VectorKernels(TileShape shape) {
        this.shape = shape;
    }

    @Override
    public String toString() {
        return SPECIES.vectorBitSize() + "-bit Vector API kernels on double, " + tileRows() + "x" + tileCols()
                + " micro-kernel";
    }

    @Override
    int tileRows() {
        return shape.rows();
    }

    @Override
    int tileCols() {
        return shape.vectors() * LANES;
    }

    @Override
    int panelWidth(int cols) {
        return (cols + LANES - 1) / LANES * LANES;
    }

    /**
     * On {@link MicroKernels}' method for the shape and the panel's width (all of a tile, or fewer vectors for C's
     * last columns). Each of those methods keeps its accumulators and one step's vectors of B and of A in
     * registers: with 32 of them (AVX-512), 8x3 needs 28, for eleven loads per twenty-four FMAs, where two vectors
     * of B gave ten per sixteen; with 8x16 tiles, the broadcasts of A took a third of the slots of the port shared
     * with the multiply-adds (8x3 measured on packed panels in cache: 1.05x to 1.11x the 8x16 kernel); at 16
     * registers, 8x3's accumulators spill to the stack at every step, and 6x2 fits in 15. A's values of a step are
     * contiguous, at constant offsets from one index (measured 12 % faster than A's rows read where they lie).
     * Each method's bytecode is deliberately longer than C2's hot-method inlining limit (325 bytes): compiled on
     * its own, it never swells its caller past the node count beyond which C2 stops inlining the Vector API's
     * intrinsics (measured: an inlined 8x2 kernel ran at 4 GFLOPS). For the same reason it only stores its
     * accumulators: when it also added them to C, C2 ran out of its inlining budget in the last rows and compiled
     * their loads, multiply-adds and stores as Java loops over lanes (a fifth of the MNIST training step's
     * samples). Vectors are made where they are used, never kept in static fields: a constant vector flowing into
     * a loop keeps the loop's vectors boxed on the heap (measured: 0.6 instead of 50 GFLOPS).
     */
    @Override
    void multiply(int kc, double[] a, int ai, double[] b, int bi, int ldb, int width, double[] out, int oi, int ldo) {
        MicroKernels.multiply(shape.rows(), kc, a, ai, b, bi, ldb, width, out, oi, ldo);
    }

    @Override
    boolean readsRowsInPlace() {
        return true;
    }

    /** On {@link MicroKernels}' in-place form of the method {@link #multiply} calls. */
    @Override
    void multiplyRowsInPlace(int kc, double[] a, int ai, int lda, double[] b, int bi, int ldb, int width,
                             double[] out, int oi, int ldo) {
        MicroKernels.multiplyRowsInPlace(shape.rows(), kc, a, ai, lda, b, bi, ldb, width, out, oi, ldo);
    }

    /** Whole vectors of each row, then the last columns of a tile cut by C's edge one by one. */
    @Override
    void storeTile(double[] tile, boolean accumulate, double[] c, int ci, int ldc, int rows, int cols) {
        int vectorCols = cols / LANES * LANES;
        int width = tileCols();
        for (int i = 0, t = 0, at = ci; i < rows; i++, t += width, at += ldc) {
            for (int v = 0; v < vectorCols; v += LANES) {
                DoubleVector product = DoubleVector.fromArray(SPECIES, tile, t + v);
                if (accumulate) {
                    product.add(DoubleVector.fromArray(SPECIES, c, at + v)).intoArray(c, at + v);
                } else {
                    product.intoArray(c, at + v);
                }
            }
            for (int j = vectorCols; j < cols; j++) {
                c[at + j] = accumulate ? c[at + j] + tile[t + j] : tile[t + j];
            }
        }
    }

    @Override
    void map(UnaryOp op, double[] x, int xi, double[] out, int oi, int n) {
        int done = ElementLoops.map(op, x, xi, out, oi, n);
        super.map(op, x, xi + done, out, oi + done, n - done);
    }

    @Override
    void zip(BinaryOp op, double[] a, int ai, double[] b, int bi, double[] out, int oi, int n) {
        int done = ElementLoops.zip(op, a, ai, b, bi, out, oi, n);
        super.zip(op, a, ai + done, b, bi + done, out, oi + done, n - done);
    }

    @Override
    void zipScalar(BinaryOp op, double[] a, int ai, double b, double[] out, int oi, int n) {
        int done = ElementLoops.zipScalar(op, a, ai, b, out, oi, n);
        super.zipScalar(op, a, ai + done, b, out, oi + done, n - done);
    }

    @Override
    void affine(double[] x, int xi, double scale, double shift, double[] out, int oi, int n) {
        int done = ElementLoops.affine(x, xi, scale, shift, out, oi, n);
        super.affine(x, xi + done, scale, shift, out, oi + done, n - done);
    }

    @Override
    void clip(double[] x, int xi, double lo, double hi, double[] out, int oi, int n) {
        int done = ElementLoops.clip(x, xi, lo, hi, out, oi, n);
        super.clip(x, xi + done, lo, hi, out, oi + done, n - done);
    }

    @Override
    void axpy(double alpha, double[] x, int xi, double[] y, int yi, int n) {
        int done = NARROW ? VectorLoops.fusedAxpy(alpha, x, xi, y, yi, n) : VectorLoops.axpy(alpha, x, xi, y, yi, n);
        super.axpy(alpha, x, xi + done, y, yi + done, n - done);
    }

    /**
     * Whole vectors up to the panel's width, past the last of {@code cols} columns into the padding, while they lie
     * inside {@code b}; the rest by the scalar loop. Against an element or arraycopy per row: 1.23x to 1.36x on the
     * seed network's small products, whose panels are one vector wide.
     */
    @Override
    void copyPanel(double[] b, int from, int ldb, int rows, int cols, double[] panel, int to, int width) {
        int vectors = (cols + LANES - 1) / LANES;
        if (vectors > 3 || vectors * LANES > width) {
            super.copyPanel(b, from, ldb, rows, cols, panel, to, width);
            return;
        }
        int last = b.length - vectors * LANES;
        int p = 0;
        for (int src = from, dst = to; p < rows && src <= last; p++, src += ldb, dst += width) {
            DoubleVector.fromArray(SPECIES, b, src).intoArray(panel, dst);
            if (vectors > 1) {
                DoubleVector.fromArray(SPECIES, b, src + LANES).intoArray(panel, dst + LANES);
            }
            if (vectors > 2) {
                DoubleVector.fromArray(SPECIES, b, src + 2 * LANES).intoArray(panel, dst + 2 * LANES);
            }
        }
        super.copyPanel(b, from + p * ldb, ldb, rows - p, cols, panel, to + p * width, width);
    }

    /**
     * A vector of the panel at a time, gathered from the eight rows ({@code LANES / 8} steps of depth each), then
     * stored whole: float32 64^3 spent 28 % of its time in the scalar copy, which this runs 2.7x to 3.3x faster on
     * the Intel Xeon (docs/performance.md, "Float32 GEMM on an Intel Xeon"). Float64 (see {@link #GATHERS}),
     * vectors of fewer than eight lanes, and the last steps of depth take the scalar copy.
     */
    @Override
    void packEightRows(double[] a, int src, int lda, int kc, double[] pa, int dst, int[] offsets) {
        int steps = LANES / 8;
        if (!GATHERS || steps == 0 || LANES % 8 != 0 || kc < steps) {
            super.packEightRows(a, src, lda, kc, pa, dst, offsets);
            return;
        }
        for (int lane = 0; lane < LANES; lane++) {
            offsets[lane] = lane % 8 * lda + lane / 8;
        }
        int p = 0;
        for (int d = dst; p + steps <= kc; p += steps, d += LANES) {
            DoubleVector.fromArray(SPECIES, a, src + p, offsets, 0).intoArray(pa, d);
        }
        if (p < kc) {
            super.packEightRows(a, src + p, lda, kc - p, pa, dst + p * 8, offsets);
        }
    }

    /**
     * Blocks of four rows of A by two rows of B, eight sums side by side: six loads for eight multiply-adds, where
     * one dot product at a time takes two for one. The rows and columns left over go one dot product at a time.
     */
    @Override
    void rowDots(double[] a, int ai, int lda, int rows, double[] b, int bi, int ldb, int cols, int depth,
                 double[] out, int oi, int ldo) {
        if (depth < LANES) {
            super.rowDots(a, ai, lda, rows, b, bi, ldb, cols, depth, out, oi, ldo);
            return;
        }
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            int j = 0;
            for (; j + 2 <= cols; j += 2) {
                dotsFourByTwo(a, ai + i * lda, lda, b, bi + j * ldb, ldb, depth, out, oi + i * ldo + j, ldo);
            }
            if (j < cols) {
                super.rowDots(a, ai + i * lda, lda, 4, b, bi + j * ldb, ldb, cols - j, depth, out, oi + i * ldo + j,
                        ldo);
            }
        }
        super.rowDots(a, ai + i * lda, lda, rows - i, b, bi, ldb, cols, depth, out, oi + i * ldo, ldo);
    }

    /** The eight dot products of rows {@code a0 .. a0 + 3 lda} of A with rows {@code b0, b0 + ldb} of B. */
    private static void dotsFourByTwo(double[] a, int a0, int lda, double[] b, int b0, int ldb, int depth,
                                      double[] out, int o, int ldo) {
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int b1 = b0 + ldb;
        DoubleVector s00 = DoubleVector.zero(SPECIES);
        DoubleVector s01 = DoubleVector.zero(SPECIES);
        DoubleVector s10 = DoubleVector.zero(SPECIES);
        DoubleVector s11 = DoubleVector.zero(SPECIES);
        DoubleVector s20 = DoubleVector.zero(SPECIES);
        DoubleVector s21 = DoubleVector.zero(SPECIES);
        DoubleVector s30 = DoubleVector.zero(SPECIES);
        DoubleVector s31 = DoubleVector.zero(SPECIES);
        int vectorDepth = SPECIES.loopBound(depth);
        for (int p = 0; p < vectorDepth; p += LANES) {
            DoubleVector x0 = DoubleVector.fromArray(SPECIES, b, b0 + p);
            DoubleVector x1 = DoubleVector.fromArray(SPECIES, b, b1 + p);
            DoubleVector r0 = DoubleVector.fromArray(SPECIES, a, a0 + p);
            DoubleVector r1 = DoubleVector.fromArray(SPECIES, a, a1 + p);
            DoubleVector r2 = DoubleVector.fromArray(SPECIES, a, a2 + p);
            DoubleVector r3 = DoubleVector.fromArray(SPECIES, a, a3 + p);
            s00 = r0.fma(x0, s00);
            s01 = r0.fma(x1, s01);
            s10 = r1.fma(x0, s10);
            s11 = r1.fma(x1, s11);
            s20 = r2.fma(x0, s20);
            s21 = r2.fma(x1, s21);
            s30 = r3.fma(x0, s30);
            s31 = r3.fma(x1, s31);
        }
        double t00 = s00.lane(0);  // each vector's lanes in lane order, here: see VectorLoops on why
        double t01 = s01.lane(0);
        double t10 = s10.lane(0);
        double t11 = s11.lane(0);
        double t20 = s20.lane(0);
        double t21 = s21.lane(0);
        double t30 = s30.lane(0);
        double t31 = s31.lane(0);
        for (int lane = 1; lane < LANES; lane++) {
            t00 += s00.lane(lane);
            t01 += s01.lane(lane);
            t10 += s10.lane(lane);
            t11 += s11.lane(lane);
            t20 += s20.lane(lane);
            t21 += s21.lane(lane);
            t30 += s30.lane(lane);
            t31 += s31.lane(lane);
        }
        for (int p = vectorDepth; p < depth; p++) {
            t00 += a[a0 + p] * b[b0 + p];
            t01 += a[a0 + p] * b[b1 + p];
            t10 += a[a1 + p] * b[b0 + p];
            t11 += a[a1 + p] * b[b1 + p];
            t20 += a[a2 + p] * b[b0 + p];
            t21 += a[a2 + p] * b[b1 + p];
            t30 += a[a3 + p] * b[b0 + p];
            t31 += a[a3 + p] * b[b1 + p];
        }
        out[o] = t00;
        out[o + 1] = t01;
        out[o + ldo] = t10;
        out[o + ldo + 1] = t11;
        out[o + 2 * ldo] = t20;
        out[o + 2 * ldo + 1] = t21;
        out[o + 3 * ldo] = t30;
        out[o + 3 * ldo + 1] = t31;
    }

    /**
     * Four rows at a time, so that four sums are built and reduced side by side rather than one after the other
     * (64 x 20 by 20 x 1, the seed network's output layer: 1.53x; 64 x 784 by 784 x 1: 1.40x).
     */
    @Override
    void addRowDots(double alpha, double[] rows, int ri, int ld, double[] x, int xi, int k, double[] out, int oi,
                    int count) {
        if (k < LANES) {
            super.addRowDots(alpha, rows, ri, ld, x, xi, k, out, oi, count);
            return;
        }
        int vectorK = SPECIES.loopBound(k);
        int i = 0;
        for (; i + 4 <= count; i += 4) {
            int r0 = ri + i * ld;
            int r1 = r0 + ld;
            int r2 = r1 + ld;
            int r3 = r2 + ld;
            DoubleVector s0 = DoubleVector.zero(SPECIES);
            DoubleVector s1 = DoubleVector.zero(SPECIES);
            DoubleVector s2 = DoubleVector.zero(SPECIES);
            DoubleVector s3 = DoubleVector.zero(SPECIES);
            for (int p = 0; p < vectorK; p += LANES) {
                DoubleVector xv = DoubleVector.fromArray(SPECIES, x, xi + p);
                s0 = DoubleVector.fromArray(SPECIES, rows, r0 + p).fma(xv, s0);
                s1 = DoubleVector.fromArray(SPECIES, rows, r1 + p).fma(xv, s1);
                s2 = DoubleVector.fromArray(SPECIES, rows, r2 + p).fma(xv, s2);
                s3 = DoubleVector.fromArray(SPECIES, rows, r3 + p).fma(xv, s3);
            }
            double t0 = s0.lane(0);
            double t1 = s1.lane(0);
            double t2 = s2.lane(0);
            double t3 = s3.lane(0);
            for (int lane = 1; lane < LANES; lane++) {
                t0 += s0.lane(lane);
                t1 += s1.lane(lane);
                t2 += s2.lane(lane);
                t3 += s3.lane(lane);
            }
            for (int p = vectorK; p < k; p++) {
                t0 += rows[r0 + p] * x[xi + p];
                t1 += rows[r1 + p] * x[xi + p];
                t2 += rows[r2 + p] * x[xi + p];
                t3 += rows[r3 + p] * x[xi + p];
            }
            out[oi + i] += alpha * t0;
            out[oi + i + 1] += alpha * t1;
            out[oi + i + 2] += alpha * t2;
            out[oi + i + 3] += alpha * t3;
        }
        for (; i < count; i++) {
            out[oi + i] += alpha * dot(rows, ri + i * ld, x, xi, k);
        }
    }

    @Override
    int vectorLength() {
        return LANES;
    }

    /**
     * Blocks of eight rows of C by three vectors of columns (then two, then one), each summed over all of k in
     * registers and written to {@code tile}, then added to C. Twenty-four accumulators share each broadcast of A three
     * ways (a seed-network layer of 20 outputs is one block wide; eight rows instead of four: 1.12x to 1.18x on its
     * products). A row block past C's last row repeats that row, whose sums are computed and dropped, so that A is
     * never read out of bounds; so are the padding columns of B.
     */
    @Override
    void smallProduct(double alpha, double[] a, int ai, int rowStride, int depthStride, double[] b, double beta,
                      double[] c, int ci, int m, int n, int k, double[] tile) {
        int panels = (n + LANES - 1) / LANES;
        int panel = k * LANES;
        for (int i = 0; i < m; i += 8) {
            int rows = Math.min(8, m - i);
            int a0 = ai + i * rowStride;
            int a1 = ai + Math.min(i + 1, m - 1) * rowStride;
            int a2 = ai + Math.min(i + 2, m - 1) * rowStride;
            int a3 = ai + Math.min(i + 3, m - 1) * rowStride;
            int a4 = ai + Math.min(i + 4, m - 1) * rowStride;
            int a5 = ai + Math.min(i + 5, m - 1) * rowStride;
            int a6 = ai + Math.min(i + 6, m - 1) * rowStride;
            int a7 = ai + Math.min(i + 7, m - 1) * rowStride;
            int q = 0;
            for (; q + 3 <= panels; q += 3) {
                smallBlockOfThree(a, a0, a1, a2, a3, a4, a5, a6, a7, depthStride, b, q * panel, panel, k, tile);
                addSmallBlock(alpha, beta, tile, 3 * LANES, c, ci, i, rows, q * LANES, n);
            }
            if (q + 2 == panels) {
                smallBlockOfTwo(a, a0, a1, a2, a3, a4, a5, a6, a7, depthStride, b, q * panel, panel, k, tile);
                addSmallBlock(alpha, beta, tile, 2 * LANES, c, ci, i, rows, q * LANES, n);
            } else if (q + 1 == panels) {
                smallBlockOfOne(a, a0, a1, a2, a3, a4, a5, a6, a7, depthStride, b, q * panel, k, tile);
                addSmallBlock(alpha, beta, tile, LANES, c, ci, i, rows, q * LANES, n);
            }
        }
    }

    /**
     * Eight rows of A (from {@code a0 .. a7}, {@code ks} apart along k) times three panels of B from {@code bi},
     * {@code panel} apart; every index into B steps by a constant, so the JIT checks B's bounds once per call.
     */
    private static void smallBlockOfThree(double[] a, int a0, int a1, int a2, int a3, int a4, int a5, int a6, int a7,
                                        int ks, double[] b, int bi, int panel, int k, double[] tile) {
        DoubleVector c00 = DoubleVector.zero(SPECIES);
        DoubleVector c01 = DoubleVector.zero(SPECIES);
        DoubleVector c02 = DoubleVector.zero(SPECIES);
        DoubleVector c10 = DoubleVector.zero(SPECIES);
        DoubleVector c11 = DoubleVector.zero(SPECIES);
        DoubleVector c12 = DoubleVector.zero(SPECIES);
        DoubleVector c20 = DoubleVector.zero(SPECIES);
        DoubleVector c21 = DoubleVector.zero(SPECIES);
        DoubleVector c22 = DoubleVector.zero(SPECIES);
        DoubleVector c30 = DoubleVector.zero(SPECIES);
        DoubleVector c31 = DoubleVector.zero(SPECIES);
        DoubleVector c32 = DoubleVector.zero(SPECIES);
        DoubleVector c40 = DoubleVector.zero(SPECIES);
        DoubleVector c41 = DoubleVector.zero(SPECIES);
        DoubleVector c42 = DoubleVector.zero(SPECIES);
        DoubleVector c50 = DoubleVector.zero(SPECIES);
        DoubleVector c51 = DoubleVector.zero(SPECIES);
        DoubleVector c52 = DoubleVector.zero(SPECIES);
        DoubleVector c60 = DoubleVector.zero(SPECIES);
        DoubleVector c61 = DoubleVector.zero(SPECIES);
        DoubleVector c62 = DoubleVector.zero(SPECIES);
        DoubleVector c70 = DoubleVector.zero(SPECIES);
        DoubleVector c71 = DoubleVector.zero(SPECIES);
        DoubleVector c72 = DoubleVector.zero(SPECIES);
        for (int p = 0, ap = 0, bp = bi; p < k; p++, ap += ks, bp += LANES) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, bp + panel);
            DoubleVector b2 = DoubleVector.fromArray(SPECIES, b, bp + 2 * panel);
            DoubleVector x0 = DoubleVector.broadcast(SPECIES, a[a0 + ap]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            c02 = x0.fma(b2, c02);
            DoubleVector x1 = DoubleVector.broadcast(SPECIES, a[a1 + ap]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            c12 = x1.fma(b2, c12);
            DoubleVector x2 = DoubleVector.broadcast(SPECIES, a[a2 + ap]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            c22 = x2.fma(b2, c22);
            DoubleVector x3 = DoubleVector.broadcast(SPECIES, a[a3 + ap]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
            c32 = x3.fma(b2, c32);
            DoubleVector x4 = DoubleVector.broadcast(SPECIES, a[a4 + ap]);
            c40 = x4.fma(b0, c40);
            c41 = x4.fma(b1, c41);
            c42 = x4.fma(b2, c42);
            DoubleVector x5 = DoubleVector.broadcast(SPECIES, a[a5 + ap]);
            c50 = x5.fma(b0, c50);
            c51 = x5.fma(b1, c51);
            c52 = x5.fma(b2, c52);
            DoubleVector x6 = DoubleVector.broadcast(SPECIES, a[a6 + ap]);
            c60 = x6.fma(b0, c60);
            c61 = x6.fma(b1, c61);
            c62 = x6.fma(b2, c62);
            DoubleVector x7 = DoubleVector.broadcast(SPECIES, a[a7 + ap]);
            c70 = x7.fma(b0, c70);
            c71 = x7.fma(b1, c71);
            c72 = x7.fma(b2, c72);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, LANES);
        c02.intoArray(tile, 2 * LANES);
        c10.intoArray(tile, 3 * LANES);
        c11.intoArray(tile, 4 * LANES);
        c12.intoArray(tile, 5 * LANES);
        c20.intoArray(tile, 6 * LANES);
        c21.intoArray(tile, 7 * LANES);
        c22.intoArray(tile, 8 * LANES);
        c30.intoArray(tile, 9 * LANES);
        c31.intoArray(tile, 10 * LANES);
        c32.intoArray(tile, 11 * LANES);
        c40.intoArray(tile, 12 * LANES);
        c41.intoArray(tile, 13 * LANES);
        c42.intoArray(tile, 14 * LANES);
        c50.intoArray(tile, 15 * LANES);
        c51.intoArray(tile, 16 * LANES);
        c52.intoArray(tile, 17 * LANES);
        c60.intoArray(tile, 18 * LANES);
        c61.intoArray(tile, 19 * LANES);
        c62.intoArray(tile, 20 * LANES);
        c70.intoArray(tile, 21 * LANES);
        c71.intoArray(tile, 22 * LANES);
        c72.intoArray(tile, 23 * LANES);
    }

    /** {@link #smallBlockOfThree} for two panels of B. */
    private static void smallBlockOfTwo(double[] a, int a0, int a1, int a2, int a3, int a4, int a5, int a6, int a7,
                                        int ks, double[] b, int bi, int panel, int k, double[] tile) {
        DoubleVector c00 = DoubleVector.zero(SPECIES);
        DoubleVector c01 = DoubleVector.zero(SPECIES);
        DoubleVector c10 = DoubleVector.zero(SPECIES);
        DoubleVector c11 = DoubleVector.zero(SPECIES);
        DoubleVector c20 = DoubleVector.zero(SPECIES);
        DoubleVector c21 = DoubleVector.zero(SPECIES);
        DoubleVector c30 = DoubleVector.zero(SPECIES);
        DoubleVector c31 = DoubleVector.zero(SPECIES);
        DoubleVector c40 = DoubleVector.zero(SPECIES);
        DoubleVector c41 = DoubleVector.zero(SPECIES);
        DoubleVector c50 = DoubleVector.zero(SPECIES);
        DoubleVector c51 = DoubleVector.zero(SPECIES);
        DoubleVector c60 = DoubleVector.zero(SPECIES);
        DoubleVector c61 = DoubleVector.zero(SPECIES);
        DoubleVector c70 = DoubleVector.zero(SPECIES);
        DoubleVector c71 = DoubleVector.zero(SPECIES);
        for (int p = 0, ap = 0, bp = bi; p < k; p++, ap += ks, bp += LANES) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, bp + panel);
            DoubleVector x0 = DoubleVector.broadcast(SPECIES, a[a0 + ap]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            DoubleVector x1 = DoubleVector.broadcast(SPECIES, a[a1 + ap]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            DoubleVector x2 = DoubleVector.broadcast(SPECIES, a[a2 + ap]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            DoubleVector x3 = DoubleVector.broadcast(SPECIES, a[a3 + ap]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
            DoubleVector x4 = DoubleVector.broadcast(SPECIES, a[a4 + ap]);
            c40 = x4.fma(b0, c40);
            c41 = x4.fma(b1, c41);
            DoubleVector x5 = DoubleVector.broadcast(SPECIES, a[a5 + ap]);
            c50 = x5.fma(b0, c50);
            c51 = x5.fma(b1, c51);
            DoubleVector x6 = DoubleVector.broadcast(SPECIES, a[a6 + ap]);
            c60 = x6.fma(b0, c60);
            c61 = x6.fma(b1, c61);
            DoubleVector x7 = DoubleVector.broadcast(SPECIES, a[a7 + ap]);
            c70 = x7.fma(b0, c70);
            c71 = x7.fma(b1, c71);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, LANES);
        c10.intoArray(tile, 2 * LANES);
        c11.intoArray(tile, 3 * LANES);
        c20.intoArray(tile, 4 * LANES);
        c21.intoArray(tile, 5 * LANES);
        c30.intoArray(tile, 6 * LANES);
        c31.intoArray(tile, 7 * LANES);
        c40.intoArray(tile, 8 * LANES);
        c41.intoArray(tile, 9 * LANES);
        c50.intoArray(tile, 10 * LANES);
        c51.intoArray(tile, 11 * LANES);
        c60.intoArray(tile, 12 * LANES);
        c61.intoArray(tile, 13 * LANES);
        c70.intoArray(tile, 14 * LANES);
        c71.intoArray(tile, 15 * LANES);
    }

    /** {@link #smallBlockOfThree} for one panel of B: eight accumulators, enough to cover the multiply-add latency. */
    private static void smallBlockOfOne(double[] a, int a0, int a1, int a2, int a3, int a4, int a5, int a6, int a7,
                                        int ks, double[] b, int bi, int k, double[] tile) {
        DoubleVector c00 = DoubleVector.zero(SPECIES);
        DoubleVector c10 = DoubleVector.zero(SPECIES);
        DoubleVector c20 = DoubleVector.zero(SPECIES);
        DoubleVector c30 = DoubleVector.zero(SPECIES);
        DoubleVector c40 = DoubleVector.zero(SPECIES);
        DoubleVector c50 = DoubleVector.zero(SPECIES);
        DoubleVector c60 = DoubleVector.zero(SPECIES);
        DoubleVector c70 = DoubleVector.zero(SPECIES);
        for (int p = 0, ap = 0, bp = bi; p < k; p++, ap += ks, bp += LANES) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bp);
            DoubleVector x0 = DoubleVector.broadcast(SPECIES, a[a0 + ap]);
            c00 = x0.fma(b0, c00);
            DoubleVector x1 = DoubleVector.broadcast(SPECIES, a[a1 + ap]);
            c10 = x1.fma(b0, c10);
            DoubleVector x2 = DoubleVector.broadcast(SPECIES, a[a2 + ap]);
            c20 = x2.fma(b0, c20);
            DoubleVector x3 = DoubleVector.broadcast(SPECIES, a[a3 + ap]);
            c30 = x3.fma(b0, c30);
            DoubleVector x4 = DoubleVector.broadcast(SPECIES, a[a4 + ap]);
            c40 = x4.fma(b0, c40);
            DoubleVector x5 = DoubleVector.broadcast(SPECIES, a[a5 + ap]);
            c50 = x5.fma(b0, c50);
            DoubleVector x6 = DoubleVector.broadcast(SPECIES, a[a6 + ap]);
            c60 = x6.fma(b0, c60);
            DoubleVector x7 = DoubleVector.broadcast(SPECIES, a[a7 + ap]);
            c70 = x7.fma(b0, c70);
        }
        c00.intoArray(tile, 0);
        c10.intoArray(tile, LANES);
        c20.intoArray(tile, 2 * LANES);
        c30.intoArray(tile, 3 * LANES);
        c40.intoArray(tile, 4 * LANES);
        c50.intoArray(tile, 5 * LANES);
        c60.intoArray(tile, 6 * LANES);
        c70.intoArray(tile, 7 * LANES);
    }

    /**
     * {@code C[i + r][j + q] = alpha * tile[r * width + q] + beta * C[i + r][j + q]} (C from {@code c[ci]}) for the
     * {@code rows} rows and
     * the columns left of {@code n}; C is not read when {@code beta == 0}. Then a row's last columns, less than a
     * vector, are written as the vector that ends at the row's end, rewriting the lanes before them with the same
     * values (the seed network's 20 columns: two vectors and one more instead of four scalars; 64x30 by 30x20:
     * 1.17x).
     */
    private static void addSmallBlock(double alpha, double beta, double[] tile, int width, double[] c, int ci, int i,
                                      int rows, int j, int n) {
        int cols = Math.min(width, n - j);
        DoubleVector scale = DoubleVector.broadcast(SPECIES, alpha);
        for (int r = 0; r < rows; r++) {
            int at = ci + (i + r) * n + j;
            int t = r * width;
            int q = 0;
            for (; q + LANES <= cols; q += LANES) {
                DoubleVector v = DoubleVector.fromArray(SPECIES, tile, t + q).mul(scale);
                if (beta != 0.0) {
                    v = DoubleVector.fromArray(SPECIES, c, at + q).fma(DoubleVector.broadcast(SPECIES, beta), v);
                }
                v.intoArray(c, at + q);
            }
            if (q < cols && beta == 0.0 && cols >= LANES) {
                DoubleVector.fromArray(SPECIES, tile, t + cols - LANES).mul(scale).intoArray(c, at + cols - LANES);
                continue;
            }
            for (; q < cols; q++) {
                c[at + q] = alpha * tile[t + q] + (beta == 0.0 ? 0.0 : beta * c[at + q]);
            }
        }
    }

    /**
     * Columns in runs of two vectors, each run summed over all k rows in registers and added to C once. Replaces k
     * calls of axpy, whose cost on short rows was mostly the calls (20 x 64 by 64 x 1: about 1 us). The last columns
     * (fewer than a vector) are summed first as the vector that ends at C's end, from C as it was, and stored last:
     * the lanes it shares with the runs are computed in the same order and rewritten with the same values (the
     * seed network's 20 columns: 2.3x against an axpy call per row for the last four).
     */
    @Override
    void addRowCombination(double alpha, double[] coeff, int wi, double[] rows, int ri, int ld, int k, double[] c,
                           int ci, int n) {
        int last = n - LANES;
        boolean overlap = n % LANES != 0 && last >= 0;
        DoubleVector end = DoubleVector.zero(SPECIES);
        if (overlap) {
            for (int p = 0, at = ri + last; p < k; p++, at += ld) {
                DoubleVector w = DoubleVector.broadcast(SPECIES, coeff[wi + p]);
                end = DoubleVector.fromArray(SPECIES, rows, at).fma(w, end);
            }
            end = end.fma(DoubleVector.broadcast(SPECIES, alpha), DoubleVector.fromArray(SPECIES, c, ci + last));
        }
        int j = 0;
        for (; j <= n - 2 * LANES; j += 2 * LANES) {
            DoubleVector s0 = DoubleVector.zero(SPECIES);
            DoubleVector s1 = DoubleVector.zero(SPECIES);
            for (int p = 0, at = ri + j; p < k; p++, at += ld) {
                DoubleVector w = DoubleVector.broadcast(SPECIES, coeff[wi + p]);
                s0 = DoubleVector.fromArray(SPECIES, rows, at).fma(w, s0);
                s1 = DoubleVector.fromArray(SPECIES, rows, at + LANES).fma(w, s1);
            }
            DoubleVector scale = DoubleVector.broadcast(SPECIES, alpha);
            s0.fma(scale, DoubleVector.fromArray(SPECIES, c, ci + j)).intoArray(c, ci + j);
            s1.fma(scale, DoubleVector.fromArray(SPECIES, c, ci + j + LANES)).intoArray(c, ci + j + LANES);
        }
        for (; j <= n - LANES; j += LANES) {
            DoubleVector s0 = DoubleVector.zero(SPECIES);
            for (int p = 0, at = ri + j; p < k; p++, at += ld) {
                s0 = DoubleVector.fromArray(SPECIES, rows, at).fma(DoubleVector.broadcast(SPECIES, coeff[wi + p]), s0);
            }
            s0.fma(DoubleVector.broadcast(SPECIES, alpha), DoubleVector.fromArray(SPECIES, c, ci + j))
                    .intoArray(c, ci + j);
        }
        if (overlap) {
            end.intoArray(c, ci + last);
        } else {
            super.addRowCombination(alpha, coeff, wi, rows, ri + j, ld, k, c, ci + j, n - j);
        }
    }

    /**
     * A row's last columns, less than a vector, as the vector that ends at the row's end, rewriting the lanes
     * before them with the same values (64 x 1 by 1 x 20: 1.46x). Each row's factor is broadcast where it is used,
     * inside the one loop over the row, so that no vector is live across the loop: held across it (in the loop and
     * in a tail after it), the broadcast was boxed, 5,120 bytes a float32 seed step, in some JVMs whose compiled
     * {@code Linear.backward} inlined the whole product and hit C2's node-count cut-off (docs/performance.md, "The
     * float32 seed network's allocation").
     */
    @Override
    void outer(double alpha, double[] x, int xi, double[] y, int yi, double[] c, int ci, int m, int n) {
        if (n < LANES) {
            super.outer(alpha, x, xi, y, yi, c, ci, m, n);
            return;
        }
        for (int i = 0, row = ci; i < m; i++, row += n) {
            double s = alpha * x[xi + i];
            for (int j = 0; j < n; j += LANES) {
                int at = Math.min(j, n - LANES);
                DoubleVector.fromArray(SPECIES, y, yi + at).mul(DoubleVector.broadcast(SPECIES, s))
                        .intoArray(c, row + at);
            }
        }
    }

    @Override
    void scale(double[] x, int xi, double factor, int n) {
        int done = VectorLoops.scale(x, xi, factor, n);
        super.scale(x, xi + done, factor, n - done);
    }

    @Override
    double dot(double[] x, int xi, double[] y, int yi, int n) {
        if (n < LANES) {
            return super.dot(x, xi, y, yi, n);
        }
        DoubleVector s0 = DoubleVector.zero(SPECIES);
        DoubleVector s1 = DoubleVector.zero(SPECIES);
        int i = 0;
        for (int bound = n - 2 * LANES; i <= bound; i += 2 * LANES) {
            s0 = DoubleVector.fromArray(SPECIES, x, xi + i).fma(DoubleVector.fromArray(SPECIES, y, yi + i), s0);
            s1 = DoubleVector.fromArray(SPECIES, x, xi + i + LANES)
                    .fma(DoubleVector.fromArray(SPECIES, y, yi + i + LANES), s1);
        }
        if (i <= n - LANES) {
            s0 = DoubleVector.fromArray(SPECIES, x, xi + i).fma(DoubleVector.fromArray(SPECIES, y, yi + i), s0);
            i += LANES;
        }
        DoubleVector s = s0.add(s1);
        double total = s.lane(0);
        for (int lane = 1; lane < LANES; lane++) {
            total += s.lane(lane);
        }
        return total + super.dot(x, xi + i, y, yi + i, n - i);
    }

    /**
     * Pairs of vectors, then the scalar loop for the rest; the float32 copy sums in {@link #sumInFourChains}, in
     * float64, where its vectors would accumulate in float.
     */
    @Override
    @AlwaysDouble double sum(double[] x, int xi, int n) {
        if (NARROW) {
            return sumInFourChains(x, xi, n);
        }
        if (n < 2 * LANES) {
            return super.sum(x, xi, n);
        }
        DoubleVector s0 = DoubleVector.zero(SPECIES);
        DoubleVector s1 = DoubleVector.zero(SPECIES);
        int i = 0;
        for (int bound = n - 2 * LANES; i <= bound; i += 2 * LANES) {
            s0 = s0.add(DoubleVector.fromArray(SPECIES, x, xi + i));
            s1 = s1.add(DoubleVector.fromArray(SPECIES, x, xi + i + LANES));
        }
        DoubleVector s = s0.add(s1);
        double total = s.lane(0);
        for (int lane = 1; lane < LANES; lane++) {
            total += s.lane(lane);
        }
        return total + super.sum(x, xi + i, n - i);
    }

    /**
     * The float32 copy's sum: four float64 accumulators over every fourth element, added at the end, so that each
     * add waits for the one four elements back, not the one before (with one accumulator, as the scalar loop has,
     * LeNet-5's bias gradient of 6 x 50,176 took 2.5 times float64's vector sum).
     */
    private static @AlwaysDouble double sumInFourChains(double[] x, int xi, int n) {
        @AlwaysDouble double s0 = 0.0;
        @AlwaysDouble double s1 = 0.0;
        @AlwaysDouble double s2 = 0.0;
        @AlwaysDouble double s3 = 0.0;
        int i = 0;
        for (int at = xi; i <= n - 4; i += 4, at += 4) {
            s0 += x[at];
            s1 += x[at + 1];
            s2 += x[at + 2];
            s3 += x[at + 3];
        }
        for (; i < n; i++) {
            s0 += x[xi + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Rows shorter than a vector go to the scalar loop whole (see the class's Javadoc). */
    @Override
    double max(double[] x, int xi, int n) {
        if (n < LANES) {
            return super.max(x, xi, n);
        }
        DoubleVector m = DoubleVector.broadcast(SPECIES, Double.NEGATIVE_INFINITY);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            m = m.max(DoubleVector.fromArray(SPECIES, x, xi + i));
        }
        return Math.max(m.reduceLanes(VectorOperators.MAX), super.max(x, xi + i, n - i));
    }

    /** {@link VectorImages#col2im} where blends compile and it {@link VectorImages#handles handles} {@code g}. */
    @Override
    void col2im(double[] cols, int batch, ConvGeometry g, double[] x, int from, int to) {
        if (MASKS_COMPILED && VectorImages.handles(g)) {
            VectorImages.col2im(cols, batch, g, x, from, to);
        } else {
            super.col2im(cols, batch, g, x, from, to);
        }
    }

    /** {@link DirectConvolution#convolve} where it {@link DirectConvolution#handles handles} the plane. */
    @Override
    void convolve(double[] shifted, int plane, int tapCount, double[] weight, int outChannels, int[] taps,
            double[] out, int at, int channelStride) {
        if (DirectConvolution.handles(plane)) {
            DirectConvolution.convolve(shifted, plane, tapCount, weight, outChannels, taps, out, at, channelStride);
        } else {
            super.convolve(shifted, plane, tapCount, weight, outChannels, taps, out, at, channelStride);
        }
    }

    /** {@link DirectConvolution#weightGradient} where it {@link DirectConvolution#handles handles} the plane. */
    @Override
    void convolveWeightGradient(double[] grad, int at, int channelStride, double[] shifted, int plane,
            int tapCount, int outChannels, int[] taps, double[] partial, int pi) {
        if (DirectConvolution.handles(plane)) {
            DirectConvolution.weightGradient(grad, at, channelStride, shifted, plane, tapCount, outChannels, taps,
                    partial, pi);
        } else {
            super.convolveWeightGradient(grad, at, channelStride, shifted, plane, tapCount, outChannels, taps,
                    partial, pi);
        }
    }

    /**
     * Whether the cells of rows {@code hidden} wide go to {@link VectorCells}: where blends compile (see
     * {@link #MASKS_COMPILED}) and rows hold at least {@value #CELL_MIN_VECTORS} vectors. Narrower rows stay scalar:
     * C2 compiled the vector loops that first ran zero or one time per row (3x5, then 2x8 cells) into code that
     * allocated 280 KB per 64x64 cell for good afterwards, which made {@code EveryLayerAllocationTest} fail.
     */
    private static boolean vectorCells(int hidden) {
        return MASKS_COMPILED && hidden >= CELL_MIN_VECTORS * LANES;
    }

    /** {@link VectorCells#lstmCell} where {@link #vectorCells} says so. */
    @Override
    void lstmCell(double[] gates, int gateRow, double[] cPrev, double[] c, double[] h, int from, int to, int hidden) {
        if (vectorCells(hidden)) {
            VectorCells.lstmCell(gates, gateRow, cPrev, c, h, from, to, hidden);
        } else {
            super.lstmCell(gates, gateRow, cPrev, c, h, from, to, hidden);
        }
    }

    @Override
    void lstmCellBackward(double[] gates, int gateRow, double[] cPrev, double[] c, double[] dh, double[] dc,
            double[] dGates, int from, int to, int hidden) {
        if (vectorCells(hidden)) {
            VectorCells.lstmCellBackward(gates, gateRow, cPrev, c, dh, dc, dGates, from, to, hidden);
        } else {
            super.lstmCellBackward(gates, gateRow, cPrev, c, dh, dc, dGates, from, to, hidden);
        }
    }

    /** {@link VectorCells#gruCell} where {@link #vectorCells} says so. */
    @Override
    void gruCell(double[] gates, int gateRow, double[] hiddenGates, double[] hPrev, double[] h, int from, int to,
            int hidden) {
        if (vectorCells(hidden)) {
            VectorCells.gruCell(gates, gateRow, hiddenGates, hPrev, h, from, to, hidden);
        } else {
            super.gruCell(gates, gateRow, hiddenGates, hPrev, h, from, to, hidden);
        }
    }

    @Override
    void gruCellBackward(double[] gates, int gateRow, double[] hiddenGates, double[] hPrev, double[] dh,
            double[] dGates, double[] dHiddenGates, double[] dhPrev, int from, int to, int hidden) {
        if (vectorCells(hidden)) {
            VectorCells.gruCellBackward(gates, gateRow, hiddenGates, hPrev, dh, dGates, dHiddenGates, dhPrev, from, to,
                    hidden);
        } else {
            super.gruCellBackward(gates, gateRow, hiddenGates, hPrev, dh, dGates, dHiddenGates, dhPrev, from, to,
                    hidden);
        }
    }
}
