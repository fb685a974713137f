package dev.tinytorch.backend.plain.f32;

import dev.tinytorch.api.kernels.f32.RecurrentKernels;

/**
 * The float32 stand-in for the float64 package's {@code VectorCells}, which the build does not generate a copy of:
 * that class repeats {@link dev.tinytorch.api.kernels.CellMath}'s double-precision exp and tanh bit by bit with
 * {@code DoubleVector}s and {@code LongVector} bit tricks that text substitution cannot turn into float ones. So in
 * float32 the recurrent cells run the shared scalar loops of {@link RecurrentKernels} (the generated copy, which
 * evaluates CellMath in double and rounds once), and give their bits. A float32 vector form is future work.
 */
final class VectorCells {

    private VectorCells() {
    }

    /** {@link RecurrentKernels#lstmCell}. */
    static void lstmCell(float[] gates, float[] cPrev, float[] c, float[] h, int rows, int hidden) {
        RecurrentKernels.lstmCell(gates, cPrev, c, h, rows, hidden);
    }

    /** {@link RecurrentKernels#lstmCellBackward}. */
    static void lstmCellBackward(float[] gates, float[] cPrev, float[] c, float[] dh, float[] dc, float[] dGates,
            int rows, int hidden) {
        RecurrentKernels.lstmCellBackward(gates, cPrev, c, dh, dc, dGates, rows, hidden);
    }

    /** {@link RecurrentKernels#gruCell}. */
    static void gruCell(float[] gates, float[] hiddenGates, float[] hPrev, float[] h, int rows, int hidden) {
        RecurrentKernels.gruCell(gates, hiddenGates, hPrev, h, rows, hidden);
    }

    /** {@link RecurrentKernels#gruCellBackward}. */
    static void gruCellBackward(float[] gates, float[] hiddenGates, float[] hPrev, float[] dh, float[] dGates,
            float[] dHiddenGates, float[] dhPrev, int rows, int hidden) {
        RecurrentKernels.gruCellBackward(gates, hiddenGates, hPrev, dh, dGates, dHiddenGates, dhPrev, rows, hidden);
    }
}
