package dev.tinytorch.api;

import dev.tinytorch.api.contract.Float32TestDouble;
import dev.tinytorch.api.contract.MatrixOpsContract;
import dev.tinytorch.api.contract.ReferenceOps;

/**
 * The contract in float32, on the {@link Float32TestDouble} of the reference backend: the most accurate float32
 * backend there can be, so the float32 bounds of the suite are seen to admit it (a real float32 backend runs the
 * same suite the same way).
 */
class ReferenceFloat32ContractTest extends MatrixOpsContract {

    @Override
    protected String backendName() {
        return ReferenceOps.NAME;
    }

    @Override
    protected DType dtype() {
        return DType.FLOAT32;
    }
}
