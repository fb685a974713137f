package dev.tinytorch.backend.ejml;

import dev.tinytorch.api.MatrixBackend;
import dev.tinytorch.api.MatrixOps;

/**
 * Registers the EJML backend with {@link java.util.ServiceLoader} under the name {@code ejml}, ranked below the
 * plain backend so that it is used only when asked for.
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
}
