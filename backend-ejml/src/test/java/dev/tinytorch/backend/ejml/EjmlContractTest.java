package dev.tinytorch.backend.ejml;

import dev.tinytorch.api.contract.MatrixOpsContract;

/** The EJML backend against the shared backend contract. */
class EjmlContractTest extends MatrixOpsContract {

    @Override
    protected String backendName() {
        return EjmlBackend.NAME;
    }
}
