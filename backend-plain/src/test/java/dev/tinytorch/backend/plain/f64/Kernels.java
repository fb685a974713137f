package dev.tinytorch.backend.plain.f64;

import dev.tinytorch.backend.plain.machine.TileShape;
import dev.tinytorch.backend.plain.machine.VectorHardware;
import java.util.Arrays;
import java.util.stream.Stream;

/** The kernel sets a test can run here: scalar always, vector of every generated micro-kernel shape when it runs compiled. */
final class Kernels {

    private Kernels() {
    }

    /**
     * Scalar kernels, and where the vector kernels are chosen here (the module is present and the JVM compiles
     * them, see {@link VectorHardware}), those of every micro-kernel shape generated ({@link MicroKernels#SHAPES}),
     * so that the ones not chosen at run time are tested too. Where the vector kernels would run emulated (e.g. {@code -XX:UseAVX=0}) they are left out:
     * each product would take seconds.
     */
    static Stream<ScalarKernels> available() {
        if (!(KernelLoader.kernels() instanceof VectorKernels)) {
            return Stream.of(new ScalarKernels());
        }
        return Stream.concat(Stream.of(new ScalarKernels()),
                Arrays.stream(MicroKernels.SHAPES).map(shape -> new VectorKernels(new TileShape(shape[0], shape[1]))));
    }
}
