package dev.tinytorch.backend.nd4j;

import dev.tinytorch.api.DType;
import dev.tinytorch.api.contract.MatrixOpsContract;

/** The ND4J backend in float32 against the shared backend contract, within its float32 bounds. */
class Nd4jFloat32ContractTest extends MatrixOpsContract {

    @Override
    protected String backendName() {
        return Nd4jBackend.NAME;
    }

    @Override
    protected DType dtype() {
        return DType.FLOAT32;
    }
}
