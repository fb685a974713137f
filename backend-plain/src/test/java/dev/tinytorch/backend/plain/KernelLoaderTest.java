package dev.tinytorch.backend.plain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The vector kernels are used exactly when the JDK was started with the Vector API module. */
class KernelLoaderTest {

    @Test
    void choosesTheVectorKernelsIffTheModuleIsPresent() {
        String expected = KernelLoader.vectorModulePresent() ? "VectorKernels" : "ScalarKernels";
        assertEquals(expected, KernelLoader.kernels().getClass().getSimpleName());
    }

    @Test
    void choosesOnce() {
        assertSame(KernelLoader.kernels(), KernelLoader.kernels());
    }
}
