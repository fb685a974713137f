package dev.tinytorch.backend.plain.f64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.tinytorch.backend.plain.machine.BandThreads;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The recurrent cells split by rows between threads give the bits of the whole batch on one thread, whatever the
 * team: each row is its own. The batch is large enough to be split and not a multiple of the band, so the last band
 * is short; the gates start at a later step's rows, as in a layer's time loop; the rows are 40 wide, so the vector
 * cells finish each row with the scalar ones.
 */
@SuppressWarnings("cast")  // (double) x: redundant in the float64 source, rounds to float32 in its generated copy
class SplitCellsTest {

    private static final int ROWS = 63;
    private static final int HIDDEN = 40;
    private static final int GATE_ROW = 2 * ROWS;

    static Stream<ScalarKernels> kernels() {
        return Kernels.available();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void cellsGiveTheBitsOfOneThreadOnAnyTeam(ScalarKernels kernels) {
        double[][] expected = cells(new SplitCells(kernels, new BandThreads(1)));
        for (int threads = 2; threads <= 4; threads++) {
            double[][] actual = cells(new SplitCells(kernels, new BandThreads(threads)));
            for (int i = 0; i < expected.length; i++) {
                assertArrayEquals(expected[i], actual[i], kernels + ", " + threads + " threads, array " + i);
            }
        }
    }

    /** An LSTM and a GRU step forward and backward at rows {@link #GATE_ROW} of their gates: every array written. */
    private static double[][] cells(SplitCells split) {
        int state = ROWS * HIDDEN;
        double[] gates = random(3 * ROWS * 4 * HIDDEN, 1);
        double[] previous = random(state, 2);
        double[] dh = random(state, 3);
        double[] c = new double[state];
        double[] h = new double[state];
        split.lstmCell(gates, GATE_ROW, previous, c, h, ROWS, HIDDEN);
        double[] dc = random(state, 4);
        double[] dGates = new double[gates.length];
        split.lstmCellBackward(gates, GATE_ROW, previous, c, dh, dc, dGates, ROWS, HIDDEN);
        double[] gruGates = Arrays.copyOf(gates, 3 * ROWS * 3 * HIDDEN);
        double[] hiddenGates = random(ROWS * 3 * HIDDEN, 5);
        double[] gruH = new double[state];
        split.gruCell(gruGates, GATE_ROW, hiddenGates, previous, gruH, ROWS, HIDDEN);
        double[] dGi = new double[gruGates.length];
        double[] dGh = new double[gruGates.length];  // time-major, as dGi
        double[] dhPrev = new double[state];
        split.gruCellBackward(gruGates, GATE_ROW, hiddenGates, previous, dh, dGi, dGh, dhPrev, ROWS, HIDDEN);
        return new double[][] {gates, c, h, dGates, dc, gruGates, gruH, dGi, dGh, dhPrev};
    }

    private static double[] random(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (double) (6 * rng.nextDouble() - 3);
        }
        return x;
    }
}
