package dev.tinytorch.backend.plain;

import dev.tinytorch.api.MatrixBackend;
import dev.tinytorch.api.MatrixOps;

/** Registers the pure-Java backend with {@link java.util.ServiceLoader} under the name {@code plain}. */
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
        return dev.tinytorch.backend.plain.f64.PlainOps.create();
    }
}
