package dev.tinytorch.backend.nd4j;

import dev.tinytorch.api.contract.MatrixOpsContract;

/** The ND4J backend against the shared backend contract. */
class Nd4jContractTest extends MatrixOpsContract {

    @Override
    protected String backendName() {
        return Nd4jBackend.NAME;
    }
}
