package dev.tinytorch.api.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.tinytorch.api.UnaryOp;
import org.junit.jupiter.api.Test;

/**
 * The build generated {@code dev.tinytorch.api.kernels.f32} from the f64 sources, and its kernels compute in float:
 * each result is the float arithmetic's to the bit, which the same inputs in double do not give.
 */
class Float32KernelsTest {

    @Test
    void scatterAddRowsAddsInFloat() {
        float[] out = {1f, 1f};
        dev.tinytorch.api.kernels.f32.RowKernels.scatterAddRows(new float[] {3e-8f, 3e-8f}, 1, new int[] {1, 1}, 0, 2,
                out);
        assertEquals(1f, out[1], 0f, "1 + 3e-8 + 3e-8 in float is 1");
        double[] wide = {1, 1};
        dev.tinytorch.api.kernels.f64.RowKernels.scatterAddRows(new double[] {3e-8, 3e-8}, 1, new int[] {1, 1}, 0,
                2, wide);
        assertNotEquals(1.0, wide[1], "in double it is not");
    }

    @Test
    void anLstmCellIsFloatArithmetic() {
        float[] gates = {0.3f, -1.7f, 0.9f, 2.2f};
        float[] cPrev = {0.6f};
        float[] c = new float[1];
        float[] h = new float[1];
        float i = (float) UnaryOp.SIGMOID.apply(gates[0]);
        float f = (float) UnaryOp.SIGMOID.apply(gates[1]);
        float g = (float) Math.tanh(gates[2]);
        float o = (float) UnaryOp.SIGMOID.apply(gates[3]);
        float cell = f * cPrev[0] + i * g;
        float expected = o * (float) Math.tanh(cell);

        dev.tinytorch.api.kernels.f32.RecurrentKernels.lstmCell(gates, 0, cPrev, c, h, 1, 1);

        assertEquals(Float.floatToRawIntBits(cell), Float.floatToRawIntBits(c[0]), "c");
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(h[0]), "h");
        assertEquals(f, gates[1], 0f, "the gates are activated in place, in float");
    }
}
