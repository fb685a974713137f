package dev.tinytorch.nn;

import com.sun.management.ThreadMXBean;
import dev.tinytorch.api.Axis;
import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.ConvGeometry;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.Reduction;
import dev.tinytorch.api.UnaryOp;
import java.lang.management.ManagementFactory;

/**
 * A backend decorator that counts the bytes this thread allocates inside the backend, so that a test can tell
 * what the code calling it (the layers) allocates: total minus inside. Whether a backend allocates may depend on
 * the JIT (escape analysis, vector intrinsics); what nn's own code allocates must not.
 */
final class AllocationMeter implements MatrixOps {

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final MatrixOps backend;
    private long insideBackend;

    AllocationMeter(MatrixOps backend) {
        this.backend = backend;
    }

    /** Whether this JVM counts allocated bytes per thread. */
    static boolean supported() {
        return THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled();
    }

    /** Bytes this thread has allocated so far, in total. */
    static long allocatedByThisThread() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /** Bytes this thread has allocated inside the backend's operations so far. */
    long insideBackend() {
        return insideBackend;
    }

    private long start() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    private void stop(long start) {
        insideBackend += THREADS.getCurrentThreadAllocatedBytes() - start;
    }

    @Override
    public String name() {
        return backend.name();
    }

    @Override
    public boolean owns(Matrix m) {
        long s = start();
        boolean owns = backend.owns(m);
        stop(s);
        return owns;
    }

    @Override
    public Matrix zeros(int rows, int cols) {
        long s = start();
        Matrix m = backend.zeros(rows, cols);
        stop(s);
        return m;
    }

    @Override
    public Matrix fromRowMajor(int rows, int cols, double[] data) {
        long s = start();
        Matrix m = backend.fromRowMajor(rows, cols, data);
        stop(s);
        return m;
    }

    @Override
    public void setRowMajor(Matrix m, double[] data) {
        long s = start();
        backend.setRowMajor(m, data);
        stop(s);
    }

    @Override
    public void getRowMajor(Matrix m, double[] dst) {
        long s = start();
        backend.getRowMajor(m, dst);
        stop(s);
    }

    @Override
    public double get(Matrix m, int row, int col) {
        long s = start();
        double v = backend.get(m, row, col);
        stop(s);
        return v;
    }

    @Override
    public void fill(Matrix m, double value) {
        long s = start();
        backend.fill(m, value);
        stop(s);
    }

    @Override
    public void copy(Matrix src, Matrix dst) {
        long s = start();
        backend.copy(src, dst);
        stop(s);
    }

    @Override
    public void gemm(boolean transA, boolean transB, double alpha, Matrix a, Matrix b, double beta, Matrix c) {
        long s = start();
        backend.gemm(transA, transB, alpha, a, b, beta, c);
        stop(s);
    }

    @Override
    public void gemm(boolean transA, boolean transB, double alpha, Matrix a, int aRow, int aRows, Matrix b,
            double beta, Matrix c, int cRow, int cRows) {
        long s = start();
        backend.gemm(transA, transB, alpha, a, aRow, aRows, b, beta, c, cRow, cRows);
        stop(s);
    }

    @Override
    public void map(UnaryOp op, Matrix x, Matrix out) {
        long s = start();
        backend.map(op, x, out);
        stop(s);
    }

    @Override
    public void zip(BinaryOp op, Matrix a, Matrix b, Matrix out) {
        long s = start();
        backend.zip(op, a, b, out);
        stop(s);
    }

    @Override
    public void affine(Matrix x, double scale, double shift, Matrix out) {
        long s = start();
        backend.affine(x, scale, shift, out);
        stop(s);
    }

    @Override
    public void clip(Matrix x, double lo, double hi, Matrix out) {
        long s = start();
        backend.clip(x, lo, hi, out);
        stop(s);
    }

    @Override
    public void axpy(double alpha, Matrix x, Matrix y) {
        long s = start();
        backend.axpy(alpha, x, y);
        stop(s);
    }

    @Override
    public void broadcastRow(BinaryOp op, Matrix x, Matrix row, Matrix out) {
        long s = start();
        backend.broadcastRow(op, x, row, out);
        stop(s);
    }

    @Override
    public void broadcastColumn(BinaryOp op, Matrix x, Matrix column, Matrix out) {
        long s = start();
        backend.broadcastColumn(op, x, column, out);
        stop(s);
    }

    @Override
    public void reduce(Reduction op, Axis axis, Matrix x, Matrix out) {
        long s = start();
        backend.reduce(op, axis, x, out);
        stop(s);
    }

    @Override
    public double sum(Matrix x) {
        long s = start();
        double v = backend.sum(x);
        stop(s);
        return v;
    }

    @Override
    public void argmaxRows(Matrix x, int[] out) {
        long s = start();
        backend.argmaxRows(x, out);
        stop(s);
    }

    @Override
    public void gatherRows(Matrix src, int[] rows, int offset, int count, Matrix out) {
        long s = start();
        backend.gatherRows(src, rows, offset, count, out);
        stop(s);
    }

    @Override
    public void reshape(Matrix x, Matrix out) {
        long s = start();
        backend.reshape(x, out);
        stop(s);
    }

    @Override
    public void scatterAddRows(Matrix src, int[] rows, int offset, Matrix out) {
        long s = start();
        backend.scatterAddRows(src, rows, offset, out);
    }

    @Override
    public void copyRows(Matrix src, int srcRow, Matrix dst, int dstRow, int count) {
        long s = start();
        backend.copyRows(src, srcRow, dst, dstRow, count);
        stop(s);
    }

    @Override
    public void lstmCell(Matrix gates, int row, Matrix cPrev, Matrix c, Matrix h) {
        long s = start();
        backend.lstmCell(gates, row, cPrev, c, h);
        stop(s);
    }

    @Override
    public void lstmCellBackward(Matrix gates, int row, Matrix cPrev, Matrix c, Matrix dh, Matrix dc, Matrix dGates) {
        long s = start();
        backend.lstmCellBackward(gates, row, cPrev, c, dh, dc, dGates);
        stop(s);
    }

    @Override
    public void gruCell(Matrix gates, int row, Matrix hiddenGates, Matrix hPrev, Matrix h) {
        long s = start();
        backend.gruCell(gates, row, hiddenGates, hPrev, h);
        stop(s);
    }

    @Override
    public void gruCellBackward(Matrix gates, int row, Matrix hiddenGates, Matrix hPrev, Matrix dh, Matrix dGates,
            Matrix dHiddenGates, Matrix dhPrev) {
        long s = start();
        backend.gruCellBackward(gates, row, hiddenGates, hPrev, dh, dGates, dHiddenGates, dhPrev);
        stop(s);
    }

    @Override
    public void im2col(Matrix x, ConvGeometry g, Matrix cols) {
        long s = start();
        backend.im2col(x, g, cols);
        stop(s);
    }

    @Override
    public void col2im(Matrix cols, ConvGeometry g, Matrix x) {
        long s = start();
        backend.col2im(cols, g, x);
        stop(s);
    }

    @Override
    public void convolve(Matrix x, ConvGeometry g, Matrix weight, Matrix cols, Matrix out) {
        long s = start();
        backend.convolve(x, g, weight, cols, out);
        stop(s);
    }

    @Override
    public void convolveWeightGradient(Matrix grad, Matrix x, ConvGeometry g, double alpha, Matrix cols,
            Matrix dW) {
        long s = start();
        backend.convolveWeightGradient(grad, x, g, alpha, cols, dW);
        stop(s);
    }

    @Override
    public void convolveInputGradient(Matrix weight, Matrix grad, ConvGeometry g, Matrix gradCols, Matrix dx) {
        long s = start();
        backend.convolveInputGradient(weight, grad, g, gradCols, dx);
        stop(s);
    }

    @Override
    public void transposeBlocks(Matrix x, int block, Matrix out) {
        long s = start();
        backend.transposeBlocks(x, block, out);
        stop(s);
    }

    @Override
    public void maxPool(Matrix x, ConvGeometry g, Matrix out, int[] winners) {
        long s = start();
        backend.maxPool(x, g, out, winners);
        stop(s);
    }

    @Override
    public void maxPoolBackward(Matrix gradOut, ConvGeometry g, int[] winners, Matrix gradIn) {
        long s = start();
        backend.maxPoolBackward(gradOut, g, winners, gradIn);
        stop(s);
    }

    @Override
    public void avgPool(Matrix x, ConvGeometry g, Matrix out) {
        long s = start();
        backend.avgPool(x, g, out);
        stop(s);
    }

    @Override
    public void avgPoolBackward(Matrix gradOut, ConvGeometry g, Matrix gradIn) {
        long s = start();
        backend.avgPoolBackward(gradOut, g, gradIn);
        stop(s);
    }
}
