package dev.tinytorch.backend.ejml.f64;

import dev.tinytorch.api.Matrix;
import org.ejml.data.DMatrixRMaj;

/**
 * A matrix held as EJML's dense row-major {@link DMatrixRMaj}, so that EJML's operations work on it directly.
 * Its shape never changes: every call passes outputs already of the right shape, so EJML never reshapes them.
 */
final class EjmlMatrix implements Matrix {

    final DMatrixRMaj dense;

    EjmlMatrix(DMatrixRMaj dense) {
        this.dense = dense;
    }

    @Override
    public int rows() {
        return dense.numRows;
    }

    @Override
    public int cols() {
        return dense.numCols;
    }

    @Override
    public String toString() {
        return "EjmlMatrix " + shape();
    }
}
