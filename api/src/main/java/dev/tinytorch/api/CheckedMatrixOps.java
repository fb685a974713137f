package dev.tinytorch.api;

import java.util.Objects;

/**
 * Validates every call before a backend sees it, so that each backend can trust its arguments and every backend
 * reports a mistake in the same words.
 *
 * <p>A wrong shape, a matrix from another backend or a forbidden alias becomes an {@link IllegalArgumentException}
 * that names the operation and the shapes involved. {@link Backends} wraps every backend it hands out in one.
 */
public final class CheckedMatrixOps implements MatrixOps {

    private final MatrixOps backend;

    /** Wraps {@code backend}; wrapping an already checked backend returns an equivalent wrapper. */
    public CheckedMatrixOps(MatrixOps backend) {
        this.backend = backend instanceof CheckedMatrixOps checked ? checked.backend : Objects.requireNonNull(backend);
    }

    /** The unchecked backend underneath, for code that must reach its native types (benchmarks, tests). */
    public MatrixOps unwrap() {
        return backend;
    }

    @Override
    public String name() {
        return backend.name();
    }

    @Override
    public DType dtype() {
        return backend.dtype();
    }

    @Override
    public boolean owns(Matrix m) {
        return backend.owns(m);
    }

    @Override
    public String toString() {
        return backend.name();
    }

    @Override
    public Matrix zeros(int rows, int cols) {
        requireDimensions("zeros", rows, cols);
        return backend.zeros(rows, cols);
    }

    @Override
    public Matrix fromRowMajor(int rows, int cols, double[] data) {
        requireDimensions("fromRowMajor", rows, cols);
        requireLength("fromRowMajor", rows, cols, data.length);
        return backend.fromRowMajor(rows, cols, data);
    }

    @Override
    public void setRowMajor(Matrix m, double[] data) {
        own("setRowMajor", null, m);
        requireLength("setRowMajor", m.rows(), m.cols(), data.length);
        backend.setRowMajor(m, data);
    }

    @Override
    public void getRowMajor(Matrix m, double[] dst) {
        own("getRowMajor", null, m);
        requireLength("getRowMajor", m.rows(), m.cols(), dst.length);
        backend.getRowMajor(m, dst);
    }

    @Override
    public double get(Matrix m, int row, int col) {
        own("get", null, m);
        if (row < 0 || row >= m.rows() || col < 0 || col >= m.cols()) {
            throw new IndexOutOfBoundsException("get: (" + row + ", " + col + ") is outside a " + m.shape() + " matrix");
        }
        return backend.get(m, row, col);
    }

    @Override
    public void fill(Matrix m, double value) {
        own("fill", null, m);
        backend.fill(m, value);
    }

    @Override
    public void copy(Matrix src, Matrix dst) {
        own("copy", null, src, dst);
        sameShape("copy", null, src, dst);
        if (src != dst) {
            backend.copy(src, dst);
        }
    }

    @Override
    public void gemm(boolean transA, boolean transB, double alpha, Matrix a, Matrix b, double beta, Matrix c) {
        own("gemm", null, a, b, c);
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (k != kb) {
            throw new IllegalArgumentException("gemm: inner dimensions differ (" + k + " vs " + kb + "): "
                    + describeGemm(transA, transB, a, b, c));
        }
        if (c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("gemm: C must be " + m + "x" + n + ": "
                    + describeGemm(transA, transB, a, b, c));
        }
        if (c == a || c == b) {
            throw new IllegalArgumentException("gemm: the output C may not also be an input: "
                    + describeGemm(transA, transB, a, b, c));
        }
        backend.gemm(transA, transB, alpha, a, b, beta, c);
    }

    @Override
    public void gemm(boolean transA, boolean transB, double alpha, Matrix a, int aRow, int aRows, Matrix b,
            double beta, Matrix c, int cRow, int cRows) {
        own("gemm", null, a, b, c);
        rowRange("A", a, aRow, aRows, transA, transB, a, aRow, aRows, b, c, cRow, cRows);
        rowRange("C", c, cRow, cRows, transA, transB, a, aRow, aRows, b, c, cRow, cRows);
        int m = transA ? a.cols() : aRows;
        int k = transA ? aRows : a.cols();
        int kb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (k != kb) {
            throw new IllegalArgumentException("gemm: inner dimensions differ (" + k + " vs " + kb + "): "
                    + describeRowGemm(transA, transB, a, aRow, aRows, b, c, cRow, cRows));
        }
        if (cRows != m || c.cols() != n) {
            throw new IllegalArgumentException("gemm: C's block must be " + m + "x" + n + ": "
                    + describeRowGemm(transA, transB, a, aRow, aRows, b, c, cRow, cRows));
        }
        if (c == a || c == b) {
            throw new IllegalArgumentException("gemm: the output C may not also be an input: "
                    + describeRowGemm(transA, transB, a, aRow, aRows, b, c, cRow, cRows));
        }
        backend.gemm(transA, transB, alpha, a, aRow, aRows, b, beta, c, cRow, cRows);
    }

    /** A block of rows {@code row .. row + rows - 1} of operand {@code name} lies inside {@code m}. */
    private static void rowRange(String name, Matrix m, int row, int rows, boolean transA, boolean transB, Matrix a,
            int aRow, int aRows, Matrix b, Matrix c, int cRow, int cRows) {
        if (row < 0 || rows < 0 || (long) row + rows > m.rows()) {
            throw new IllegalArgumentException("gemm: " + name + "'s rows " + row + ".." + ((long) row + rows - 1)
                    + " (" + rows + " rows) fall outside " + name + " " + m.shape() + ": "
                    + describeRowGemm(transA, transB, a, aRow, aRows, b, c, cRow, cRows));
        }
    }

    @Override
    public void map(UnaryOp op, Matrix x, Matrix out) {
        own("map", op, x, out);
        sameShape("map", op, x, out);
        backend.map(op, x, out);
    }

    @Override
    public void zip(BinaryOp op, Matrix a, Matrix b, Matrix out) {
        own("zip", op, a, b, out);
        sameShape("zip", op, a, b);
        sameShape("zip", op, a, out);
        backend.zip(op, a, b, out);
    }

    @Override
    public void affine(Matrix x, double scale, double shift, Matrix out) {
        own("affine", null, x, out);
        sameShape("affine", null, x, out);
        backend.affine(x, scale, shift, out);
    }

    @Override
    public void clip(Matrix x, double lo, double hi, Matrix out) {
        own("clip", null, x, out);
        sameShape("clip", null, x, out);
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clip: lower bound " + lo + " is not at most upper bound " + hi);
        }
        backend.clip(x, lo, hi, out);
    }

    @Override
    public void axpy(double alpha, Matrix x, Matrix y) {
        own("axpy", null, x, y);
        sameShape("axpy", null, x, y);
        backend.axpy(alpha, x, y);
    }

    @Override
    public void broadcastRow(BinaryOp op, Matrix x, Matrix row, Matrix out) {
        own("broadcastRow", op, x, row, out);
        if (row.rows() != 1 || row.cols() != x.cols()) {
            throw new IllegalArgumentException("broadcastRow " + op + ": row must be 1x" + x.cols() + " to broadcast over "
                    + x.shape() + ", got " + row.shape());
        }
        sameShape("broadcastRow", op, x, out);
        backend.broadcastRow(op, x, row, out);
    }

    @Override
    public void broadcastColumn(BinaryOp op, Matrix x, Matrix column, Matrix out) {
        own("broadcastColumn", op, x, column, out);
        if (column.cols() != 1 || column.rows() != x.rows()) {
            throw new IllegalArgumentException("broadcastColumn " + op + ": column must be " + x.rows() + "x1 to broadcast over "
                    + x.shape() + ", got " + column.shape());
        }
        sameShape("broadcastColumn", op, x, out);
        backend.broadcastColumn(op, x, column, out);
    }

    @Override
    public void reduce(Reduction op, Axis axis, Matrix x, Matrix out) {
        own("reduce", op, x, out);
        int rows = axis.resultRows(x.rows());
        int cols = axis.resultCols(x.cols());
        if (out.rows() != rows || out.cols() != cols) {
            throw new IllegalArgumentException("reduce " + op + " " + axis + ": output must be " + rows + "x" + cols + " for input "
                    + x.shape() + ", got " + out.shape());
        }
        if (out == x) {
            throw new IllegalArgumentException("reduce " + op + ": the output may not be the input " + x.shape());
        }
        if ((op == Reduction.MAX || op == Reduction.MEAN) && (axis == Axis.OVER_ROWS ? x.rows() : x.cols()) == 0) {
            throw new IllegalArgumentException("reduce " + op + " " + axis + ": " + op + " of an empty " + x.shape() + " matrix is undefined");
        }
        backend.reduce(op, axis, x, out);
    }

    @Override
    public double sum(Matrix x) {
        own("sum", null, x);
        return backend.sum(x);
    }

    @Override
    public void argmaxRows(Matrix x, int[] out) {
        own("argmaxRows", null, x);
        if (out.length != x.rows()) {
            throw new IllegalArgumentException("argmaxRows: output has length " + out.length + ", input "
                    + x.shape() + " has " + x.rows() + " rows");
        }
        if (x.cols() == 0 && x.rows() > 0) {
            throw new IllegalArgumentException("argmaxRows: an " + x.shape() + " matrix has no columns");
        }
        backend.argmaxRows(x, out);
    }

    @Override
    public void gatherRows(Matrix src, int[] rows, int offset, int count, Matrix out) {
        own("gatherRows", null, src, out);
        if (offset < 0 || count < 0 || offset + count > rows.length) {
            throw new IllegalArgumentException("gatherRows: indices [" + offset + ", " + (offset + count)
                    + ") are outside an index array of length " + rows.length);
        }
        if (out.rows() != count || out.cols() != src.cols()) {
            throw new IllegalArgumentException("gatherRows: output must be " + count + "x" + src.cols()
                    + " to hold " + count + " rows of " + src.shape() + ", got " + out.shape());
        }
        if (out == src) {
            throw new IllegalArgumentException("gatherRows: the output may not be the source " + src.shape());
        }
        for (int i = offset; i < offset + count; i++) {
            if (rows[i] < 0 || rows[i] >= src.rows()) {
                throw new IndexOutOfBoundsException("gatherRows: row index " + rows[i] + " at position " + i
                        + " is outside a " + src.shape() + " matrix");
            }
        }
        backend.gatherRows(src, rows, offset, count, out);
    }

    @Override
    public void reshape(Matrix x, Matrix out) {
        own("reshape", null, x, out);
        if ((long) x.rows() * x.cols() != (long) out.rows() * out.cols()) {
            throw new IllegalArgumentException("reshape: " + x.shape() + " has " + ((long) x.rows() * x.cols())
                    + " elements, the output " + out.shape() + " has " + ((long) out.rows() * out.cols()));
        }
        distinct("reshape", x, out);
        backend.reshape(x, out);
    }

    @Override
    public void scatterAddRows(Matrix src, int[] rows, int offset, Matrix out) {
        own("scatterAddRows", null, src, out);
        int count = src.rows();
        if (offset < 0 || offset + count > rows.length) {
            throw new IllegalArgumentException("scatterAddRows: indices [" + offset + ", " + (offset + count)
                    + ") for the " + count + " rows of " + src.shape() + " are outside an index array of length "
                    + rows.length);
        }
        if (out.cols() != src.cols()) {
            throw new IllegalArgumentException("scatterAddRows: the rows of " + src.shape()
                    + " cannot be added to the rows of " + out.shape() + ": the column counts differ");
        }
        distinct("scatterAddRows", src, out);
        for (int i = offset; i < offset + count; i++) {
            if (rows[i] < 0 || rows[i] >= out.rows()) {
                throw new IndexOutOfBoundsException("scatterAddRows: row index " + rows[i] + " at position " + i
                        + " is outside the " + out.shape() + " output");
            }
        }
        backend.scatterAddRows(src, rows, offset, out);
    }

    @Override
    public void copyRows(Matrix src, int srcRow, Matrix dst, int dstRow, int count) {
        own("copyRows", null, src, dst);
        if (src.cols() != dst.cols()) {
            throw new IllegalArgumentException("copyRows: " + src.shape() + " and " + dst.shape()
                    + " have different column counts");
        }
        if (count < 0 || srcRow < 0 || dstRow < 0 || (long) srcRow + count > src.rows()
                || (long) dstRow + count > dst.rows()) {
            throw new IndexOutOfBoundsException("copyRows: " + count + " rows from row " + srcRow + " of "
                    + src.shape() + " to row " + dstRow + " of " + dst.shape() + " fall outside");
        }
        distinct("copyRows", src, dst);
        backend.copyRows(src, srcRow, dst, dstRow, count);
    }

    @Override
    public void lstmCell(Matrix gates, int row, Matrix cPrev, Matrix c, Matrix h) {
        own("lstmCell", null, gates, cPrev, c);
        own("lstmCell", null, h);
        gateBlock("lstmCell", gates, row, 4, cPrev);
        sameShape("lstmCell", "states", cPrev, c);
        sameShape("lstmCell", "states", cPrev, h);
        distinctAll("lstmCell", gates, cPrev, c, h, null, null, null);
        backend.lstmCell(gates, row, cPrev, c, h);
    }

    @Override
    public void lstmCellBackward(Matrix gates, int row, Matrix cPrev, Matrix c, Matrix dh, Matrix dc,
            Matrix dGates) {
        own("lstmCellBackward", null, gates, cPrev, c);
        own("lstmCellBackward", null, dh, dc, dGates);
        gateBlock("lstmCellBackward", gates, row, 4, cPrev);
        sameShape("lstmCellBackward", "states", cPrev, c);
        sameShape("lstmCellBackward", "states", cPrev, dh);
        sameShape("lstmCellBackward", "states", cPrev, dc);
        sameShape("lstmCellBackward", "dGates", gates, dGates);
        distinctAll("lstmCellBackward", gates, cPrev, c, dh, dc, dGates, null);
        backend.lstmCellBackward(gates, row, cPrev, c, dh, dc, dGates);
    }

    /**
     * A step's block of a time-major gate matrix given by its states: {@code gates} has {@code gateCount} gates of
     * {@code state.cols()} units, and rows {@code row .. row + state.rows() - 1} lie inside it.
     */
    private static void gateBlock(String op, Matrix gates, int row, int gateCount, Matrix state) {
        if ((long) gates.cols() != (long) gateCount * state.cols() || row < 0
                || (long) row + state.rows() > gates.rows()) {
            throw new IllegalArgumentException(op + ": gates " + gates.shape() + " must have "
                    + ((long) gateCount * state.cols()) + " columns (" + gateCount + " gates of " + state.cols()
                    + " units) and rows " + row + ".." + ((long) row + state.rows() - 1) + " (the " + state.rows()
                    + " rows of the states " + state.shape() + ")");
        }
    }

    @Override
    public void gruCell(Matrix gates, int row, Matrix hiddenGates, Matrix hPrev, Matrix h) {
        own("gruCell", null, gates, hiddenGates, hPrev);
        own("gruCell", null, h);
        cellShapes("gruCell", "hiddenGates", hiddenGates, 3, hPrev, h, h, h);
        gateRows("gruCell", gates, row, hiddenGates);
        distinctAll("gruCell", gates, hiddenGates, hPrev, h, null, null, null);
        backend.gruCell(gates, row, hiddenGates, hPrev, h);
    }

    @Override
    public void gruCellBackward(Matrix gates, int row, Matrix hiddenGates, Matrix hPrev, Matrix dh, Matrix dGates,
            Matrix dHiddenGates, Matrix dhPrev) {
        own("gruCellBackward", null, gates, hiddenGates, hPrev);
        own("gruCellBackward", null, dh, dGates, dHiddenGates);
        own("gruCellBackward", null, dhPrev);
        cellShapes("gruCellBackward", "hiddenGates", hiddenGates, 3, hPrev, dh, dhPrev, dhPrev);
        gateRows("gruCellBackward", gates, row, hiddenGates);
        sameShape("gruCellBackward", "dGates", gates, dGates);
        sameShape("gruCellBackward", "dHiddenGates", gates, dHiddenGates);
        distinctAll("gruCellBackward", gates, hiddenGates, hPrev, dh, dGates, dHiddenGates, dhPrev);
        backend.gruCellBackward(gates, row, hiddenGates, hPrev, dh, dGates, dHiddenGates, dhPrev);
    }

    /**
     * A step's block of a time-major gate matrix: {@code gates} has the columns of {@code step} (one step's
     * {@code batch x gates} operand), and rows {@code row .. row + batch - 1} lie inside it.
     */
    private static void gateRows(String op, Matrix gates, int row, Matrix step) {
        if (gates.cols() != step.cols() || row < 0 || (long) row + step.rows() > gates.rows()) {
            throw new IllegalArgumentException(op + ": gates " + gates.shape() + " must have " + step.cols()
                    + " columns and rows " + row + ".." + ((long) row + step.rows() - 1) + " (the " + step.rows()
                    + " rows of hiddenGates " + step.shape() + ")");
        }
    }

    /**
     * A cell's operands: {@code gates} is {@code batch x (gateCount * H)} where the state {@code a} is
     * {@code batch x H}, and the states {@code b}, {@code c}, {@code d} have {@code a}'s shape.
     */
    private static void cellShapes(String op, String gatesName, Matrix gates, int gateCount, Matrix a, Matrix b,
            Matrix c, Matrix d) {
        if (gates.rows() != a.rows() || (long) gates.cols() != (long) gateCount * a.cols()) {
            throw new IllegalArgumentException(op + ": " + gatesName + " must be " + a.rows() + "x" + ((long) gateCount * a.cols())
                    + " (" + gateCount + " gates of " + a.cols() + " units) for states " + a.shape() + ", got "
                    + gates.shape());
        }
        sameShape(op, "states", a, b);
        sameShape(op, "states", a, c);
        sameShape(op, "states", a, d);
    }

    /**
     * Rejects any matrix passed twice (the cells read some operands after writing others); {@code null} stands for
     * an unused position. Fixed arity, as {@link #own}, so that a check allocates nothing.
     */
    private static void distinctAll(String op, Matrix a, Matrix b, Matrix c, Matrix d, Matrix e, Matrix f,
            Matrix g) {
        for (int i = 0; i < 7; i++) {
            Matrix x = pick(i, a, b, c, d, e, f, g);
            for (int j = i + 1; j < 7; j++) {
                if (x != null && x == pick(j, a, b, c, d, e, f, g)) {
                    throw new IllegalArgumentException(op + ": argument " + (i + 1) + " and argument " + (j + 1)
                            + " are the same " + x.shape() + " matrix; they must be distinct");
                }
            }
        }
    }

    private static Matrix pick(int i, Matrix a, Matrix b, Matrix c, Matrix d, Matrix e, Matrix f, Matrix g) {
        return switch (i) {
            case 0 -> a;
            case 1 -> b;
            case 2 -> c;
            case 3 -> d;
            case 4 -> e;
            case 5 -> f;
            default -> g;
        };
    }

    @Override
    public void im2col(Matrix x, ConvGeometry g, Matrix cols) {
        own("im2col", null, x, cols);
        int batch = images("im2col", "x", x, g);
        requireShape("im2col", "cols", cols, g.patchSize(), (long) batch * g.outputPlane(), g, x);
        distinct("im2col", x, cols);
        backend.im2col(x, g, cols);
    }

    @Override
    public void convolve(Matrix x, ConvGeometry g, Matrix weight, Matrix cols, Matrix out) {
        own("convolve", null, x, weight, cols);
        ownOne("convolve", null, out);
        int batch = images("convolve", "x", x, g);
        long columns = (long) batch * g.outputPlane();
        if (weight.cols() != g.patchSize()) {
            throw new IllegalArgumentException("convolve: the weights must have " + g.patchSize()
                    + " columns, one per element of a patch, for " + g + "; got " + weight.shape() + " (x "
                    + x.shape() + ")");
        }
        requireShape("convolve", "cols", cols, g.patchSize(), columns, g, x);
        requireShape("convolve", "out (the weights' rows by the columns')", out, weight.rows(), columns, g, x);
        distinctAll("convolve", x, weight, cols, out, null, null, null);
        backend.convolve(x, g, weight, cols, out);
    }

    @Override
    public void convolveWeightGradient(Matrix grad, Matrix x, ConvGeometry g, double alpha, Matrix cols,
            Matrix dW) {
        own("convolveWeightGradient", null, grad, x, cols);
        ownOne("convolveWeightGradient", null, dW);
        int batch = images("convolveWeightGradient", "x", x, g);
        long columns = (long) batch * g.outputPlane();
        requireShape("convolveWeightGradient", "cols", cols, g.patchSize(), columns, g, x);
        if (grad.cols() != columns) {
            throw new IllegalArgumentException("convolveWeightGradient: grad must have " + columns
                    + " columns, the output's, for " + x.shape() + " images of " + g + "; got " + grad.shape());
        }
        requireShape("convolveWeightGradient", "dW (grad's rows by the patch size)", dW, grad.rows(),
                g.patchSize(), g, x);
        distinctAll("convolveWeightGradient", grad, x, cols, dW, null, null, null);
        backend.convolveWeightGradient(grad, x, g, alpha, cols, dW);
    }

    @Override
    public void col2im(Matrix cols, ConvGeometry g, Matrix x) {
        own("col2im", null, cols, x);
        int batch = images("col2im", "x", x, g);
        requireShape("col2im", "cols", cols, g.patchSize(), (long) batch * g.outputPlane(), g, x);
        distinct("col2im", cols, x);
        backend.col2im(cols, g, x);
    }

    @Override
    public void convolveInputGradient(Matrix weight, Matrix grad, ConvGeometry g, Matrix gradCols, Matrix dx) {
        own("convolveInputGradient", null, weight, grad);
        own("convolveInputGradient", null, gradCols, dx);
        int batch = images("convolveInputGradient", "dx", dx, g);
        if (weight.cols() != g.patchSize()) {
            throw new IllegalArgumentException("convolveInputGradient: weight must have " + g.patchSize()
                    + " columns, one per element of a patch of " + g + "; got " + weight.shape());
        }
        long pixels = (long) batch * g.outputPlane();
        if (grad.rows() != weight.rows() || grad.cols() != pixels) {
            throw new IllegalArgumentException("convolveInputGradient: grad must be " + weight.rows() + "x" + pixels
                    + " (the rows of weight " + weight.shape() + " by the output pixels of dx " + dx.shape()
                    + " of " + g + "); got " + grad.shape());
        }
        requireShape("convolveInputGradient", "gradCols", gradCols, g.patchSize(), pixels, g, dx);
        distinctAll("convolveInputGradient", weight, grad, gradCols, dx, null, null, null);
        backend.convolveInputGradient(weight, grad, g, gradCols, dx);
    }

    @Override
    public void transposeBlocks(Matrix x, int block, Matrix out) {
        own("transposeBlocks", null, x, out);
        if (block <= 0 || x.cols() % block != 0) {
            throw new IllegalArgumentException("transposeBlocks: blocks of " + block + " do not tile the "
                    + x.cols() + " columns of " + x.shape());
        }
        int blocks = x.cols() / block;
        if (out.rows() != blocks || (long) out.cols() != (long) x.rows() * block) {
            throw new IllegalArgumentException("transposeBlocks: output must be " + blocks + "x"
                    + ((long) x.rows() * block) + " for " + x.shape() + " in blocks of " + block + ", got "
                    + out.shape());
        }
        distinct("transposeBlocks", x, out);
        backend.transposeBlocks(x, block, out);
    }

    @Override
    public void maxPool(Matrix x, ConvGeometry g, Matrix out, int[] winners) {
        own("maxPool", null, x, out);
        pooling("maxPool", x, g, out);
        if (winners.length != out.size()) {
            throw new IllegalArgumentException("maxPool: winners has length " + winners.length + ", the "
                    + out.shape() + " output has " + out.size() + " elements (" + g + ")");
        }
        distinct("maxPool", x, out);
        backend.maxPool(x, g, out, winners);
    }

    @Override
    public void maxPoolBackward(Matrix gradOut, ConvGeometry g, int[] winners, Matrix gradIn) {
        own("maxPoolBackward", null, gradOut, gradIn);
        pooling("maxPoolBackward", gradIn, g, gradOut);
        if (winners.length != gradOut.size()) {
            throw new IllegalArgumentException("maxPoolBackward: winners has length " + winners.length + ", the "
                    + gradOut.shape() + " gradient has " + gradOut.size() + " elements (" + g + ")");
        }
        int imageSize = g.imageSize();
        for (int i = 0; i < winners.length; i++) {
            if (winners[i] < 0 || winners[i] >= imageSize) {
                throw new IndexOutOfBoundsException("maxPoolBackward: winner " + winners[i] + " at position " + i
                        + " is outside an image of " + imageSize + " elements (" + g + ")");
            }
        }
        distinct("maxPoolBackward", gradOut, gradIn);
        backend.maxPoolBackward(gradOut, g, winners, gradIn);
    }

    @Override
    public void avgPool(Matrix x, ConvGeometry g, Matrix out) {
        own("avgPool", null, x, out);
        pooling("avgPool", x, g, out);
        distinct("avgPool", x, out);
        backend.avgPool(x, g, out);
    }

    @Override
    public void avgPoolBackward(Matrix gradOut, ConvGeometry g, Matrix gradIn) {
        own("avgPoolBackward", null, gradOut, gradIn);
        pooling("avgPoolBackward", gradIn, g, gradOut);
        distinct("avgPoolBackward", gradOut, gradIn);
        backend.avgPoolBackward(gradOut, g, gradIn);
    }

    /** Checks that {@code m} holds one image of {@code g} per row and returns the batch size. */
    private static int images(String op, String what, Matrix m, ConvGeometry g) {
        if (m.cols() != g.imageSize()) {
            throw new IllegalArgumentException(op + ": " + what + " must have " + g.imageSize()
                    + " columns, one image per row, for " + g + "; got " + m.shape());
        }
        return m.rows();
    }

    /** Checks a pooling's images, its padding and its pooled matrix; returns the batch size. */
    private static int pooling(String op, Matrix images, ConvGeometry g, Matrix pooled) {
        int batch = images(op, "the images", images, g);
        if (2 * g.padH() > g.kernelH() || 2 * g.padW() > g.kernelW()) {
            throw new IllegalArgumentException(op + ": padding may be at most half the kernel, got " + g);
        }
        requireShape(op, "the pooled matrix", pooled, batch, g.pooledSize(), g, images);
        return batch;
    }

    private static void requireShape(String op, String what, Matrix m, int rows, long cols, ConvGeometry g,
            Matrix images) {
        if (m.rows() != rows || m.cols() != cols) {
            throw new IllegalArgumentException(op + ": " + what + " must be " + rows + "x" + cols + " for "
                    + images.shape() + " images of " + g + "; got " + m.shape());
        }
    }

    private static void distinct(String op, Matrix in, Matrix out) {
        if (in == out) {
            throw new IllegalArgumentException(op + ": the output may not be the input " + in.shape());
        }
    }

    private static String describeRowGemm(boolean transA, boolean transB, Matrix a, int aRow, int aRows, Matrix b,
            Matrix c, int cRow, int cRows) {
        return "op(A) = A" + (transA ? "^T" : "") + " with A rows " + aRow + ".." + ((long) aRow + aRows - 1)
                + " of " + a.shape() + ", op(B) = B" + (transB ? "^T" : "") + " with B " + b.shape() + ", C rows "
                + cRow + ".." + ((long) cRow + cRows - 1) + " of " + c.shape();
    }

    private static String describeGemm(boolean transA, boolean transB, Matrix a, Matrix b, Matrix c) {
        return "op(A) = A" + (transA ? "^T" : "") + " with A " + a.shape() + ", op(B) = B" + (transB ? "^T" : "")
                + " with B " + b.shape() + ", C " + c.shape();
    }

    private static void requireDimensions(String op, int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(op + ": dimensions must not be negative, got " + rows + "x" + cols);
        }
    }

    // Takes the dimensions rather than a shape string, so that a call that passes builds no message.
    private static void requireLength(String op, int rows, int cols, int actual) {
        long expected = (long) rows * cols;
        if (expected != actual) {
            throw new IllegalArgumentException(op + ": a " + rows + "x" + cols + " matrix needs " + expected
                    + " values, the array has " + actual);
        }
    }

    private static void sameShape(String op, Object kind, Matrix a, Matrix b) {
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new IllegalArgumentException(name(op, kind) + ": shapes differ: " + a.shape() + " vs " + b.shape());
        }
    }

    private static String name(String op, Object kind) {
        return kind == null ? op : op + " " + kind;
    }

    // Fixed-arity overloads: a varargs array would allocate on every call of a training step.
    private void own(String op, Object kind, Matrix a) {
        ownOne(op, kind, a);
    }

    private void own(String op, Object kind, Matrix a, Matrix b) {
        ownOne(op, kind, a);
        ownOne(op, kind, b);
    }

    private void own(String op, Object kind, Matrix a, Matrix b, Matrix c) {
        ownOne(op, kind, a);
        ownOne(op, kind, b);
        ownOne(op, kind, c);
    }

    private void ownOne(String op, Object kind, Matrix m) {
        if (m == null) {
            throw new NullPointerException(name(op, kind) + ": matrix argument is null");
        }
        if (!backend.owns(m)) {
            throw new IllegalArgumentException(name(op, kind) + ": a " + m.shape() + " matrix of type "
                    + m.getClass().getSimpleName() + " does not belong to the '" + backend.name()
                    + "' backend in " + backend.dtype() + "; move it with fromRowMajor/toRowMajor first");
        }
    }
}
