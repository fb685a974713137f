package dev.tinytorch.backend.ejml;

import dev.tinytorch.api.DType;
import dev.tinytorch.api.MatrixBackend;
import dev.tinytorch.api.MatrixOps;
import java.util.EnumSet;
import java.util.Set;

/**
 * Registers the EJML backend with {@link java.util.ServiceLoader} under the name {@code ejml}, ranked below the
 * plain backend so that it is used only when asked for: in float64 on EJML's {@code DMatrixRMaj} (its {@code f64}
 * package) and in float32 on its {@code FMatrixRMaj} (the {@code f32} package the build generates from it).
 */
public final class EjmlBackend implements MatrixBackend {

    /** The name users select this backend by. */
    public static final String NAME = "ejml";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 50;
    }

    @Override
    public MatrixOps create() {
        return dev.tinytorch.backend.ejml.f64.EjmlOps.create(NAME);
    }

    @Override
    public Set<DType> dtypes() {
        return EnumSet.of(DType.FLOAT64, DType.FLOAT32);
    }

    @Override
    public MatrixOps create(DType dtype) {
        return dtype == DType.FLOAT32 ? dev.tinytorch.backend.ejml.f32.EjmlOps.create(NAME) : create();
    }
}
