package dev.tinytorch.backend.plain.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link TileShape#of} fits the micro-kernel to the registers there are. */
class TileShapeTest {

    @Test
    void fitsTheRegisters() {
        assertEquals(new TileShape(8, 3), TileShape.of(32));
        assertEquals(new TileShape(6, 2), TileShape.of(16));
        for (int registers : new int[] {16, 32}) {
            TileShape shape = TileShape.of(registers);
            assertTrue(shape.registersUsed() <= registers, shape + " at " + registers);
        }
        assertEquals(28, new TileShape(8, 3).registersUsed());
        assertEquals("6x2", TileShape.of(16).toString());
    }
}
