package dev.tinytorch.backend.ejml.f64;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;

/**
 * The general matrix multiply on EJML: picks the transpose variant, handles {@code beta}, and switches to EJML's
 * concurrent kernels once a product is large enough for the threads to pay for themselves.
 */
final class EjmlGemm {

    /**
     * Multiply-adds ({@code m * n * k}) from which the concurrent kernels are used. Measured on 2 shared cores:
     * up to 32^3 the threads made a product up to 6 times slower, at 64^3 the gain varied from none to 2x with the load,
     * and from about 100^3 on they gained up to 1.8x when the second core was free and never lost much when not.
     */
    static final long CONCURRENT_THRESHOLD = 1L << 20;

    /** {@code c = alpha * op(a) * op(b)}, or {@code c += ...}, as EJML spells it for one transpose combination. */
    @FunctionalInterface
    private interface Kernel {
        void apply(double alpha, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c);
    }

    // Indexed by (transA ? 2 : 0) + (transB ? 1 : 0).
    private static final Kernel[] SET = {
        CommonOps_DDRM::mult, CommonOps_DDRM::multTransB, CommonOps_DDRM::multTransA, CommonOps_DDRM::multTransAB};
    private static final Kernel[] SET_CONCURRENT = {
        CommonOps_MT_DDRM::mult, CommonOps_MT_DDRM::multTransB, CommonOps_MT_DDRM::multTransA,
        CommonOps_MT_DDRM::multTransAB};
    private static final Kernel[] ADD = {
        CommonOps_DDRM::multAdd, CommonOps_DDRM::multAddTransB, CommonOps_DDRM::multAddTransA,
        CommonOps_DDRM::multAddTransAB};
    private static final Kernel[] ADD_CONCURRENT = {
        CommonOps_MT_DDRM::multAdd, CommonOps_MT_DDRM::multAddTransB, CommonOps_MT_DDRM::multAddTransA,
        CommonOps_MT_DDRM::multAddTransAB};

    private final boolean concurrencyAvailable;
    /** Per thread, the blocks of A and C of {@link #gemmRows}, grown to the largest seen and then reused. */
    private final ThreadLocal<DMatrixRMaj[]> blocks =
            ThreadLocal.withInitial(() -> new DMatrixRMaj[] {new DMatrixRMaj(0, 0), new DMatrixRMaj(0, 0)});

    /** @param concurrencyAvailable whether more than one core can run EJML's concurrent kernels */
    EjmlGemm(boolean concurrencyAvailable) {
        this.concurrencyAvailable = concurrencyAvailable;
    }

    /** {@code c = alpha * op(a) * op(b) + beta * c}; with {@code beta == 0} the old {@code c} is never read. */
    void gemm(boolean transA, boolean transB, double alpha, DMatrixRMaj a, DMatrixRMaj b, double beta, DMatrixRMaj c) {
        int variant = (transA ? 2 : 0) + (transB ? 1 : 0);
        long inner = transA ? a.numRows : a.numCols;
        boolean concurrent = concurrencyAvailable && (long) c.numRows * c.numCols * inner >= CONCURRENT_THRESHOLD;
        if (beta == 0.0) {
            (concurrent ? SET_CONCURRENT : SET)[variant].apply(alpha, a, b, c);
            return;
        }
        if (beta != 1.0) {
            CommonOps_DDRM.scale(beta, c);
        }
        (concurrent ? ADD_CONCURRENT : ADD)[variant].apply(alpha, a, b, c);
    }

    /**
     * {@link #gemm} on rows {@code aRow .. aRow + aRows - 1} of {@code a} and {@code cRow .. cRow + cRows - 1} of
     * {@code c}. EJML's matrices have no row offset, so the blocks are copied into matrices of the calling thread
     * (no allocation once they have grown) and C's block is copied back.
     */
    void gemmRows(boolean transA, boolean transB, double alpha, DMatrixRMaj a, int aRow, int aRows, DMatrixRMaj b,
                  double beta, DMatrixRMaj c, int cRow, int cRows) {
        DMatrixRMaj[] scratch = blocks.get();
        DMatrixRMaj aBlock = scratch[0];
        DMatrixRMaj cBlock = scratch[1];
        aBlock.reshape(aRows, a.numCols, false);
        cBlock.reshape(cRows, c.numCols, false);
        System.arraycopy(a.data, aRow * a.numCols, aBlock.data, 0, aRows * a.numCols);
        if (beta != 0.0) {
            System.arraycopy(c.data, cRow * c.numCols, cBlock.data, 0, cRows * c.numCols);
        }
        gemm(transA, transB, alpha, aBlock, b, beta, cBlock);
        System.arraycopy(cBlock.data, 0, c.data, cRow * c.numCols, cRows * c.numCols);
    }
}
