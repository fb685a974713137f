package dev.tinytorch.backend.plain;

import dev.tinytorch.api.contract.MatrixOpsContract;

/** The plain backend against the shared backend contract. */
class PlainContractTest extends MatrixOpsContract {

    @Override
    protected String backendName() {
        return PlainBackend.NAME;
    }
}
