package dev.tinytorch.examples;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Layer;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.data.Batch;
import dev.tinytorch.nn.data.DataLoader;
import dev.tinytorch.nn.data.Dataset;
import dev.tinytorch.nn.init.Seed;
import dev.tinytorch.nn.layers.GRU;
import dev.tinytorch.nn.layers.LSTM;
import dev.tinytorch.nn.layers.LastStep;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.losses.CrossEntropyLoss;
import dev.tinytorch.nn.metrics.Metrics;
import dev.tinytorch.nn.optim.Adam;
import dev.tinytorch.nn.train.Trainer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Sequences as first-class data: reads each handwritten digit as 28 time steps of one 28-pixel row and classifies it
 * from the last hidden state of a recurrent layer.
 *
 * <p>Trains {@code LSTM(28, 64)} (or {@code GRU(28, 64)}), its last step, {@code Linear(64, 10)} with cross entropy
 * and Adam (lr 2e-3, batch 64, shuffled with a fixed seed) on the first {@value #TRAIN} shipped MNIST digits (pixels
 * / 255) for {@value #EPOCHS} epochs, printing a line per epoch, then the accuracy on the last {@value #TEST}. A batch
 * needs no reshaping: a row of 784 pixels is already 28 steps of 28 features one after the other, the layout of
 * {@link LSTM}. This is the recipe of {@code reference.py rnn --accuracy} ({@code RowLstm}), where PyTorch reaches
 * 0.906 (LSTM) and 0.957 (GRU) in float64 with one seed.
 *
 * <p>Usage: {@code SequentialMnist [--gru] [--epochs N] [--seed S]}.
 */
public final class SequentialMnist {

    /** The recurrent layer the digits' rows go through. */
    public enum Cell {
        LSTM, GRU
    }

    /** Seed of the weights and the shuffling. */
    public static final long SEED = 1;
    /** Epochs of the full recipe. */
    public static final int EPOCHS = 10;
    /** The first {@value} shipped digits are the training set. */
    public static final int TRAIN = 8_000;
    /** The last {@value} shipped digits are the test set. */
    public static final int TEST = 2_000;
    /** Pixels per row: the features of each time step, and the number of steps. */
    static final int ROW = 28;
    static final int HIDDEN = 64;
    private static final int BATCH = 64;
    private static final int EVAL_BATCH = 250;

    private final DemoSetup setup;
    private final Cell cell;
    private final int epochs;

    /** Trains {@code cell} for {@code epochs} epochs with {@code setup}'s backend and seed. */
    public SequentialMnist(DemoSetup setup, Cell cell, int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("SequentialMnist needs at least one epoch, got " + epochs);
        }
        this.setup = setup;
        this.cell = cell;
        this.epochs = epochs;
    }

    public static void main(String[] args) {
        Cell cell = Cell.LSTM;
        int epochs = EPOCHS;
        long seed = SEED;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--gru" -> cell = Cell.GRU;
                    case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (RuntimeException e) {
            System.err.println("usage: SequentialMnist [--gru] [--epochs N] [--seed S]   (" + e.getMessage() + ")");
            System.exit(2);
        }
        Results results = new SequentialMnist(DemoSetup.onDefaultBackend(seed), cell, epochs).run();
        System.out.printf(Locale.ROOT, "test accuracy: %.4f%n", results.accuracy());
    }

    /**
     * What a run produced.
     *
     * @param accuracy     the share of the test digits classified correctly
     * @param epochLosses  the mean training loss of each epoch
     */
    public record Results(double accuracy, List<Double> epochLosses) {
    }

    /** The network, its weights drawn from the current {@link Seed}: the recurrent layer, its last step, a Linear. */
    static List<Layer> network(Cell cell) {
        Layer recurrent = cell == Cell.LSTM ? new LSTM(ROW, HIDDEN) : new GRU(ROW, HIDDEN);
        return List.of(recurrent, new LastStep(HIDDEN), new Linear(HIDDEN, 10));
    }

    /** Loads, trains and evaluates. */
    public Results run() {
        MatrixOps ops = setup.ops();
        PrintStream out = setup.out();
        Dataset all = ShippedData.mnistImages().toDataset(ops, ShippedData.mnistLabels());
        Dataset train = all.subset(IntStream.range(0, TRAIN).toArray());
        Dataset test = all.subset(IntStream.range(TRAIN, TRAIN + TEST).toArray());

        Seed.manualSeed(setup.seed());
        Sequential model = new Sequential(network(cell), new CrossEntropyLoss()).to(ops);
        Trainer trainer = new Trainer(model, new Adam(model.parameters(), 2e-3),
                new DataLoader(train, BATCH, true, setup.seed()), new DataLoader(test, EVAL_BATCH, false, 0),
                Metrics.accuracy());
        out.println("-- " + cell + "(28, 64) over the 28 rows of " + TRAIN + " MNIST digits, last step, Linear(64, 10),"
                + " Adam lr 2e-3, batch " + BATCH);
        List<Double> losses = new ArrayList<>();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            double loss = trainer.trainOneEpoch();
            double seconds = (System.nanoTime() - start) / 1e9;
            losses.add(loss);
            out.println(String.format(Locale.ROOT, "epoch %d/%d  loss %.4f  %.1f s  %.0f samples/s",
                    epoch, epochs, loss, seconds, TRAIN / seconds));
        }
        double accuracy = accuracy(model, test);
        out.println(String.format(Locale.ROOT, "accuracy on the last %d digits: %.4f", TEST, accuracy));
        return new Results(accuracy, List.copyOf(losses));
    }

    /** The share of {@code data}'s digits whose largest logit is their label, in evaluation mode. */
    private static double accuracy(Sequential model, Dataset data) {
        model.eval();
        int[] predicted = new int[EVAL_BATCH];
        int correct = 0;
        for (Batch batch : new DataLoader(data, EVAL_BATCH, false, 0)) {
            Matrix logits = model.forward(batch.inputs());
            model.ops().argmaxRows(logits, predicted);
            double[] labels = model.ops().toRowMajor(batch.targets());
            for (int i = 0; i < logits.rows(); i++) {
                correct += predicted[i] == (int) labels[i] ? 1 : 0;
            }
        }
        model.train();
        return (double) correct / data.size();
    }
}
