package dev.tinytorch.api.contract;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.DType;
import dev.tinytorch.api.MatrixOps;
import java.util.ArrayList;
import java.util.List;

/**
 * The float32 backends a test of code above the SPI runs on: the {@link Float32TestDouble} of a float64 backend,
 * and every backend on the class path that offers float32 itself, so that a real float32 backend is tested the
 * moment it exists.
 */
public final class Float32Backends {

    private Float32Backends() {
    }

    /** The test double over the float64 backend {@code doubled}, then every backend that starts in float32. */
    public static List<MatrixOps> all(String doubled) {
        List<MatrixOps> backends = new ArrayList<>();
        backends.add(Float32TestDouble.of(doubled));
        backends.addAll(offered());
        return backends;
    }

    /**
     * Every backend on the class path that starts in float32, without the test double: for tests too long to run
     * on the double as well, which compute each operation in float64 and allocate its result.
     */
    public static List<MatrixOps> offered() {
        List<MatrixOps> backends = new ArrayList<>();
        for (String name : Backends.available()) {
            try {
                backends.add(Backends.get(name, DType.FLOAT32));
            } catch (IllegalArgumentException | IllegalStateException noFloat32Here) {
                // this backend has no float32, or cannot start here: nothing to test on it
            }
        }
        return backends;
    }
}
