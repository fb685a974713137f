package dev.tinytorch.backend.plain;

import dev.tinytorch.api.DType;
import dev.tinytorch.api.contract.MatrixOpsContract;

/** The plain backend in float32 against the shared backend contract, within its float32 bounds. */
class PlainFloat32ContractTest extends MatrixOpsContract {

    @Override
    protected String backendName() {
        return PlainBackend.NAME;
    }

    @Override
    protected DType dtype() {
        return DType.FLOAT32;
    }
}
