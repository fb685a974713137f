package dev.tinytorch.backend.plain.f64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.backend.plain.VectorHardware;
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

    @Test
    void fallsBackToScalarWhereVectorCodeWouldBeEmulated() {
        assertTrue(new VectorHardware(true, true, 16).whyScalar(4).isEmpty());
        assertTrue(new VectorHardware(true, false, 16).whyScalar(2).orElseThrow().contains("UseFMA"));
        assertTrue(new VectorHardware(false, true, 32).whyScalar(8).orElseThrow().contains("C2"));
        assertTrue(new VectorHardware(true, true, 32).whyScalar(1).orElseThrow().contains("1 double"));
    }

    @Test
    void readsThisJvmsFlags() {
        VectorHardware here = VectorHardware.ofThisJvm();
        assertTrue(here.optimizingCompiler(), "tests run with C2");
        assertTrue(here.registers() == 16 || here.registers() == 32, here.toString());
    }
}
