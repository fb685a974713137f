package dev.tinytorch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The names a precision goes by, and what storing a value in it does. */
class DTypeTest {

    @Test
    void namesMatchPyTorchAndSafetensors() {
        assertEquals("float32", DType.FLOAT32.id());
        assertEquals("F32", DType.FLOAT32.safetensorsName());
        assertEquals("F64", DType.FLOAT64.safetensorsName());
        assertEquals(DType.FLOAT32, DType.parse("F32"));
        assertEquals(DType.FLOAT64, DType.parse("float64"));
    }

    @Test
    void roundingToFloat32LosesWhatAFloatCannotHold() {
        assertEquals(0.1f, DType.FLOAT32.round(0.1), 0.0);
        assertEquals(0.1, DType.FLOAT64.round(0.1), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, DType.FLOAT32.round(1e300), 0.0);
    }
}
