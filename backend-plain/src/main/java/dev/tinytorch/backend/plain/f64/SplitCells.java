package dev.tinytorch.backend.plain.f64;

import dev.tinytorch.backend.plain.machine.BandThreads;

/**
 * The recurrent cells shared with {@link BandThreads} by rows of the batch: each row of a cell is computed alone, so
 * a band of rows gives the bits it gives on one thread. The bands are the rows {@link Gemm} gives each thread of a
 * step's product ({@link Gemm#rowBandHeight}), so that, as long as each thread claims the band of the same number,
 * the thread that wrote a band of gates activates it, and writes the band of the state its next product reads: a
 * recurrent step's data stays in one core's cache.
 */
final class SplitCells extends BandTask {

    /**
     * Elements of the state ({@code rows * hidden}) below which the caller computes the cell alone. Not tuned: the
     * only cells measured are 64x64 (4,096 elements; a float64 LSTM cell took about 40 us on one core).
     */
    static final int MIN_ELEMENTS = 1 << 10;

    /** The four cells. */
    private enum Cell { LSTM, LSTM_BACKWARD, GRU, GRU_BACKWARD }

    private final ScalarKernels kernels;
    private Cell cell;
    private double[] gates;
    private int gateRow;
    private double[] hiddenGates;
    private double[] previous;
    private double[] c;
    private double[] h;
    private double[] dh;
    private double[] dc;
    private double[] dGates;
    private double[] dHiddenGates;
    private double[] dhPrev;
    private int rows;
    private int hidden;
    private int step;

    SplitCells(ScalarKernels kernels, BandThreads threads) {
        super(threads);
        this.kernels = kernels;
    }

    /** {@link ScalarKernels#lstmCell} on rows {@code 0 .. rows - 1}; writes {@code gates}' rows, {@code c}, {@code h}. */
    void lstmCell(double[] gates, int gateRow, double[] cPrev, double[] c, double[] h, int rows, int hidden) {
        this.gates = gates;
        this.gateRow = gateRow;
        this.previous = cPrev;
        this.c = c;
        this.h = h;
        run(Cell.LSTM, rows, hidden);
    }

    /** {@link ScalarKernels#lstmCellBackward} on rows {@code 0 .. rows - 1}; writes {@code dGates}' rows, {@code dc}. */
    void lstmCellBackward(double[] gates, int gateRow, double[] cPrev, double[] c, double[] dh, double[] dc,
            double[] dGates, int rows, int hidden) {
        this.gates = gates;
        this.gateRow = gateRow;
        this.previous = cPrev;
        this.c = c;
        this.dh = dh;
        this.dc = dc;
        this.dGates = dGates;
        run(Cell.LSTM_BACKWARD, rows, hidden);
    }

    /** {@link ScalarKernels#gruCell} on rows {@code 0 .. rows - 1}; writes {@code gates}' rows and {@code h}. */
    void gruCell(double[] gates, int gateRow, double[] hiddenGates, double[] hPrev, double[] h, int rows,
            int hidden) {
        this.gates = gates;
        this.gateRow = gateRow;
        this.hiddenGates = hiddenGates;
        this.previous = hPrev;
        this.h = h;
        run(Cell.GRU, rows, hidden);
    }

    /**
     * {@link ScalarKernels#gruCellBackward} on rows {@code 0 .. rows - 1}; writes {@code dGates}' and
     * {@code dHiddenGates}' rows and {@code dhPrev}.
     */
    void gruCellBackward(double[] gates, int gateRow, double[] hiddenGates, double[] hPrev, double[] dh,
            double[] dGates, double[] dHiddenGates, double[] dhPrev, int rows, int hidden) {
        this.gates = gates;
        this.gateRow = gateRow;
        this.hiddenGates = hiddenGates;
        this.previous = hPrev;
        this.dh = dh;
        this.dGates = dGates;
        this.dHiddenGates = dHiddenGates;
        this.dhPrev = dhPrev;
        run(Cell.GRU_BACKWARD, rows, hidden);
    }

    private void run(Cell cell, int rows, int hidden) {
        this.cell = cell;
        this.rows = rows;
        this.hidden = hidden;
        if ((long) rows * hidden < MIN_ELEMENTS || threads() == 1) {
            step = rows;
            runBands(1, false);
        } else {
            step = Gemm.rowBandHeight(rows, threads(), kernels.tileRows());
            runBands((rows + step - 1) / step);
        }
    }

    @Override
    void clear() {
        gates = hiddenGates = previous = c = h = dh = dc = dGates = dHiddenGates = dhPrev = null;
    }

    @Override
    public void accept(int band) {
        int from = band * step;
        int to = Math.min(rows, from + step);
        switch (cell) {
            case LSTM -> kernels.lstmCell(gates, gateRow, previous, c, h, from, to, hidden);
            case LSTM_BACKWARD -> kernels.lstmCellBackward(gates, gateRow, previous, c, dh, dc, dGates, from, to,
                    hidden);
            case GRU -> kernels.gruCell(gates, gateRow, hiddenGates, previous, h, from, to, hidden);
            case GRU_BACKWARD -> kernels.gruCellBackward(gates, gateRow, hiddenGates, previous, dh, dGates,
                    dHiddenGates, dhPrev, from, to, hidden);
        }
    }
}
