package dev.tinytorch.examples;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.data.DataLoader;
import dev.tinytorch.nn.data.Dataset;
import dev.tinytorch.nn.data.Split;
import dev.tinytorch.nn.init.Seed;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.ReLU;
import dev.tinytorch.nn.losses.CrossEntropyLoss;
import dev.tinytorch.nn.metrics.ConfusionMatrix;
import dev.tinytorch.nn.metrics.Metrics;
import dev.tinytorch.nn.optim.SGD;
import dev.tinytorch.nn.train.Evaluation;
import dev.tinytorch.nn.train.Trainer;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The multi-class case the tutorial leaves out: recognises handwritten digits (8x8 grey images, 10 classes).
 *
 * <p>Loads the shipped digits data, splits it 80/20 with a fixed seed, standardises with the training statistics,
 * and trains {@code Linear(64, 64), ReLU, Linear(64, 10)} on raw scores with cross entropy and SGD (lr 0.1, batch
 * 64, {@value #EPOCHS} epochs), printing the epoch lines with multi-class accuracy as the metric, then the
 * confusion matrix of the validation set.
 */
public final class Digits {

    /** Seed of the split, the shuffling and the weights: the same run on every backend. */
    public static final long SEED = 1;
    /** Epochs of training. */
    public static final int EPOCHS = 20;
    static final String DATA = "digits.csv";

    private final DemoSetup setup;

    /** Runs with {@code setup}'s backend and seed, printing to its output. */
    public Digits(DemoSetup setup) {
        this.setup = setup;
    }

    public static void main(String[] args) {
        Results results = new Digits(DemoSetup.onDefaultBackend(SEED)).run();
        System.out.printf(Locale.ROOT, "final validation accuracy: %.3f (macro F1 %.3f)%n",
                results.validation().metric(), results.confusion().macroF1());
    }

    /** The final validation loss and accuracy, and the validation set's confusion matrix. */
    public record Results(Evaluation validation, ConfusionMatrix confusion) {
    }

    /** Loads, splits, standardises, trains and evaluates. */
    public Results run() {
        Split<Dataset> split = setup.standardisedSplit(DATA);
        MatrixOps ops = setup.ops();
        PrintStream out = setup.out();
        long seed = setup.seed();
        Seed.manualSeed(seed);
        Sequential model = new Sequential(List.of(new Linear(64, 64), new ReLU(), new Linear(64, 10)),
                new CrossEntropyLoss()).to(ops);
        Trainer trainer = new Trainer(model, new SGD(model.parameters(), 0.1),
                new DataLoader(split.train(), 64, true, seed), new DataLoader(split.validation(), 64, false, seed),
                Metrics.accuracy());
        trainer.setOutput(out);
        out.println("-- Linear(64, 64), ReLU, Linear(64, 10) with cross entropy on the logits");
        Evaluation validation = trainer.train(EPOCHS, 1);

        model.eval();
        Matrix logits = model.forward(split.validation().inputs());
        ConfusionMatrix confusion = Metrics.confusionMatrix(ops, logits, split.validation().targets());
        out.println("confusion matrix of the " + split.validation().size() + " validation images:");
        out.println(confusion);
        return new Results(validation, confusion);
    }

    /** The shipped digits table (64 pixel columns, label column {@code target}) as a dataset on {@code ops}. */
    static Dataset load(MatrixOps ops) {
        return ShippedData.load(ops, DATA);
    }
}
