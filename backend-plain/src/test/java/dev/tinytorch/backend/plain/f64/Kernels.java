package dev.tinytorch.backend.plain.f64;

import dev.tinytorch.backend.plain.machine.VectorHardware;
import java.util.stream.Stream;

/** The kernel sets a test can run here: scalar always, vector of every micro-kernel shape when it runs compiled. */
final class Kernels {

    private Kernels() {
    }

    /**
     * Scalar kernels, and where the vector kernels are chosen here (the module is present and the JVM compiles
     * them, see {@link VectorHardware}), those of both micro-kernel shapes, so that the ones not chosen at run time
     * are tested too. Where the vector kernels would run emulated (e.g. {@code -XX:UseAVX=0}) they are left out:
     * each product would take seconds.
     */
    static Stream<ScalarKernels> available() {
        if (!(KernelLoader.kernels() instanceof VectorKernels)) {
            return Stream.of(new ScalarKernels());
        }
        return Stream.of(new ScalarKernels(), vector(32), vector(16));
    }

    private static ScalarKernels vector(int registers) {
        try {
            return KernelLoader.vectorKernels(registers);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
