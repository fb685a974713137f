package dev.tinytorch.api;

import dev.tinytorch.api.contract.MatrixOpsContract;
import dev.tinytorch.api.contract.ReferenceOps;

/** The api module's reference backend, the plain loops the float32 test double is built on, against the contract. */
class ReferenceContractTest extends MatrixOpsContract {

    @Override
    protected String backendName() {
        return ReferenceOps.NAME;
    }
}
