package dev.tinytorch.backend.plain.f64;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tinytorch.backend.plain.machine.TileShape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The generated {@link MicroKernels} hold every shape {@link TileShape#of} can choose (the POM's list and the rule
 * agree), and name the generated ones when asked for another. The products themselves are checked by
 * {@link GemmTest} on every generated shape ({@link Kernels#available}). Skipped without the Vector API module.
 */
class MicroKernelsTest {

    @Test
    void everyChosenShapeIsGenerated() {
        assumeTrue(KernelLoader.vectorModulePresent(), "the JDK runs without " + KernelLoader.VECTOR_MODULE);
        for (int registers : new int[] {16, 32}) {
            TileShape shape = TileShape.of(registers);
            assertTrue(Arrays.stream(MicroKernels.SHAPES)
                            .anyMatch(s -> s[0] == shape.rows() && s[1] == shape.vectors()),
                    shape + " chosen at " + registers + " registers, generated: "
                            + Arrays.deepToString(MicroKernels.SHAPES));
        }
    }

    @Test
    void namesTheGeneratedShapesForAnother() {
        assumeTrue(KernelLoader.vectorModulePresent(), "the JDK runs without " + KernelLoader.VECTOR_MODULE);
        double[] x = new double[4096];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MicroKernels.multiply(5, 1, x, 0, x, 0, VectorLoops.LANES, VectorLoops.LANES, x, 0, 1));
        assertTrue(e.getMessage().contains("5x1") && e.getMessage().contains("[8, 3]"), e.getMessage());
    }
}
