package dev.tinytorch.api.contract;

import static dev.tinytorch.api.contract.Rejections.assertRejected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.tinytorch.api.CheckedMatrixOps;
import dev.tinytorch.api.DType;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.kernels.CellMath;
import dev.tinytorch.api.kernels.f64.RecurrentKernels;
import java.util.Arrays;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The recurrent part of the contract: {@link MatrixOps#copyRows} and the LSTM and GRU cells. The forward cells are
 * compared with PyTorch's formulas written out here, the backward cells with central finite differences of the
 * forward cells (so a wrong derivative cannot agree with itself), and misuse must be rejected naming the shapes.
 * {@link MatrixOpsContract} runs it as a nested class, so every backend does.
 *
 * <p>In float32 a finite difference would measure rounding rather than the derivative, so the backward cells are
 * compared with the shared double kernels ({@link RecurrentKernels}, whose derivatives the float64 run checks by
 * finite differences) applied to the inputs as the backend holds them; forward and backward are held to
 * {@link Tolerance#composed} with a step count per formula.
 */
public abstract class RecurrentContract {

    /** Batch rows and hidden sizes: single ones, odd ones, and more than a vector register. */
    private static final int[][] CELLS = {{1, 1}, {3, 5}, {4, 12}, {33, 17}, {5, 40}, {2, 64}};  // 12, 40: odd vectors

    /** Finite-difference step and the relative error allowed against it. */
    private static final double STEP = 1e-6;
    private static final double FD_TOLERANCE = 1e-7;

    /** Function errors allowed in float32 for a forward cell's outputs and for a backward cell's gradients. */
    private static final int FORWARD_STEPS = 8;
    private static final int BACKWARD_STEPS = 16;

    /** The backend under test. */
    protected abstract MatrixOps ops();

    private boolean float64() {
        return ops().dtype() == DType.FLOAT64;
    }

    /** {@code x} stored in a matrix of the backend and read back. */
    private double[] held(double[] x) {
        return ops().toRowMajor(ops().fromRowMajor(1, x.length, x));
    }

    /** In float64 within {@code tolerance} of {@code max(1, |expected|)}, as ever; otherwise {@link Tolerance#composed}. */
    private void assertCell(double[] expected, double[] actual, double tolerance, int steps, String what) {
        if (float64()) {
            assertClose(expected, actual, tolerance, what);
            return;
        }
        Tolerance tol = Tolerance.of(ops().dtype());
        for (int i = 0; i < expected.length; i++) {
            if (!tol.composed(expected[i], actual[i], steps)) {
                fail(what + " in " + ops().dtype() + ": at " + i + " expected " + expected[i] + " but was "
                        + actual[i]);
            }
        }
    }

    /** {@code n} uniform draws from [-scale, scale), as the backend holds them. */
    private double[] random(int n, double scale, Random rng) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = scale * (2 * rng.nextDouble() - 1);
        }
        return float64() ? a : held(a);
    }

    private Matrix of(int rows, int cols, double[] data) {
        return ops().fromRowMajor(rows, cols, data.clone());
    }

    /** A {@code rows x cols} output filled with NaN, so that an element the backend does not write shows. */
    private Matrix nanFilled(int rows, int cols) {
        Matrix m = ops().zeros(rows, cols);
        ops().fill(m, Double.NaN);
        return m;
    }

    /** The central-difference gradient of {@code loss} at {@code x}, element by element ({@code x} is not modified). */
    private static double[] numericGradient(double[] x, ToDoubleFunction<double[]> loss) {
        double[] gradient = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double[] up = x.clone();
            double[] down = x.clone();
            up[i] += STEP;
            down[i] -= STEP;
            gradient[i] = (loss.applyAsDouble(up) - loss.applyAsDouble(down)) / (2 * STEP);
        }
        return gradient;
    }

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    private static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(1.0, Math.abs(expected[i]));
            if (!(Math.abs(expected[i] - actual[i]) <= tolerance * scale)) {
                fail(what + ": at " + i + " expected " + expected[i] + " but was " + actual[i]);
            }
        }
    }

    // ---- copyRows ------------------------------------------------------------------------------------------------

    @Test
    void copyRowsCopiesTheBlockAndKeepsTheOtherRows() {
        Random rng = new Random(1);
        for (int cols : new int[] {1, 7, 65}) {
            double[] src = random(9 * cols, 1, rng);
            double[] dst = random(6 * cols, 1, rng);
            Matrix out = of(6, cols, dst);
            ops().copyRows(of(9, cols, src), 4, out, 1, 3);
            double[] expected = dst.clone();
            System.arraycopy(src, 4 * cols, expected, cols, 3 * cols);
            assertArrayEquals(expected, ops().toRowMajor(out), 0.0, "copyRows of " + cols + " columns");
            ops().copyRows(of(9, cols, src), 0, out, 6, 0);  // an empty block at the very end
            assertArrayEquals(expected, ops().toRowMajor(out), 0.0, "an empty copy");
        }
    }

    @Test
    void copyRowsRejectsBlocksOutsideOtherWidthsAndItself() {
        Matrix a = ops().zeros(4, 3);
        assertRejected(() -> ops().copyRows(a, 0, ops().zeros(4, 2), 0, 1), "copyRows", "4x3", "4x2");
        assertRejected(() -> ops().copyRows(a, 0, a, 2, 2), "copyRows", "4x3");
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> ops().copyRows(a, 2, ops().zeros(5, 3), 0, 3));
        assertTrue(e.getMessage().contains("3 rows from row 2 of 4x3 to row 0 of 5x3"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> ops().copyRows(a, 0, ops().zeros(2, 3), 1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> ops().copyRows(a, -1, ops().zeros(2, 3), 0, 1));
    }

    // ---- LSTM ----------------------------------------------------------------------------------------------------

    /** PyTorch's LSTM cell, written out: returns {activated gates, c, h}. */
    private static double[][] lstmReference(double[] pre, double[] cPrev, int rows, int hidden) {
        double[] act = new double[pre.length];
        double[] c = new double[rows * hidden];
        double[] h = new double[rows * hidden];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < hidden; j++) {
                int base = r * 4 * hidden;
                double in = sigmoid(pre[base + j]);
                double forget = sigmoid(pre[base + hidden + j]);
                double cell = Math.tanh(pre[base + 2 * hidden + j]);
                double out = sigmoid(pre[base + 3 * hidden + j]);
                act[base + j] = in;
                act[base + hidden + j] = forget;
                act[base + 2 * hidden + j] = cell;
                act[base + 3 * hidden + j] = out;
                c[r * hidden + j] = forget * cPrev[r * hidden + j] + in * cell;
                h[r * hidden + j] = out * Math.tanh(c[r * hidden + j]);
            }
        }
        return new double[][] {act, c, h};
    }

    /** The loss {@code sum(wh * h) + sum(wc * c)} of one LSTM step, computed by the backend. */
    private double lstmLoss(double[] pre, double[] cPrev, double[] wh, double[] wc, int rows, int hidden) {
        Matrix c = ops().zeros(rows, hidden);
        Matrix h = ops().zeros(rows, hidden);
        ops().lstmCell(of(rows, 4 * hidden, pre), 0, of(rows, hidden, cPrev), c, h);
        return dot(wh, ops().toRowMajor(h)) + dot(wc, ops().toRowMajor(c));
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void lstmCellIsPyTorchsCell() {
        Random rng = new Random(2);
        for (int[] s : CELLS) {
            int rows = s[0];
            int hidden = s[1];
            double[] pre = random(rows * 4 * hidden, 3, rng);
            double[] cPrev = random(rows * hidden, 2, rng);
            double[][] expected = lstmReference(pre, cPrev, rows, hidden);
            Matrix gates = of(rows, 4 * hidden, pre);
            Matrix c = nanFilled(rows, hidden);
            Matrix h = nanFilled(rows, hidden);
            ops().lstmCell(gates, 0, of(rows, hidden, cPrev), c, h);
            String what = "lstmCell " + rows + "x" + hidden;
            assertCell(expected[0], ops().toRowMajor(gates), 1e-14, FORWARD_STEPS, what + " gates");
            assertCell(expected[1], ops().toRowMajor(c), 1e-14, FORWARD_STEPS, what + " c");
            assertCell(expected[2], ops().toRowMajor(h), 1e-14, FORWARD_STEPS, what + " h");
        }
    }

    @Test
    void lstmCellBackwardIsTheDerivativeOfTheCell() {
        Random rng = new Random(3);
        for (int[] s : CELLS) {
            int rows = s[0];
            int hidden = s[1];
            double[] pre = random(rows * 4 * hidden, 3, rng);
            double[] cPrev = random(rows * hidden, 2, rng);
            double[] wh = random(rows * hidden, 1, rng);
            double[] wc = random(rows * hidden, 1, rng);
            Matrix gates = of(rows, 4 * hidden, pre);
            Matrix c = ops().zeros(rows, hidden);
            Matrix h = ops().zeros(rows, hidden);
            Matrix cPrevM = of(rows, hidden, cPrev);
            ops().lstmCell(gates, 0, cPrevM, c, h);
            Matrix dc = of(rows, hidden, wc);  // dL/dc from "later steps"
            Matrix dGates = nanFilled(rows, 4 * hidden);
            double[] heldGates = ops().toRowMajor(gates);
            double[] heldC = ops().toRowMajor(c);
            ops().lstmCellBackward(gates, 0, cPrevM, c, of(rows, hidden, wh), dc, dGates);
            String what = "lstmCellBackward " + rows + "x" + hidden;
            if (!float64()) {
                double[] expectedDc = wc.clone();
                double[] expectedDGates = new double[pre.length];
                RecurrentKernels.lstmCellBackward(heldGates, 0, cPrev, heldC, wh, expectedDc, expectedDGates, rows,
                        hidden);
                assertCell(expectedDGates, ops().toRowMajor(dGates), 0, BACKWARD_STEPS, what + " dGates");
                assertCell(expectedDc, ops().toRowMajor(dc), 0, BACKWARD_STEPS, what + " dcPrev");
                continue;
            }
            double[] numericGates = numericGradient(pre, p -> lstmLoss(p, cPrev, wh, wc, rows, hidden));
            double[] numericC = numericGradient(cPrev, cp -> lstmLoss(pre, cp, wh, wc, rows, hidden));
            assertClose(numericGates, ops().toRowMajor(dGates), FD_TOLERANCE, what + " dGates");
            assertClose(numericC, ops().toRowMajor(dc), FD_TOLERANCE, what + " dcPrev");
        }
    }

    @Test
    void lstmCellsRejectOtherShapesAndAliases() {
        Matrix s = ops().zeros(2, 3);
        assertRejected(() -> ops().lstmCell(ops().zeros(2, 9), 0, s, ops().zeros(2, 3), ops().zeros(2, 3)),
                "lstmCell", "2x9", "12 columns", "2x3");
        assertRejected(() -> ops().lstmCell(ops().zeros(2, 12), 0, s, ops().zeros(3, 3), ops().zeros(2, 3)),
                "lstmCell", "2x3", "3x3");
        assertRejected(() -> ops().lstmCell(ops().zeros(2, 12), 0, s, s, ops().zeros(2, 3)), "lstmCell", "distinct");
        Matrix g = ops().zeros(2, 12);
        assertRejected(() -> ops().lstmCellBackward(g, 0, s, ops().zeros(2, 3), ops().zeros(2, 3), ops().zeros(2, 3),
                ops().zeros(2, 8)), "lstmCellBackward", "2x12", "2x8");
        assertRejected(() -> ops().lstmCellBackward(g, 0, s, ops().zeros(2, 3), ops().zeros(2, 3), s, g),
                "lstmCellBackward", "distinct");
        // a step's rows of a time-major gate matrix: inside it, and dGates of its shape
        Matrix timeMajor = ops().zeros(6, 12);
        assertRejected(() -> ops().lstmCell(timeMajor, 5, s, ops().zeros(2, 3), ops().zeros(2, 3)), "lstmCell",
                "6x12", "5..6", "2x3");
        assertRejected(() -> ops().lstmCell(timeMajor, -1, s, ops().zeros(2, 3), ops().zeros(2, 3)), "lstmCell",
                "6x12", "-1..0", "2x3");
        assertRejected(() -> ops().lstmCellBackward(timeMajor, 2, s, ops().zeros(2, 3), ops().zeros(2, 3),
                ops().zeros(2, 3), ops().zeros(2, 12)), "lstmCellBackward", "dGates", "6x12", "2x12");
    }

    /**
     * The LSTM cells on a step's rows of a time-major gate matrix ({@code steps * batch} rows), at the first step, a
     * middle one and the last: the same bits as on a {@code batch x 4H} matrix holding those rows, every other row
     * kept.
     */
    @Test
    void lstmCellsWorkInPlaceOnAStepsRowsOfATimeMajorMatrix() {
        Random rng = new Random(11);
        int steps = 3;
        for (int[] s : CELLS) {
            int rows = s[0];
            int hidden = s[1];
            int width = 4 * hidden;
            for (int t = 0; t < steps; t++) {
                int row = t * rows;
                String what = "lstmCell " + rows + "x" + hidden + " at row " + row + " of " + steps * rows;
                double[] all = random(steps * rows * width, 3, rng);
                double[] pre = Arrays.copyOfRange(all, row * width, (row + rows) * width);
                Matrix cPrev = of(rows, hidden, random(rows * hidden, 2, rng));
                Matrix dh = of(rows, hidden, random(rows * hidden, 1, rng));
                double[] dcNext = random(rows * hidden, 1, rng);

                Matrix step = of(rows, width, pre);
                Matrix cStep = ops().zeros(rows, hidden);
                Matrix hStep = ops().zeros(rows, hidden);
                ops().lstmCell(step, 0, cPrev, cStep, hStep);
                Matrix timeMajor = of(steps * rows, width, all);
                Matrix c = nanFilled(rows, hidden);
                Matrix h = nanFilled(rows, hidden);
                ops().lstmCell(timeMajor, row, cPrev, c, h);
                assertStepRows(all, ops().toRowMajor(step), ops().toRowMajor(timeMajor), row * width, what + " gates");
                assertSameBits(ops().toRowMajor(cStep), ops().toRowMajor(c), what + " c");
                assertSameBits(ops().toRowMajor(hStep), ops().toRowMajor(h), what + " h");

                Matrix dStep = ops().zeros(rows, width);
                Matrix dcStep = of(rows, hidden, dcNext);
                ops().lstmCellBackward(step, 0, cPrev, cStep, dh, dcStep, dStep);
                double[] kept = random(steps * rows * width, 1, rng);
                Matrix dGates = of(steps * rows, width, kept);
                Matrix dc = of(rows, hidden, dcNext);
                ops().lstmCellBackward(timeMajor, row, cPrev, c, dh, dc, dGates);
                assertStepRows(kept, ops().toRowMajor(dStep), ops().toRowMajor(dGates), row * width,
                        what + "Backward dGates");
                assertSameBits(ops().toRowMajor(dcStep), ops().toRowMajor(dc), what + "Backward dcPrev");
            }
        }
    }

    // ---- GRU -----------------------------------------------------------------------------------------------------

    /** PyTorch's GRU cell, written out: returns {activated gates, h}. */
    private static double[][] gruReference(double[] gi, double[] gh, double[] hPrev, int rows, int hidden) {
        double[] act = new double[gi.length];
        double[] h = new double[rows * hidden];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < hidden; j++) {
                int base = r * 3 * hidden;
                double reset = sigmoid(gi[base + j] + gh[base + j]);
                double update = sigmoid(gi[base + hidden + j] + gh[base + hidden + j]);
                double fresh = Math.tanh(gi[base + 2 * hidden + j] + reset * gh[base + 2 * hidden + j]);
                act[base + j] = reset;
                act[base + hidden + j] = update;
                act[base + 2 * hidden + j] = fresh;
                h[r * hidden + j] = (1 - update) * fresh + update * hPrev[r * hidden + j];
            }
        }
        return new double[][] {act, h};
    }

    private double gruLoss(double[] gi, double[] gh, double[] hPrev, double[] wh, int rows, int hidden) {
        Matrix h = ops().zeros(rows, hidden);
        ops().gruCell(of(rows, 3 * hidden, gi), 0, of(rows, 3 * hidden, gh), of(rows, hidden, hPrev), h);
        return dot(wh, ops().toRowMajor(h));
    }

    @Test
    void gruCellIsPyTorchsCell() {
        Random rng = new Random(4);
        for (int[] s : CELLS) {
            int rows = s[0];
            int hidden = s[1];
            double[] gi = random(rows * 3 * hidden, 3, rng);
            double[] gh = random(rows * 3 * hidden, 3, rng);
            double[] hPrev = random(rows * hidden, 1, rng);
            double[][] expected = gruReference(gi, gh, hPrev, rows, hidden);
            Matrix gates = of(rows, 3 * hidden, gi);
            Matrix h = nanFilled(rows, hidden);
            ops().gruCell(gates, 0, of(rows, 3 * hidden, gh), of(rows, hidden, hPrev), h);
            String what = "gruCell " + rows + "x" + hidden;
            assertCell(expected[0], ops().toRowMajor(gates), 1e-14, FORWARD_STEPS, what + " gates");
            assertCell(expected[1], ops().toRowMajor(h), 1e-14, FORWARD_STEPS, what + " h");
        }
    }

    @Test
    void gruCellBackwardIsTheDerivativeOfTheCell() {
        Random rng = new Random(5);
        for (int[] s : CELLS) {
            int rows = s[0];
            int hidden = s[1];
            double[] gi = random(rows * 3 * hidden, 3, rng);
            double[] gh = random(rows * 3 * hidden, 3, rng);
            double[] hPrev = random(rows * hidden, 1, rng);
            double[] wh = random(rows * hidden, 1, rng);
            Matrix gates = of(rows, 3 * hidden, gi);
            Matrix ghM = of(rows, 3 * hidden, gh);
            Matrix hPrevM = of(rows, hidden, hPrev);
            ops().gruCell(gates, 0, ghM, hPrevM, ops().zeros(rows, hidden));
            Matrix dGates = nanFilled(rows, 3 * hidden);
            Matrix dHidden = nanFilled(rows, 3 * hidden);
            Matrix dhPrev = nanFilled(rows, hidden);
            ops().gruCellBackward(gates, 0, ghM, hPrevM, of(rows, hidden, wh), dGates, dHidden, dhPrev);
            String what = "gruCellBackward " + rows + "x" + hidden;
            if (!float64()) {
                double[] expectedGi = new double[gi.length];
                double[] expectedGh = new double[gh.length];
                double[] expectedH = new double[hPrev.length];
                RecurrentKernels.gruCellBackward(ops().toRowMajor(gates), 0, gh, hPrev, wh, expectedGi, expectedGh,
                        expectedH, rows, hidden);
                assertCell(expectedGi, ops().toRowMajor(dGates), 0, BACKWARD_STEPS, what + " dGates");
                assertCell(expectedGh, ops().toRowMajor(dHidden), 0, BACKWARD_STEPS, what + " dHiddenGates");
                assertCell(expectedH, ops().toRowMajor(dhPrev), 0, BACKWARD_STEPS, what + " dhPrev");
                continue;
            }
            double[] numericGi = numericGradient(gi, g -> gruLoss(g, gh, hPrev, wh, rows, hidden));
            double[] numericGh = numericGradient(gh, g -> gruLoss(gi, g, hPrev, wh, rows, hidden));
            // the direct part only: hPrev's influence through the hidden gates is the caller's dHiddenGates W_hh
            double[] direct = numericGradient(hPrev, hp -> gruLoss(gi, gh, hp, wh, rows, hidden));
            assertClose(numericGi, ops().toRowMajor(dGates), FD_TOLERANCE, what + " dGates");
            assertClose(numericGh, ops().toRowMajor(dHidden), FD_TOLERANCE, what + " dHiddenGates");
            assertClose(direct, ops().toRowMajor(dhPrev), FD_TOLERANCE, what + " dhPrev");
        }
    }

    @Test
    void gruCellsRejectOtherShapesAndAliases() {
        Matrix s = ops().zeros(2, 3);
        Matrix g = ops().zeros(2, 9);
        assertRejected(() -> ops().gruCell(ops().zeros(2, 12), 0, ops().zeros(2, 12), s, ops().zeros(2, 3)),
                "gruCell", "2x9", "2x12");
        assertRejected(() -> ops().gruCell(g, 0, ops().zeros(2, 8), s, ops().zeros(2, 3)), "gruCell", "2x9", "2x8");
        assertRejected(() -> ops().gruCell(g, 0, g, s, ops().zeros(2, 3)), "gruCell", "distinct");
        assertRejected(() -> ops().gruCellBackward(g, 0, ops().zeros(2, 9), s, ops().zeros(2, 3), ops().zeros(2, 9),
                ops().zeros(2, 9), ops().zeros(1, 3)), "gruCellBackward", "2x3", "1x3");
        assertRejected(() -> ops().gruCellBackward(g, 0, ops().zeros(2, 9), s, ops().zeros(2, 3), ops().zeros(2, 9),
                ops().zeros(2, 9), s), "gruCellBackward", "distinct");
        // a step's rows of a time-major gate matrix: inside it, and of the hidden gates' width
        Matrix timeMajor = ops().zeros(6, 9);
        assertRejected(() -> ops().gruCell(timeMajor, 5, g, s, ops().zeros(2, 3)), "gruCell", "6x9", "5..6",
                "2x9");
        assertRejected(() -> ops().gruCell(timeMajor, -1, g, s, ops().zeros(2, 3)), "gruCell", "6x9", "-1..0",
                "2x9");
        assertRejected(() -> ops().gruCell(ops().zeros(6, 12), 2, g, s, ops().zeros(2, 3)), "gruCell", "6x12",
                "2..3", "2x9");
        assertRejected(() -> ops().gruCellBackward(timeMajor, 6, ops().zeros(2, 9), s, ops().zeros(2, 3),
                ops().zeros(6, 9), ops().zeros(2, 9), ops().zeros(2, 3)), "gruCellBackward", "6x9", "6..7", "2x9");
        assertRejected(() -> ops().gruCellBackward(timeMajor, 2, ops().zeros(2, 9), s, ops().zeros(2, 3),
                ops().zeros(2, 9), ops().zeros(2, 9), ops().zeros(2, 3)), "gruCellBackward", "6x9", "2x9");
        assertRejected(() -> ops().gruCellBackward(timeMajor, 2, ops().zeros(2, 9), s, ops().zeros(2, 3),
                ops().zeros(6, 9), ops().zeros(2, 9), ops().zeros(2, 3)), "gruCellBackward", "dHiddenGates", "6x9",
                "2x9");
    }

    /**
     * A step's rows of a time-major gate matrix ({@code steps * batch} rows), at the first step, a middle one and
     * the last: the cells read and write those rows exactly as they would a {@code batch x 3H} matrix holding them
     * (the same bits), and keep every other row.
     */
    @Test
    void gruCellsWorkInPlaceOnAStepsRowsOfATimeMajorMatrix() {
        Random rng = new Random(7);
        int steps = 3;
        for (int[] s : CELLS) {
            int rows = s[0];
            int hidden = s[1];
            int width = 3 * hidden;
            for (int t = 0; t < steps; t++) {
                int row = t * rows;
                String what = "gruCell " + rows + "x" + hidden + " at row " + row + " of " + steps * rows;
                double[] all = random(steps * rows * width, 3, rng);
                double[] gi = Arrays.copyOfRange(all, row * width, (row + rows) * width);
                Matrix gh = of(rows, width, random(rows * width, 3, rng));
                Matrix hPrev = of(rows, hidden, random(rows * hidden, 1, rng));
                Matrix dh = of(rows, hidden, random(rows * hidden, 1, rng));

                Matrix step = of(rows, width, gi);
                Matrix hStep = ops().zeros(rows, hidden);
                ops().gruCell(step, 0, gh, hPrev, hStep);
                Matrix timeMajor = of(steps * rows, width, all);
                Matrix h = nanFilled(rows, hidden);
                ops().gruCell(timeMajor, row, gh, hPrev, h);
                assertStepRows(all, ops().toRowMajor(step), ops().toRowMajor(timeMajor), row * width, what + " gates");
                assertSameBits(ops().toRowMajor(hStep), ops().toRowMajor(h), what + " h");

                Matrix dStep = ops().zeros(rows, width);
                Matrix dHiddenStep = ops().zeros(rows, width);
                Matrix dhPrevStep = ops().zeros(rows, hidden);
                ops().gruCellBackward(step, 0, gh, hPrev, dh, dStep, dHiddenStep, dhPrevStep);
                double[] kept = random(steps * rows * width, 1, rng);
                Matrix dGates = of(steps * rows, width, kept);
                double[] keptHidden = random(steps * rows * width, 1, rng);
                Matrix dHidden = of(steps * rows, width, keptHidden);
                Matrix dhPrev = nanFilled(rows, hidden);
                ops().gruCellBackward(timeMajor, row, gh, hPrev, dh, dGates, dHidden, dhPrev);
                assertStepRows(kept, ops().toRowMajor(dStep), ops().toRowMajor(dGates), row * width,
                        what + "Backward dGates");
                assertStepRows(keptHidden, ops().toRowMajor(dHiddenStep), ops().toRowMajor(dHidden), row * width,
                        what + "Backward dHiddenGates");
                assertSameBits(ops().toRowMajor(dhPrevStep), ops().toRowMajor(dhPrev), what + "Backward dhPrev");
            }
        }
    }

    /** {@code actual} is {@code before} with {@code step} in place from element {@code at} on, bit for bit. */
    private void assertStepRows(double[] before, double[] step, double[] actual, int at, String what) {
        double[] expected = before.clone();
        System.arraycopy(step, 0, expected, at, step.length);
        assertSameBits(expected, actual, what);
    }

    // ---- the same bits on every backend ---------------------------------------------------------------------------

    /**
     * Random values in [-scale, scale] with, in every eighth place, one of the arguments where the cells' sigmoid
     * and tanh change formula or saturate, and the special values: the same array for every backend.
     */
    private double[] withSpecialValues(int n, double scale, Random rng) {
        double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 1e-300, -1e-310,
            Double.MIN_VALUE, 0.625, -0.625, Math.nextDown(0.625), 19.5, -22.5, 40, -40, 709.9, -745.5, 800, -1200,
            1e300, -1e300};
        double[] a = random(n, scale, rng);
        for (int i = 0; i < n; i += 8) {
            a[i] = special[rng.nextInt(special.length)];
        }
        return float64() ? a : held(a);
    }

    private void assertSameBits(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            boolean same = Double.isNaN(expected[i]) ? Double.isNaN(actual[i])
                    : Double.doubleToRawLongBits(expected[i]) == Double.doubleToRawLongBits(actual[i]);
            if (!same) {
                fail(what + " in " + ops().dtype() + ": at " + i + " expected " + expected[i]
                        + " (RecurrentKernels) but was " + actual[i]);
            }
        }
    }

    /**
     * The cells' bits are those of the shared kernels of the backend's precision ({@link RecurrentKernels}, or its
     * float32 copy, which evaluates {@link CellMath} in double and rounds once) on every backend, for random values,
     * saturating ones and the special values, in rows of every width (a backend computing whole vectors of columns
     * finishes each row with the scalar code): what lets a model train to the same bits anywhere. Not on the
     * {@link Float32TestDouble}, which computes in double and rounds each output once, more accurately than float
     * kernels (its cells' {@code f * cPrev + i * g} is not rounded after each product).
     */
    @Test
    void cellsGiveTheBitsOfTheSharedKernels() {
        MatrixOps backend = ops() instanceof CheckedMatrixOps checked ? checked.unwrap() : ops();
        assumeFalse(backend instanceof Float32TestDouble, "the float32 test double rounds double cells once");
        SharedCells shared = float64() ? new SharedCells.Float64() : new SharedCells.Float32();
        Random rng = new Random(6);
        for (int[] s : new int[][] {{1, 1}, {3, 5}, {5, 17}, {4, 64}, {2, 67}}) {
            int rows = s[0];
            int hidden = s[1];
            String what = rows + "x" + hidden;
            for (double scale : new double[] {3, 30}) {
                double[] pre = withSpecialValues(rows * 4 * hidden, scale, rng);
                double[] cPrev = withSpecialValues(rows * hidden, scale, rng);
                double[] dh = withSpecialValues(rows * hidden, 1, rng);
                double[] dcNext = withSpecialValues(rows * hidden, 1, rng);
                double[] gates = pre.clone();
                double[] c = new double[rows * hidden];
                double[] h = new double[rows * hidden];
                shared.lstmCell(gates, cPrev, c, h, rows, hidden);
                double[] dc = dcNext.clone();
                double[] dGates = new double[pre.length];
                shared.lstmCellBackward(gates, cPrev, c, dh, dc, dGates, rows, hidden);

                Matrix gatesM = of(rows, 4 * hidden, pre);
                Matrix cM = ops().zeros(rows, hidden);
                Matrix hM = ops().zeros(rows, hidden);
                ops().lstmCell(gatesM, 0, of(rows, hidden, cPrev), cM, hM);
                assertSameBits(gates, ops().toRowMajor(gatesM), "lstmCell " + what + " gates");
                assertSameBits(c, ops().toRowMajor(cM), "lstmCell " + what + " c");
                assertSameBits(h, ops().toRowMajor(hM), "lstmCell " + what + " h");
                Matrix dcM = of(rows, hidden, dcNext);
                Matrix dGatesM = ops().zeros(rows, 4 * hidden);
                ops().lstmCellBackward(gatesM, 0, of(rows, hidden, cPrev), cM, of(rows, hidden, dh), dcM, dGatesM);
                assertSameBits(dGates, ops().toRowMajor(dGatesM), "lstmCellBackward " + what + " dGates");
                assertSameBits(dc, ops().toRowMajor(dcM), "lstmCellBackward " + what + " dcPrev");

                double[] gi = withSpecialValues(rows * 3 * hidden, scale, rng);
                double[] gh = withSpecialValues(rows * 3 * hidden, scale, rng);
                double[] hPrev = cPrev;
                double[] gruGates = gi.clone();
                double[] gruH = new double[rows * hidden];
                shared.gruCell(gruGates, 0, gh, hPrev, gruH, rows, hidden);
                double[] dGi = new double[gi.length];
                double[] dGh = new double[gi.length];
                double[] dhPrev = new double[rows * hidden];
                shared.gruCellBackward(gruGates, 0, gh, hPrev, dh, dGi, dGh, dhPrev, rows, hidden);

                Matrix gruGatesM = of(rows, 3 * hidden, gi);
                Matrix ghM = of(rows, 3 * hidden, gh);
                Matrix hPrevM = of(rows, hidden, hPrev);
                Matrix gruHM = ops().zeros(rows, hidden);
                ops().gruCell(gruGatesM, 0, ghM, hPrevM, gruHM);
                assertSameBits(gruGates, ops().toRowMajor(gruGatesM), "gruCell " + what + " gates");
                assertSameBits(gruH, ops().toRowMajor(gruHM), "gruCell " + what + " h");
                Matrix dGiM = ops().zeros(rows, 3 * hidden);
                Matrix dGhM = ops().zeros(rows, 3 * hidden);
                Matrix dhPrevM = ops().zeros(rows, hidden);
                ops().gruCellBackward(gruGatesM, 0, ghM, hPrevM, of(rows, hidden, dh), dGiM, dGhM, dhPrevM);
                assertSameBits(dGi, ops().toRowMajor(dGiM), "gruCellBackward " + what + " dGates");
                assertSameBits(dGh, ops().toRowMajor(dGhM), "gruCellBackward " + what + " dHiddenGates");
                assertSameBits(dhPrev, ops().toRowMajor(dhPrevM), "gruCellBackward " + what + " dhPrev");
            }
        }
    }
}
