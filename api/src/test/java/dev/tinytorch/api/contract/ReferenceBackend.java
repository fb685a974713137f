package dev.tinytorch.api.contract;

import dev.tinytorch.api.DType;
import dev.tinytorch.api.MatrixBackend;
import dev.tinytorch.api.MatrixOps;
import java.util.EnumSet;
import java.util.Set;

/**
 * Registers {@link ReferenceOps} as the backend {@value ReferenceOps#NAME}, in float64 and, through
 * {@link Float32TestDouble}, in float32, for the api module's own tests (the registration is left out of the
 * test-jar, so other modules' tests do not see it). Lowest priority: it is never a default.
 */
public final class ReferenceBackend implements MatrixBackend {

    @Override
    public String name() {
        return ReferenceOps.NAME;
    }

    @Override
    public int priority() {
        return -1000;
    }

    @Override
    public MatrixOps create() {
        return new ReferenceOps();
    }

    @Override
    public Set<DType> dtypes() {
        return EnumSet.of(DType.FLOAT64, DType.FLOAT32);
    }

    @Override
    public MatrixOps create(DType dtype) {
        return dtype == DType.FLOAT32 ? new Float32TestDouble(new ReferenceOps()) : create();
    }
}
