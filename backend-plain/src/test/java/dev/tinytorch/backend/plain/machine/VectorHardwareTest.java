package dev.tinytorch.backend.plain.machine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link VectorHardware} reads this JVM's flags and says when vector code would run emulated. */
class VectorHardwareTest {

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
