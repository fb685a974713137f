package dev.tinytorch.nn.archfixture;

import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.backend.plain.PlainBackend;

/**
 * Breaks the layering on purpose: an {@code nn} class that names a backend. Test sources only; it shows that the
 * rule in {@code LayeringTest} really fails on such a class.
 */
public final class LayerThatReachesIntoABackend {

    private LayerThatReachesIntoABackend() {
    }

    /** Starts the plain backend directly instead of going through {@code Backends}. */
    public static MatrixOps ops() {
        return new PlainBackend().create();
    }
}
