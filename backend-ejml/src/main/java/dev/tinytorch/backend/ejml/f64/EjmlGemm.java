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
}
