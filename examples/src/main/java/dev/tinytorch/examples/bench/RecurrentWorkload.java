package dev.tinytorch.examples.bench;

import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Layer;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.data.DataLoader;
import dev.tinytorch.nn.data.Dataset;
import dev.tinytorch.nn.init.Seed;
import dev.tinytorch.nn.layers.GRU;
import dev.tinytorch.nn.layers.LSTM;
import dev.tinytorch.nn.layers.LastStep;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.losses.CrossEntropyLoss;
import dev.tinytorch.nn.optim.Adam;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One optimizer step of the sequential-MNIST classifier, in training samples per second: each 28x28 image read as
 * 28 steps of a 28-pixel row by {@code LSTM(28, 64)} or {@code GRU(28, 64)}, its last step, {@code Linear(64, 10)},
 * cross entropy and Adam (lr 2e-3) on shuffled batches of 64: the {@code SequentialMnist} example and
 * {@code reference.py rnn} ({@code RowLstm}), so its figure stands next to PyTorch's.
 *
 * <p>The images are synthetic and seeded (uniform pixels in [0, 1), uniformly drawn digits): the time of a step does
 * not depend on what is learnt. They are generated once and copied to each backend.
 */
public final class RecurrentWorkload implements Workload {

    /** Samples per batch, as in the reference. */
    public static final int BATCH = 64;
    /** Adam's learning rate, as in the reference. */
    public static final double LR = 2e-3;
    /** The row label of the LSTM. */
    public static final String LSTM_NAME = "LSTM(28, 64) seq-MNIST b64";
    /** The row label of the GRU. */
    public static final String GRU_NAME = "GRU(28, 64) seq-MNIST b64";
    private static final int ROW = 28;
    private static final int HIDDEN = 64;
    private static final int CLASSES = 10;
    private static final long SEED = 7;

    private final boolean lstm;
    private final int rows;
    private double[] inputs;   // generated on first use, shared by every backend
    private double[] targets;

    private RecurrentWorkload(boolean lstm, int rows) {
        if (rows < BATCH) {
            throw new IllegalArgumentException((lstm ? LSTM_NAME : GRU_NAME) + ": needs at least one batch of "
                    + BATCH + " rows, got " + rows);
        }
        this.lstm = lstm;
        this.rows = rows;
    }

    /** The LSTM classifier on {@code rows} synthetic images (at least one batch). */
    public static RecurrentWorkload lstm(int rows) {
        return new RecurrentWorkload(true, rows);
    }

    /** The GRU classifier on {@code rows} synthetic images (at least one batch). */
    public static RecurrentWorkload gru(int rows) {
        return new RecurrentWorkload(false, rows);
    }

    @Override
    public String group() {
        return lstm ? "lstm" : "gru";
    }

    @Override
    public String name() {
        return lstm ? LSTM_NAME : GRU_NAME;
    }

    @Override
    public Metric metric() {
        return Metric.perSecond(BATCH, "samples/s");
    }

    @Override
    public boolean isTrainingStep() {
        return true;
    }

    @Override
    public Task prepare(MatrixOps ops) {
        generateData();
        Dataset data = new Dataset(ops, ops.fromRowMajor(rows, ROW * ROW, inputs), ops.fromRowMajor(rows, 1, targets));
        Seed.manualSeed(SEED);
        Layer recurrent = lstm ? new LSTM(ROW, HIDDEN) : new GRU(ROW, HIDDEN);
        Sequential model = new Sequential(List.of(recurrent, new LastStep(HIDDEN), new Linear(HIDDEN, CLASSES)),
                new CrossEntropyLoss()).to(ops);
        return new TrainingSteps(model, new Adam(model.parameters(), LR),
                new DataLoader(data, BATCH, true, SEED).dropLast());
    }

    private void generateData() {
        if (inputs != null) {
            return;
        }
        SplittableRandom rng = new SplittableRandom(SEED);
        inputs = new double[Math.multiplyExact(rows, ROW * ROW)];
        targets = new double[rows];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = rng.nextDouble();
        }
        for (int i = 0; i < rows; i++) {
            targets[i] = rng.nextInt(CLASSES);
        }
    }
}
