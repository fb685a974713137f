package dev.tinytorch.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void defaultsAreTheFullRunOfEveryBackendIntoTargetBench() {
        BenchOptions o = BenchOptions.parse();
        assertFalse(o.quick());
        assertEquals(Path.of("target", "bench"), o.out());
        assertEquals(List.of(), o.backends());
        assertEquals(Optional.empty(), o.reference());
    }

    @Test
    void readsEveryOption() {
        BenchOptions o = BenchOptions.parse("--quick", "--out", "/tmp/b", "--backends", "plain, nd4j",
                "--reference", "ref.txt");
        assertTrue(o.quick());
        assertEquals(Path.of("/tmp/b"), o.out());
        assertEquals(List.of("plain", "nd4j"), o.backends());
        assertEquals(Optional.of(Path.of("ref.txt")), o.reference());
        assertEquals(Plan.quick().sampler(), o.plan().sampler());
    }

    @Test
    void rejectsUnknownArgumentsAndMissingValues() {
        assertEquals("unknown argument '--fast'",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--fast")).getMessage());
        assertEquals("--out needs a value",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--out")).getMessage());
        assertEquals("--out needs a value",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--out", "--quick"))
                        .getMessage());
    }
}
