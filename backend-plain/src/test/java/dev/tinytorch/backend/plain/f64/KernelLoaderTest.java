package dev.tinytorch.backend.plain.f64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.tinytorch.backend.plain.machine.VectorHardware;
import org.junit.jupiter.api.Test;

/**
 * The vector kernels are used exactly when the JDK was started with the Vector API module and compiles it to
 * instructions, with a micro-kernel for the registers there are. CI runs this under {@code -XX:UseAVX=2},
 * {@code -XX:MaxVectorSize=16} and {@code -XX:UseAVX=0} too.
 */
class KernelLoaderTest {

    @Test
    void choosesTheVectorKernelsIffTheModuleIsPresentAndCompiled() throws ReflectiveOperationException {
        boolean vector = KernelLoader.vectorModulePresent() && VectorHardware.ofThisJvm()
                .whyScalar(KernelLoader.vectorKernels(32).vectorLength()).isEmpty();
        assertEquals(vector ? "VectorKernels" : "ScalarKernels", KernelLoader.kernels().getClass().getSimpleName());
    }

    @Test
    void sizesTheMicroKernelToTheRegisters() {
        if (KernelLoader.kernels() instanceof VectorKernels kernels) {
            int expected = VectorHardware.ofThisJvm().registers() == 32 ? 8 : 6;
            assertEquals(expected, kernels.tileRows(), kernels.toString());
        }
    }

    @Test
    void choosesOnce() {
        assertSame(KernelLoader.kernels(), KernelLoader.kernels());
    }
}
