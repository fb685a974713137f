package dev.tinytorch.api;

import java.util.random.RandomGenerator;

/**
 * The operations a network needs from a matrix library: the service-provider interface every backend implements.
 *
 * <p>The operations are BLAS-shaped rather than one per layer: a general matrix multiply, element-wise maps,
 * broadcasts, reductions and in-place updates. Every operation that produces a matrix writes into an output the
 * caller passes, so a training step can allocate its buffers once and reuse them; the few methods that allocate
 * say so.
 *
 * <p><b>Aliasing.</b> Element-wise operations, {@link #affine}, {@link #clip} and the broadcasts may write into one
 * of their inputs ({@code out == x}). {@link #gemm} and {@link #reduce} must not: their output may not be an input.
 *
 * <p><b>Checking.</b> A backend may assume its arguments are well-formed; {@link Backends} hands out every
 * backend wrapped in {@link CheckedMatrixOps}, which rejects a wrong shape, a foreign matrix or a forbidden alias
 * with an {@link IllegalArgumentException} naming the operation and the shapes, before the backend sees it.
 *
 * <p><b>Threads.</b> One instance may be shared by any number of threads, as {@link Backends} shares it: a backend
 * keeps whatever scratch space it needs per thread. A matrix, though, is used by one thread at a time (an output
 * written on one thread is read by another only after the writer is done, as with any Java array), and so is a
 * model built on matrices: its layers' buffers and its optimizer's state. Several models may train at once, each
 * on its own thread.
 *
 * <p><b>Reproducibility.</b> The bits of every result depend only on the operands and the operation: not on the
 * thread that calls, on other threads calling at the same time, on how busy the machine is, or on how long the
 * process has run (what the JIT has compiled). A backend that splits work between threads splits it so that no
 * element's arithmetic changes with the split, and with the plain and ejml backends the thread count they are
 * given does not change the bits either. The nd4j backend's products depend on OpenBLAS's thread count
 * ({@code OPENBLAS_NUM_THREADS}, one per core by default), so its bits match across machines only where that
 * count does. Different backends, and different processors, may round differently.
 */
public interface MatrixOps {

    /** The backend's name, as given to {@code -Dtinytorch.backend}. */
    String name();

    /**
     * The precision every matrix of this instance is stored and computed in. Values cross the API as
     * {@code double}s and are rounded to it on the way in ({@link DType#round}); a backend offering two precisions
     * is two instances.
     */
    default DType dtype() {
        return DType.FLOAT64;
    }

    /** Whether {@code m} was created by this backend and can be passed to its operations. */
    boolean owns(Matrix m);

    // ---- creation and the edges ------------------------------------------------------------------------------

    /** Allocates a {@code rows x cols} matrix of zeros. */
    Matrix zeros(int rows, int cols);

    /** Allocates a {@code rows x cols} matrix holding a copy of {@code data}, given in row-major order. */
    Matrix fromRowMajor(int rows, int cols, double[] data);

    /** Overwrites {@code m} with {@code data}, given in row-major order ({@code data.length == m.size()}). */
    void setRowMajor(Matrix m, double[] data);

    /** Copies {@code m} into {@code dst} in row-major order ({@code dst.length == m.size()}). */
    void getRowMajor(Matrix m, double[] dst);

    /** One element; for reading results, not for loops. */
    double get(Matrix m, int row, int col);

    /** Allocates a matrix holding a copy of a rectangular Java array. */
    default Matrix fromArray(double[][] data) {
        int rows = data.length;
        int cols = rows == 0 ? 0 : data[0].length;
        double[] flat = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            if (data[r].length != cols) {
                throw new IllegalArgumentException("fromArray: row " + r + " has " + data[r].length
                        + " columns, row 0 has " + cols);
            }
            System.arraycopy(data[r], 0, flat, r * cols, cols);
        }
        return fromRowMajor(rows, cols, flat);
    }

    /** A copy of {@code m} as a Java array of rows. */
    default double[][] toArray(Matrix m) {
        double[] flat = toRowMajor(m);
        double[][] out = new double[m.rows()][m.cols()];
        for (int r = 0; r < m.rows(); r++) {
            System.arraycopy(flat, r * m.cols(), out[r], 0, m.cols());
        }
        return out;
    }

    /** A copy of {@code m} in row-major order. */
    default double[] toRowMajor(Matrix m) {
        double[] out = new double[m.size()];
        getRowMajor(m, out);
        return out;
    }

    // ---- filling and copying ---------------------------------------------------------------------------------

    /** Sets every element of {@code m} to {@code value}. */
    void fill(Matrix m, double value);

    /** Copies {@code src} into {@code dst} of the same shape. */
    void copy(Matrix src, Matrix dst);

    /**
     * Fills {@code m} with draws from U[lo, hi), taken from {@code rng} in row-major order.
     *
     * <p>The draws happen here, in Java, whatever the backend: the same generator state gives the same matrix on
     * every backend.
     */
    default void fillUniform(Matrix m, double lo, double hi, RandomGenerator rng) {
        double[] data = new double[m.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = lo + (hi - lo) * rng.nextDouble();
        }
        setRowMajor(m, data);
    }

    /** Fills {@code m} with draws from N(mean, std^2), in row-major order; backend-independent like {@link #fillUniform}. */
    default void fillNormal(Matrix m, double mean, double std, RandomGenerator rng) {
        double[] data = new double[m.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = mean + std * rng.nextGaussian();
        }
        setRowMajor(m, data);
    }

    // ---- linear algebra --------------------------------------------------------------------------------------

    /**
     * General matrix multiply: {@code c = alpha * op(a) * op(b) + beta * c}, where {@code op(x)} is {@code x} or its
     * transpose. With {@code beta == 0} the old contents of {@code c} are ignored (even NaN). {@code c} must not be
     * {@code a} or {@code b}.
     */
    void gemm(boolean transA, boolean transB, double alpha, Matrix a, Matrix b, double beta, Matrix c);

    /**
     * {@link #gemm} on blocks of rows: with {@code a'} rows {@code aRow .. aRow + aRows - 1} of {@code a} and
     * {@code c'} rows {@code cRow .. cRow + cRows - 1} of {@code c} (every column of both),
     * {@code c' = alpha * op(a') * op(b) + beta * c'}; the other rows of {@code c} are kept, and {@code a}'s other
     * rows are not read. It lets a recurrent layer multiply step t's rows of a time-major
     * {@code (steps * batch) x features} matrix where they lie, instead of copying them out and back. A transposed
     * block is transposed as a block: {@code op(a')} is then {@code a.cols() x aRows}. {@code gemm(transA, transB,
     * alpha, a, 0, a.rows(), b, beta, c, 0, c.rows())} is {@link #gemm}, and every backend gives the bits that
     * {@code gemm} gives on copies of the blocks. {@code c} must not be {@code a} or {@code b}.
     *
     * <p>This default does exactly that, copying the blocks into matrices it allocates, so it allocates on every
     * call: a backend whose matrices can be read and written at a row offset overrides it.
     */
    default void gemm(boolean transA, boolean transB, double alpha, Matrix a, int aRow, int aRows, Matrix b,
            double beta, Matrix c, int cRow, int cRows) {
        Matrix aBlock = zeros(aRows, a.cols());
        Matrix cBlock = zeros(cRows, c.cols());
        copyRows(a, aRow, aBlock, 0, aRows);
        if (beta != 0.0) {
            copyRows(c, cRow, cBlock, 0, cRows);
        }
        gemm(transA, transB, alpha, aBlock, b, beta, cBlock);
        copyRows(cBlock, 0, c, cRow, cRows);
    }

    /** Allocates and returns {@code a * b}; a convenience for the edges, not for a training step. */
    default Matrix matmul(Matrix a, Matrix b) {
        Matrix c = zeros(a.rows(), b.cols());
        gemm(false, false, 1.0, a, b, 0.0, c);
        return c;
    }

    // ---- element-wise ----------------------------------------------------------------------------------------

    /** {@code out = op(x)} element by element. */
    void map(UnaryOp op, Matrix x, Matrix out);

    /** {@code out = op(a, b)} element by element, all three of one shape. */
    void zip(BinaryOp op, Matrix a, Matrix b, Matrix out);

    /**
     * {@code out = scale * x + shift} element by element, rounded once (fused) or twice as the backend chooses; a
     * zero shift may be left out, so the sign of a zero result is not bound. NaN and the infinities are exact.
     */
    void affine(Matrix x, double scale, double shift, Matrix out);

    /**
     * {@code out = min(max(x, lo), hi)} element by element, with {@link Math#min} and {@link Math#max} (PyTorch's
     * {@code clamp}): {@code NaN} stays {@code NaN}, and the result is exact.
     */
    void clip(Matrix x, double lo, double hi, Matrix out);

    /**
     * {@code y += alpha * x}, in place: the update of stochastic gradient descent. Rounded as {@link #affine}; for
     * {@code alpha == 0} too, a NaN or an infinity in x makes y NaN (BLAS's daxpy would skip x: backends must not).
     */
    void axpy(double alpha, Matrix x, Matrix y);

    // ---- broadcasting ----------------------------------------------------------------------------------------

    /** {@code out[i][j] = op(x[i][j], row[0][j])}: a {@code 1 x cols} row applied to every row of {@code x}. */
    void broadcastRow(BinaryOp op, Matrix x, Matrix row, Matrix out);

    /** {@code out[i][j] = op(x[i][j], column[i][0])}: a {@code rows x 1} column applied to every column of {@code x}. */
    void broadcastColumn(BinaryOp op, Matrix x, Matrix column, Matrix out);

    // ---- reductions ------------------------------------------------------------------------------------------

    /**
     * Reduces {@code x} along {@code axis} into {@code out}, of shape {@code 1 x cols} or {@code rows x 1}.
     * {@link Reduction#MAX} is exact and {@code NaN} when any element is; SUM and MEAN are IEEE sums in an order the
     * backend chooses, so they may differ from a left-to-right sum by rounding (at most about
     * {@code 2 n eps sum|x|}), but a {@code NaN} or both infinities give {@code NaN} and one infinity gives itself.
     */
    void reduce(Reduction op, Axis axis, Matrix x, Matrix out);

    /** The sum of every element, with the accuracy of {@link Reduction#SUM}. */
    double sum(Matrix x);

    /**
     * For each row, the column index of its largest element, into {@code out} ({@code out.length == rows}). As
     * PyTorch's {@code argmax}, {@code NaN} counts as larger than everything: a row holding NaN gives the index of
     * its first NaN; otherwise the first of the largest elements wins ({@code -0.0} and {@code +0.0} tie).
     */
    void argmaxRows(Matrix x, int[] out);

    // ---- gathering -------------------------------------------------------------------------------------------

    /**
     * Copies rows {@code rows[offset] .. rows[offset + count - 1]} of {@code src}, in that order, into the
     * {@code count} rows of {@code out}: how a data loader forms a shuffled mini-batch without leaving the backend.
     */
    void gatherRows(Matrix src, int[] rows, int offset, int count, Matrix out);

    /**
     * Copies the elements of {@code x} in row-major order into {@code out}, a matrix with as many elements and any
     * shape: how a {@code batch x (steps * features)} batch of sequences becomes {@code (batch * steps) x features}
     * rows for one product over every time step, and back. Exact. {@code out} is overwritten; it may not be
     * {@code x}.
     */
    void reshape(Matrix x, Matrix out);

    /**
     * Copies rows {@code srcRow .. srcRow + count - 1} of {@code src} into rows {@code dstRow .. dstRow + count - 1}
     * of {@code dst} (as many columns): how a recurrent layer takes step t's block of rows out of a time-major
     * {@code (steps * batch) x features} matrix, and puts one back. Exact. The other rows of {@code dst} are kept;
     * {@code dst} may not be {@code src}.
     */
    void copyRows(Matrix src, int srcRow, Matrix dst, int dstRow, int count);

    // ---- embeddings ------------------------------------------------------------------------------------------

    /**
     * Scatter-add, the adjoint of {@link #gatherRows}: for {@code i = 0, 1, ..., src.rows() - 1} in turn, adds row
     * {@code i} of {@code src} to row {@code rows[offset + i]} of {@code out} (same column count). A row named more
     * than once receives the sum of its contributions, added in that order whatever the threads, so the bits are
     * fixed; rows not named keep their contents. It collects an embedding's weight gradient from the gradients of
     * every position that looked a token up. {@code out} may not be {@code src}.
     */
    void scatterAddRows(Matrix src, int[] rows, int offset, Matrix out);

    // ---- recurrent cells ---------------------------------------------------------------------------------------
    //
    // One time step of a recurrent layer for a batch (one sample per row) with H hidden units, after the products:
    // the layer computes the gates' pre-activations with gemm (all steps' input products at once, then h W_hh^T per
    // step) and these fused element-wise operations do the rest, with PyTorch's gate order and formulas.
    // sigmoid and tanh are those of kernels.CellMath (within 2 ulps of StrictMath's), evaluated in one fixed order,
    // so every backend computes the same bits (the contract suite compares them with kernels.f64.RecurrentKernels).

    /**
     * An LSTM step. Rows {@code row .. row + batch - 1} of {@code gates} (any number of rows, {@code 4H} columns: a
     * layer passes its time-major matrix and step t's first row {@code t * batch}, as for {@link #gruCell}) hold the
     * pre-activations of the input, forget, cell and output gates {@code [i f g o]} (PyTorch's order) and are
     * overwritten with their activations {@code [sigmoid(i) sigmoid(f) tanh(g) sigmoid(o)]}, the other rows kept;
     * then {@code c = f * cPrev + i * g} and {@code h = o * tanh(c)} ({@code batch x H} each) are written.
     * {@code cPrev} is only read. All four must be distinct matrices.
     */
    void lstmCell(Matrix gates, int row, Matrix cPrev, Matrix c, Matrix h);

    /**
     * The gradient of {@link #lstmCell}. Rows {@code row .. row + batch - 1} of {@code gates} hold the activations
     * {@code [i f g o]} it left, {@code cPrev} and {@code c} the states it read and wrote, {@code dh} the gradient
     * with respect to {@code h} (only read), and {@code dc} the gradient with respect to {@code c} from later steps,
     * which is overwritten with the gradient with respect to {@code cPrev}:
     * {@code dc' = f * (dc + dh * o * (1 - tanh(c)^2))}. The same rows of {@code dGates} (the shape of
     * {@code gates}, its other rows kept) are overwritten with the gradient with respect to the gates'
     * pre-activations. All six must be distinct.
     */
    void lstmCellBackward(Matrix gates, int row, Matrix cPrev, Matrix c, Matrix dh, Matrix dc, Matrix dGates);

    /**
     * A GRU step. Rows {@code row .. row + batch - 1} of {@code gates} (any number of rows, {@code 3H} columns: a
     * layer passes its time-major matrix of every step's input products and step t's first row {@code t * batch},
     * so that no step copies its block out and back) hold the input part of the reset, update and new gates'
     * pre-activations {@code x W_ih^T + b_ih} ({@code [r z n]}, PyTorch's order), {@code hiddenGates}
     * ({@code batch x 3H}) the hidden part {@code hPrev W_hh^T + b_hh} (only read). As PyTorch:
     * {@code r = sigmoid(gates_r + hiddenGates_r)}, {@code z = sigmoid(gates_z + hiddenGates_z)},
     * {@code n = tanh(gates_n + r * hiddenGates_n)} (the reset gate scales the hidden part, bias included) and
     * {@code h = n + z * (hPrev - n)}. Those rows of {@code gates} are overwritten with {@code [r z n]}, its other
     * rows kept; {@code h} ({@code batch x H}) is written. All four must be distinct.
     */
    void gruCell(Matrix gates, int row, Matrix hiddenGates, Matrix hPrev, Matrix h);

    /**
     * The gradient of {@link #gruCell}, from the activations {@code [r z n]} it left in rows {@code row .. row +
     * batch - 1} of {@code gates}, the {@code hiddenGates} and {@code hPrev} it read and the gradient {@code dh} with
     * respect to {@code h} (all only read). Overwrites the same rows of {@code dGates} and of {@code dHiddenGates}
     * (both of the shape of {@code gates}, their other rows kept: a layer passes its time-major gradients) with the
     * gradient with respect to the input part of the pre-activations and with that with respect to the hidden part
     * (the same, except {@code r} times it for n), and {@code dhPrev} ({@code batch x H}) with the direct part of the
     * gradient with respect to {@code hPrev}, {@code dh * z}; the caller adds the product of those rows of
     * {@code dHiddenGates} with {@code W_hh} (a {@link #gemm(boolean, boolean, double, Matrix, int, int, Matrix,
     * double, Matrix, int, int) gemm on rows}). All seven must be distinct.
     */
    void gruCellBackward(Matrix gates, int row, Matrix hiddenGates, Matrix hPrev, Matrix dh, Matrix dGates,
            Matrix dHiddenGates, Matrix dhPrev);

    // ---- images ----------------------------------------------------------------------------------------------
    //
    // A batch of images is a matrix with one image per row, in NCHW order (channel, row, column), described by a
    // ConvGeometry. A convolution is then im2col and one product per batch: with the weights W as
    // outChannels x patchSize (PyTorch's [out, in, kH, kW] flattened), Y = W * cols is outChannels x (batch * outH *
    // outW), and transposeBlocks turns it into the batch x (outChannels * outH * outW) output. Its backward is
    // transposeBlocks of the output gradient G, dW = G * cols^T, dCols = W^T * G, and col2im(dCols). convolve and
    // convolveWeightGradient are the forward product and dW, which a backend may compute without the columns.

    /**
     * Image to columns: writes the {@code kernelH x kernelW} patches of the images {@code x}
     * ({@code batch x g.imageSize()}) into {@code cols} ({@code g.patchSize() x batch * g.outputPlane()}). Row
     * {@code (c * kernelH + ky) * kernelW + kx}, column {@code (n * outH + oy) * outW + ox} of {@code cols} holds
     * pixel {@code (oy * strideH - padH + ky, ox * strideW - padW + kx)} of channel {@code c} of image {@code n},
     * or 0 where that falls in the padding. Exact. {@code cols} is overwritten; it may not be {@code x}.
     */
    void im2col(Matrix x, ConvGeometry g, Matrix cols);

    /**
     * A convolution's forward product: overwrites {@code out} ({@code outChannels x batch * g.outputPlane()},
     * channel-major, as {@code Conv2d} multiplies) with {@code weight * im2col(x)}, for the images {@code x}
     * ({@code batch x g.imageSize()}) and the weights {@code weight} ({@code outChannels x g.patchSize()}). {@code cols}
     * ({@code g.patchSize() x batch * g.outputPlane()}) is a workspace: afterwards it holds {@code im2col(x)} or is
     * left as it was; pass the same one to {@link #convolveWeightGradient} for this {@code x}. {@code x} and
     * {@code weight} are only read; the four must be distinct. The sums are IEEE sums in an order the backend
     * chooses (a backend may convolve directly, without the columns).
     */
    default void convolve(Matrix x, ConvGeometry g, Matrix weight, Matrix cols, Matrix out) {
        im2col(x, g, cols);
        gemm(false, false, 1.0, weight, cols, 0.0, out);
    }

    /**
     * A convolution's weight gradient: overwrites {@code dW} ({@code outChannels x g.patchSize()}) with
     * {@code alpha * grad * im2col(x)^T}, for the gradient {@code grad} with respect to the output of
     * {@link #convolve} ({@code outChannels x batch * g.outputPlane()}) and its images {@code x}. {@code cols} is the
     * workspace that the last {@link #convolve} of this {@code x} was given (and may read it as {@code im2col(x)}).
     * {@code grad}, {@code x} and {@code cols} are only read; the four must be distinct. The sums are IEEE sums in
     * an order the backend chooses.
     */
    default void convolveWeightGradient(Matrix grad, Matrix x, ConvGeometry g, double alpha,
            Matrix cols, Matrix dW) {
        gemm(false, true, alpha, grad, cols, 0.0, dW);
    }

    /**
     * Columns to image, the adjoint of {@link #im2col}: overwrites {@code x} ({@code batch x g.imageSize()}) so that
     * each pixel is the sum of the entries of {@code cols} that {@code im2col} copies from it; entries that fall in
     * the padding are dropped. The sums are IEEE sums in an order the backend chooses. {@code x} may not be
     * {@code cols}.
     */
    void col2im(Matrix cols, ConvGeometry g, Matrix x);

    /**
     * A convolution's input gradient: overwrites {@code dx} ({@code batch x g.imageSize()}) with
     * {@code col2im(weight^T * grad)}, where {@code weight} is {@code outChannels x g.patchSize()} and {@code grad}
     * the output gradient reordered to {@code outChannels x (batch * g.outputPlane())} (only read).
     * {@code gradCols} ({@code g.patchSize() x (batch * g.outputPlane())}) is a workspace for the product and is
     * left with unspecified contents. A backend may compute it a band of images at a time, so that the product's
     * columns are still in cache when col2im reads them back. All four matrices must be distinct. This default is
     * {@link #gemm(boolean, boolean, double, Matrix, Matrix, double, Matrix) gemm} into {@code gradCols}, then
     * {@link #col2im}.
     */
    default void convolveInputGradient(Matrix weight, Matrix grad, ConvGeometry g, Matrix gradCols, Matrix dx) {
        gemm(true, false, 1.0, weight, grad, 0.0, gradCols);
        col2im(gradCols, g, dx);
    }

    /**
     * Block transpose: views {@code x} ({@code r x b * block}) as an {@code r x b} grid of blocks of {@code block}
     * consecutive elements and writes the transposed grid into {@code out} ({@code b x r * block}), each block
     * kept whole. It reorders a convolution's {@code channels x (batch * plane)} product into
     * {@code batch x (channels * plane)} rows, and back. Exact. {@code out} is overwritten; it may not be {@code x}.
     */
    void transposeBlocks(Matrix x, int block, Matrix out);

    /**
     * Max pooling of each channel of the images {@code x} ({@code batch x g.imageSize()}) into {@code out}
     * ({@code batch x g.pooledSize()}, channel, then row, then column), padding ignored (PyTorch pads with
     * {@code -Infinity}; {@code g}'s padding may be at most half the kernel). As PyTorch, and as {@link #argmaxRows}:
     * a NaN counts as the maximum and the first NaN of a window wins, otherwise the first largest element (in
     * row-major order within the window) wins. {@code winners} ({@code out.size()} long) is overwritten with, for
     * each element of {@code out} in row-major order, the column of its row of {@code x} that won: what
     * {@link #maxPoolBackward} needs. {@code out} is overwritten; it may not be {@code x}.
     */
    void maxPool(Matrix x, ConvGeometry g, Matrix out, int[] winners);

    /**
     * The gradient of {@link #maxPool}: overwrites {@code gradIn} ({@code batch x g.imageSize()}) with zeros and
     * adds each element of {@code gradOut} ({@code batch x g.pooledSize()}) to the element of its row that
     * {@code winners} names (overlapping windows add up). {@code winners} is only read.
     */
    void maxPoolBackward(Matrix gradOut, ConvGeometry g, int[] winners, Matrix gradIn);

    /**
     * Average pooling: each element of {@code out} ({@code batch x g.pooledSize()}) is the sum of its window of
     * {@code x} ({@code batch x g.imageSize()}) divided by {@code kernelH * kernelW}, padding counting as zeros
     * (PyTorch's default {@code count_include_pad}). {@code out} is overwritten; it may not be {@code x}.
     */
    void avgPool(Matrix x, ConvGeometry g, Matrix out);

    /**
     * The gradient of {@link #avgPool}: overwrites {@code gradIn} ({@code batch x g.imageSize()}) so that each
     * pixel receives {@code gradOut / (kernelH * kernelW)} from every window it lies in.
     */
    void avgPoolBackward(Matrix gradOut, ConvGeometry g, Matrix gradIn);
}
