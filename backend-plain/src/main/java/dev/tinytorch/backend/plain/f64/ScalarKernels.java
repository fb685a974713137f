package dev.tinytorch.backend.plain.f64;

import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.ConvGeometry;
import dev.tinytorch.api.UnaryOp;
import dev.tinytorch.api.kernels.AlwaysDouble;
import dev.tinytorch.api.kernels.HotSpotFlags;
import dev.tinytorch.api.kernels.f64.ImageKernels;
import dev.tinytorch.api.kernels.f64.RecurrentKernels;

/**
 * The hot loops of the plain backend in scalar Java: the gemm micro-kernel, the element-wise loops and the
 * recurrent cells.
 *
 * <p>Each loop chooses its operation once, outside the loop, so that no element pays for a call through
 * {@link UnaryOp#apply}. {@link VectorKernels} overrides every loop with the Vector API and hands the last few
 * elements of a range back to these; this class alone is what runs when that API is absent.
 *
 * <p>Element-wise loops work on ranges: {@code n} elements from offset {@code xi} of {@code x} (and so on), written
 * from offset {@code oi} of {@code out}. An output range may be an input range (in-place updates).
 *
 * <p>{@link #sum} accumulates in float64 in either precision; the products' dot products accumulate in the
 * element type, as BLAS's {@code sgemm} does.
 */
// (double) Math.exp(x): redundant in the float64 source, needed in its generated float32 copy
@SuppressWarnings("cast")
class ScalarKernels {

    /**
     * Whether the elements are narrower than float64: false in the float64 source, true in its generated float32 copy,
     * whose long sums then accumulate in float64 (see {@link #sum}).
     */
    static final boolean NARROW = Double.SIZE < Long.SIZE;
    /** Whether {@link Math#fma} compiles to one instruction here (not under {@code -XX:UseAVX=0}, for one). */
    static final boolean FMA_INSTRUCTION = HotSpotFlags.fmaInstruction();
    /** Elements of the scratch tile {@link #smallProduct} needs: eight rows of three 512-bit vectors. */
    static final int SMALL_TILE = 8 * 3 * (512 / Double.SIZE);

    @Override
    public String toString() {
        return "scalar double kernels";
    }

    /** Rows of C computed by one {@link #multiply} call. */
    int tileRows() {
        return 4;
    }

    /** Columns of C computed by one {@link #multiply} call on a whole panel of B. */
    int tileCols() {
        return 4;
    }

    /**
     * Width of the packed panel of B that holds C's last {@code cols} columns ({@code cols <= tileCols()}): at least
     * {@code cols}, at most {@link #tileCols()}; the vector kernels read narrower panels than a tile, so that a C
     * whose width is not a multiple of a tile does not compute a tile's worth of dropped columns.
     */
    int panelWidth(int cols) {
        return tileCols();
    }

    /**
     * The micro-kernel: writes the product of a packed {@code tileRows() x kc} panel of A and a packed
     * {@code kc x width} panel of B over a tile of {@code out}, C itself or a scratch tile. It only stores, never
     * adds, so that its code stays small enough for the JIT to compile every vector operation of
     * {@link VectorKernels} as an instruction; {@link #storeTile} then adds a scratch tile to C.
     *
     * @param a A's panel column by column: element (i, p) at {@code a[ai + p * tileRows() + i]}, so that one step of
     *          the loop reads one short run of A whatever A's layout was
     * @param b B's panel row by row: element (p, j) at {@code b[bi + p * ldb + j]}
     * @param ldb the distance between the panel's rows: its width when packed, B's row length when read in place
     * @param width the panel's width, {@link #panelWidth} of the columns it holds
     * @param out receives element (i, j) of the product at {@code out[oi + i * ldo + j]}
     */
    void multiply(int kc, double[] a, int ai, double[] b, int bi, int ldb, int width, double[] out, int oi, int ldo) {
        double c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        double c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        double c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        double c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int p = 0; p < kc; p++) {
            int ap = ai + 4 * p;
            int bp = bi + ldb * p;
            double b0 = b[bp];
            double b1 = b[bp + 1];
            double b2 = b[bp + 2];
            double b3 = b[bp + 3];
            double a0 = a[ap];
            c00 += a0 * b0;
            c01 += a0 * b1;
            c02 += a0 * b2;
            c03 += a0 * b3;
            double a1 = a[ap + 1];
            c10 += a1 * b0;
            c11 += a1 * b1;
            c12 += a1 * b2;
            c13 += a1 * b3;
            double a2 = a[ap + 2];
            c20 += a2 * b0;
            c21 += a2 * b1;
            c22 += a2 * b2;
            c23 += a2 * b3;
            double a3 = a[ap + 3];
            c30 += a3 * b0;
            c31 += a3 * b1;
            c32 += a3 * b2;
            c33 += a3 * b3;
        }
        setRow(out, oi, c00, c01, c02, c03);
        setRow(out, oi + ldo, c10, c11, c12, c13);
        setRow(out, oi + 2 * ldo, c20, c21, c22, c23);
        setRow(out, oi + 3 * ldo, c30, c31, c32, c33);
    }

    /**
     * Whether {@link #multiplyRowsInPlace} is there: the vector kernels' micro-kernels come in both forms, generated;
     * the scalar kernel reads A packed only.
     */
    boolean readsRowsInPlace() {
        return false;
    }

    /**
     * {@link #multiply} with A's {@link #tileRows()} rows read where they lie, element (i, p) at
     * {@code a[ai + i * lda + p]}: the same sums in the same order, so the same bits. Only where
     * {@link #readsRowsInPlace()}.
     */
    void multiplyRowsInPlace(int kc, double[] a, int ai, int lda, double[] b, int bi, int ldb, int width,
                             double[] out, int oi, int ldo) {
        throw new UnsupportedOperationException("the scalar micro-kernel reads A packed");
    }

    private static void setRow(double[] out, int at, double v0, double v1, double v2, double v3) {
        out[at] = v0;
        out[at + 1] = v1;
        out[at + 2] = v2;
        out[at + 3] = v3;
    }

    /**
     * {@code C = tile}, or {@code C += tile} when {@code accumulate}, for the top-left
     * {@code rows x cols} of a tile written by the micro-kernel (all of it, or the part inside C at C's edge);
     * C's part starts at {@code c[ci]}, its rows {@code ldc} apart.
     */
    void storeTile(double[] tile, boolean accumulate, double[] c, int ci, int ldc, int rows, int cols) {
        int width = tileCols();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int at = ci + i * ldc + j;
                c[at] = accumulate ? c[at] + tile[i * width + j] : tile[i * width + j];
            }
        }
    }

    /** {@code out[oi + i] = op(x[xi + i])}. */
    void map(UnaryOp op, double[] x, int xi, double[] out, int oi, int n) {
        switch (op) {
            case EXP:
                for (int i = 0; i < n; i++) {
                    out[oi + i] = (double) Math.exp(x[xi + i]);
                }
                break;
            case LOG:
                for (int i = 0; i < n; i++) {
                    out[oi + i] = (double) Math.log(x[xi + i]);
                }
                break;
            case SIGMOID:
                for (int i = 0; i < n; i++) {
                    out[oi + i] = (double) UnaryOp.SIGMOID.apply(x[xi + i]);
                }
                break;
            case TANH:
                for (int i = 0; i < n; i++) {
                    out[oi + i] = (double) Math.tanh(x[xi + i]);
                }
                break;
            case RELU:
                for (int i = 0; i < n; i++) {
                    double v = x[xi + i];
                    out[oi + i] = v < 0 ? 0.0 : v; // NaN and -0.0 stay as they are
                }
                break;
            case STEP:
                for (int i = 0; i < n; i++) {
                    double v = x[xi + i];
                    out[oi + i] = v > 0 ? 1.0 : v <= 0 ? 0.0 : v; // NaN stays NaN
                }
                break;
            case SQUARE:
                for (int i = 0; i < n; i++) {
                    double v = x[xi + i];
                    out[oi + i] = v * v;
                }
                break;
            case SQRT:
                for (int i = 0; i < n; i++) {
                    out[oi + i] = (double) Math.sqrt(x[xi + i]);
                }
                break;
            case ABS:
                for (int i = 0; i < n; i++) {
                    out[oi + i] = Math.abs(x[xi + i]);
                }
                break;
            case RECIPROCAL:
                for (int i = 0; i < n; i++) {
                    out[oi + i] = 1.0 / x[xi + i];
                }
                break;
            default:
                throw new AssertionError(op);
        }
    }

    /** {@code out[oi + i] = op(a[ai + i], b[bi + i])}. */
    void zip(BinaryOp op, double[] a, int ai, double[] b, int bi, double[] out, int oi, int n) {
        switch (op) {
            case ADD:
                for (int i = 0; i < n; i++) {
                    out[oi + i] = a[ai + i] + b[bi + i];
                }
                break;
            case SUB:
                for (int i = 0; i < n; i++) {
                    out[oi + i] = a[ai + i] - b[bi + i];
                }
                break;
            case MUL:
                for (int i = 0; i < n; i++) {
                    out[oi + i] = a[ai + i] * b[bi + i];
                }
                break;
            case DIV:
                for (int i = 0; i < n; i++) {
                    out[oi + i] = a[ai + i] / b[bi + i];
                }
                break;
            case MAX:
                for (int i = 0; i < n; i++) {
                    out[oi + i] = Math.max(a[ai + i], b[bi + i]);
                }
                break;
            case MIN:
                for (int i = 0; i < n; i++) {
                    out[oi + i] = Math.min(a[ai + i], b[bi + i]);
                }
                break;
            case RELU_GRAD:
                for (int i = 0; i < n; i++) {
                    out[oi + i] = reluGrad(a[ai + i], b[bi + i]);
                }
                break;
            default:
                throw new AssertionError(op);
        }
    }

    /** {@code out[oi + i] = op(a[ai + i], b)}: one row of a column broadcast. */
    void zipScalar(BinaryOp op, double[] a, int ai, double b, double[] out, int oi, int n) {
        switch (op) {
            case ADD:
                for (int i = 0; i < n; i++) {
                    out[oi + i] = a[ai + i] + b;
                }
                break;
            case SUB:
                for (int i = 0; i < n; i++) {
                    out[oi + i] = a[ai + i] - b;
                }
                break;
            case MUL:
                for (int i = 0; i < n; i++) {
                    out[oi + i] = a[ai + i] * b;
                }
                break;
            case DIV:
                for (int i = 0; i < n; i++) {
                    out[oi + i] = a[ai + i] / b;
                }
                break;
            case MAX:
                for (int i = 0; i < n; i++) {
                    out[oi + i] = Math.max(a[ai + i], b);
                }
                break;
            case MIN:
                for (int i = 0; i < n; i++) {
                    out[oi + i] = Math.min(a[ai + i], b);
                }
                break;
            case RELU_GRAD:
                for (int i = 0; i < n; i++) {
                    out[oi + i] = reluGrad(a[ai + i], b);
                }
                break;
            default:
                throw new AssertionError(op);
        }
    }

    /** {@link BinaryOp#RELU_GRAD}: {@code g} where {@code x > 0}, NaN if either is NaN, else {@code +0.0}. */
    private static double reluGrad(double x, double g) {
        return x > 0 ? g : x != x || g != g ? x + g : 0.0;
    }

    /** {@code out[oi + i] = scale * x[xi + i] + shift}. */
    void affine(double[] x, int xi, double scale, double shift, double[] out, int oi, int n) {
        for (int i = 0; i < n; i++) {
            out[oi + i] = scale * x[xi + i] + shift;
        }
    }

    /** {@code out[oi + i] = min(max(x[xi + i], lo), hi)}. */
    void clip(double[] x, int xi, double lo, double hi, double[] out, int oi, int n) {
        for (int i = 0; i < n; i++) {
            out[oi + i] = Math.min(Math.max(x[xi + i], lo), hi);
        }
    }

    /**
     * {@code y[yi + i] += alpha * x[xi + i]}: in float64 a product, then a sum; in the float32 copy a fused
     * multiply-add, the exact {@code y + alpha x} rounded once to float, so that a product that overflows float (3
     * times 3e38) does not turn an infinite {@code y} into NaN, and the loop stays in float (widening each element to
     * float64 and back made the MNIST-size network's 784x256 update ten times as slow as float64's). Where fused
     * multiply-add is not an instruction ({@link #FMA_INSTRUCTION}), {@link Math#fma} on floats computes through
     * BigDecimal, thousands of times slower: there float32 widens to float64 and rounds once, as it did before.
     */
    void axpy(double alpha, double[] x, int xi, double[] y, int yi, int n) {
        if (NARROW && FMA_INSTRUCTION) {
            for (int i = 0; i < n; i++) {
                y[yi + i] = Math.fma(alpha, x[xi + i], y[yi + i]);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            y[yi + i] = (double) (y[yi + i] + (@AlwaysDouble double) alpha * x[xi + i]);
        }
    }

    /**
     * {@code C = alpha * A B + beta * C} for a product small enough to skip packing A and blocking: element (i, p) of
     * A at {@code a[ai + i * rowStride + p * depthStride]} (so A may be transposed where it lies); B in panels of
     * {@link #vectorLength()} columns, each panel its k rows one after another, element (p, j) at
     * {@code b[(j / L) * k * L + p * L + j % L]} with {@code L = vectorLength()}, the last panel padded; C is
     * {@code m x n}, row-major from {@code c[ci]}, not read when {@code beta == 0}.
     *
     * @param tile scratch of at least {@link #SMALL_TILE} elements
     */
    void smallProduct(double alpha, double[] a, int ai, int rowStride, int depthStride, double[] b, double beta,
                      double[] c, int ci, int m, int n, int k, double[] tile) {
        for (int i = 0; i < m; i++) {
            int row = ci + i * n;
            for (int j = 0; j < n; j++) {
                double sum = 0.0;
                for (int p = 0; p < k; p++) {
                    sum += a[ai + i * rowStride + p * depthStride] * b[j * k + p];
                }
                c[row + j] = alpha * sum + (beta == 0.0 ? 0.0 : beta * c[row + j]);
            }
        }
    }

    /**
     * Copies op(B), {@code k x n}, into the panels {@link #smallProduct} reads, the last one padded with anything;
     * B starts at {@code b[bi]}, its rows {@code ldb} long as stored.
     */
    void copyPanels(boolean transB, double[] b, int bi, int ldb, int k, int n, double[] panels) {
        int lanes = vectorLength();
        for (int j0 = 0; j0 < n; j0 += lanes) {
            int cols = Math.min(lanes, n - j0);
            if (!transB) {
                copyPanel(b, bi + j0, ldb, k, cols, panels, j0 * k, lanes);
                continue;
            }
            for (int j = 0; j < cols; j++) {
                for (int p = 0; p < k; p++) {
                    panels[j0 * k + p * lanes + j] = b[bi + (j0 + j) * ldb + p];
                }
            }
        }
    }

    /**
     * Copies {@code rows} rows of {@code cols} elements, {@code ldb} apart from {@code b[from]}, into a packed
     * panel whose rows are {@code width} apart from {@code panel[to]}: a panel of B, or of a transposed A (its rows
     * are then steps of depth). The columns from {@code cols} to {@code width} are padding and may receive anything.
     */
    void copyPanel(double[] b, int from, int ldb, int rows, int cols, double[] panel, int to, int width) {
        for (int p = 0; p < rows; p++) {
            System.arraycopy(b, from + p * ldb, panel, to + p * width, cols);
        }
    }

    /**
     * Copies eight rows of an untransposed A, {@code kc} elements each from {@code a[src]} and {@code lda} apart,
     * into a panel of A stored column by column: element (i, p) at {@code pa[dst + p * 8 + i]}. One step of depth
     * at a time from eight streams, so that the stores are in order (64x64x64: 1.10x against row by row, whose
     * stores are eight elements apart). {@code offsets}, {@link #vectorLength()} ints, is scratch for the vector
     * kernels' gathers.
     */
    void packEightRows(double[] a, int src, int lda, int kc, double[] pa, int dst, int[] offsets) {
        int s1 = src + lda;
        int s2 = s1 + lda;
        int s3 = s2 + lda;
        int s4 = s3 + lda;
        int s5 = s4 + lda;
        int s6 = s5 + lda;
        int s7 = s6 + lda;
        for (int p = 0, d = dst; p < kc; p++, d += 8) {
            pa[d] = a[src + p];
            pa[d + 1] = a[s1 + p];
            pa[d + 2] = a[s2 + p];
            pa[d + 3] = a[s3 + p];
            pa[d + 4] = a[s4 + p];
            pa[d + 5] = a[s5 + p];
            pa[d + 6] = a[s6 + p];
            pa[d + 7] = a[s7 + p];
        }
    }

    /**
     * {@code out[oi + i] += alpha * (rows[ri + i * ld .. ri + i * ld + k - 1] . x[xi .. xi + k - 1])} for
     * {@code i < count}: a matrix times a vector, whose rows are contiguous.
     */
    void addRowDots(double alpha, double[] rows, int ri, int ld, double[] x, int xi, int k, double[] out, int oi,
                    int count) {
        for (int i = 0; i < count; i++) {
            out[oi + i] += alpha * dot(rows, ri + i * ld, x, xi, k);
        }
    }

    /**
     * {@code out[oi + i * ldo + j] = a[ai + i * lda ..] . b[bi + j * ldb ..]} over {@code depth} elements, for
     * {@code i < rows} and {@code j < cols}: the dot products of every row of a block of A with every row of a
     * block of B, both rows contiguous, as {@link DeepProduct} takes them.
     */
    void rowDots(double[] a, int ai, int lda, int rows, double[] b, int bi, int ldb, int cols, int depth,
                 double[] out, int oi, int ldo) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[oi + i * ldo + j] = dot(a, ai + i * lda, b, bi + j * ldb, depth);
            }
        }
    }

    /** Columns in each panel of B that {@link #smallProduct} reads. */
    int vectorLength() {
        return 1;
    }

    /**
     * {@code c[ci + j] += alpha * sum over p < k of coeff[wi + p] * rows[ri + p * ld + j]} for {@code j < n}: a
     * weighted sum of k rows, such as a vector times a matrix.
     */
    void addRowCombination(double alpha, double[] coeff, int wi, double[] rows, int ri, int ld, int k, double[] c,
                           int ci, int n) {
        for (int p = 0; p < k; p++) {
            axpy(alpha * coeff[wi + p], rows, ri + p * ld, c, ci, n);
        }
    }

    /**
     * {@code c[ci + i * n + j] = alpha * x[xi + i] * y[yi + j]} for {@code i < m, j < n}: an outer product, written
     * over C.
     */
    void outer(double alpha, double[] x, int xi, double[] y, int yi, double[] c, int ci, int m, int n) {
        for (int i = 0; i < m; i++) {
            double s = alpha * x[xi + i];
            for (int j = 0; j < n; j++) {
                c[ci + i * n + j] = s * y[yi + j];
            }
        }
    }

    /** {@code x[xi + i] *= factor}. */
    void scale(double[] x, int xi, double factor, int n) {
        for (int i = 0; i < n; i++) {
            x[xi + i] *= factor;
        }
    }

    /** The dot product of {@code x[xi .. xi + n - 1]} and {@code y[yi .. yi + n - 1]}. */
    double dot(double[] x, int xi, double[] y, int yi, int n) {
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            s += x[xi + i] * y[yi + i];
        }
        return s;
    }

    /** The sum of {@code x[xi .. xi + n - 1]}, accumulated in float64 whatever the element type. */
    @AlwaysDouble double sum(double[] x, int xi, int n) {
        @AlwaysDouble double s = 0.0;
        for (int i = 0; i < n; i++) {
            s += x[xi + i];
        }
        return s;
    }

    /** The largest of {@code x[xi .. xi + n - 1]}, as {@link Math#max} ranks them; {@code -Infinity} if empty. */
    double max(double[] x, int xi, int n) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, x[xi + i]);
        }
        return m;
    }

    /** {@link ImageKernels#col2im(double[], int, ConvGeometry, double[], int, int)}: images {@code from .. to - 1}. */
    void col2im(double[] cols, int batch, ConvGeometry g, double[] x, int from, int to) {
        ImageKernels.col2im(cols, batch, g, x, from, to);
    }

    /**
     * One image's output planes of a direct convolution ({@link SplitConvolution}): {@code out[at + c *
     * channelStride + q] = sum over taps t of weight[c * tapCount + t] * shifted[taps[t] + q]} for every output
     * channel {@code c < outChannels} and pixel {@code q < plane}.
     */
    void convolve(double[] shifted, int plane, int tapCount, double[] weight, int outChannels, int[] taps,
            double[] out, int at, int channelStride) {
        for (int c = 0; c < outChannels; c++) {
            for (int q = 0; q < plane; q++) {
                double s = 0.0;
                for (int t = 0; t < tapCount; t++) {
                    s += weight[c * tapCount + t] * shifted[taps[t] + q];
                }
                out[at + c * channelStride + q] = s;
            }
        }
    }

    /**
     * Adds one image's share of a direct convolution's weight gradient ({@link SplitConvolution}): for every output
     * channel {@code c} and tap {@code t}, the sum over pixels {@code q < plane} of {@code grad[at + c *
     * channelStride + q] * shifted[taps[t] + q]}, to the {@link #vectorLength()} lanes at {@code partial[pi +
     * (c * tapCount + t) * vectorLength()]} (here to the first; the vector kernels spread it over all of them).
     * {@code partial} has {@link #vectorLength()} more elements after those sums, which the kernels may use as
     * scratch.
     */
    void convolveWeightGradient(double[] grad, int at, int channelStride, double[] shifted, int plane,
            int tapCount, int outChannels, int[] taps, double[] partial, int pi) {
        for (int c = 0; c < outChannels; c++) {
            for (int t = 0; t < tapCount; t++) {
                double s = 0.0;
                for (int q = 0; q < plane; q++) {
                    s += grad[at + c * channelStride + q] * shifted[taps[t] + q];
                }
                partial[pi + (c * tapCount + t) * vectorLength()] += s;
            }
        }
    }

    /**
     * {@link RecurrentKernels#lstmCell} on rows {@code from} to {@code to - 1} of its states (row {@code gateRow + r}
     * of {@code gates} for state row {@code r}): each row is computed alone, so rows may be shared between threads.
     */
    void lstmCell(double[] gates, int gateRow, double[] cPrev, double[] c, double[] h, int from, int to, int hidden) {
        for (int r = from; r < to; r++) {
            RecurrentKernels.lstmCellColumns(gates, gateRow, cPrev, c, h, r, hidden, 0);
        }
    }

    /** {@link RecurrentKernels#lstmCellBackward} on rows {@code from} to {@code to - 1}, as {@link #lstmCell}. */
    void lstmCellBackward(double[] gates, int gateRow, double[] cPrev, double[] c, double[] dh, double[] dc,
            double[] dGates, int from, int to, int hidden) {
        for (int r = from; r < to; r++) {
            RecurrentKernels.lstmCellBackwardColumns(gates, gateRow, cPrev, c, dh, dc, dGates, r, hidden, 0);
        }
    }

    /** {@link RecurrentKernels#gruCell} on rows {@code from} to {@code to - 1}, as {@link #lstmCell}. */
    void gruCell(double[] gates, int gateRow, double[] hiddenGates, double[] hPrev, double[] h, int from, int to,
            int hidden) {
        for (int r = from; r < to; r++) {
            RecurrentKernels.gruCellColumns(gates, gateRow, hiddenGates, hPrev, h, r, hidden, 0);
        }
    }

    /** {@link RecurrentKernels#gruCellBackward} on rows {@code from} to {@code to - 1}, as {@link #lstmCell}. */
    void gruCellBackward(double[] gates, int gateRow, double[] hiddenGates, double[] hPrev, double[] dh,
            double[] dGates, double[] dHiddenGates, double[] dhPrev, int from, int to, int hidden) {
        for (int r = from; r < to; r++) {
            RecurrentKernels.gruCellBackwardColumns(gates, gateRow, hiddenGates, hPrev, dh, dGates, dHiddenGates,
                    dhPrev, r, hidden, 0);
        }
    }
}
