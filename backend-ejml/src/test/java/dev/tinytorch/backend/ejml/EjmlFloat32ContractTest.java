package dev.tinytorch.backend.ejml;

import dev.tinytorch.api.DType;
import dev.tinytorch.api.contract.MatrixOpsContract;

/** The EJML backend in float32 (over EJML's {@code FMatrixRMaj}) against the shared backend contract. */
class EjmlFloat32ContractTest extends MatrixOpsContract {

    @Override
    protected String backendName() {
        return EjmlBackend.NAME;
    }

    @Override
    protected DType dtype() {
        return DType.FLOAT32;
    }
}
