package dev.tinytorch.backend.plain;

import java.util.stream.Stream;

/** The kernel sets a test can run here: scalar always, vector when the JDK has the module. */
final class Kernels {

    private Kernels() {
    }

    /** Both implementations where possible, so that the one not chosen at run time is tested too. */
    static Stream<ScalarKernels> available() {
        return KernelLoader.vectorModulePresent()
                ? Stream.of(new ScalarKernels(), KernelLoader.kernels())
                : Stream.of(new ScalarKernels());
    }
}
