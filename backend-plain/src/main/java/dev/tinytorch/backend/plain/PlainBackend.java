package dev.tinytorch.backend.plain;

import dev.tinytorch.api.DType;
import dev.tinytorch.api.MatrixBackend;
import dev.tinytorch.api.MatrixOps;
import java.util.EnumSet;
import java.util.Set;

/**
 * Registers the pure-Java backend with {@link java.util.ServiceLoader} under the name {@code plain}, in float64
 * (its {@code f64} package) and float32 (the {@code f32} package the build generates from it).
 */
public final class PlainBackend implements MatrixBackend {

    /** The name users select this backend by. */
    public static final String NAME = "plain";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public MatrixOps create() {
        return dev.tinytorch.backend.plain.f64.PlainOps.create(NAME);
    }

    @Override
    public Set<DType> dtypes() {
        return EnumSet.of(DType.FLOAT64, DType.FLOAT32);
    }

    @Override
    public MatrixOps create(DType dtype) {
        return dtype == DType.FLOAT32 ? dev.tinytorch.backend.plain.f32.PlainOps.create(NAME) : create();
    }
}
