package dev.tinytorch.examples;

import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Layer;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.data.DataLoader;
import dev.tinytorch.nn.data.Dataset;
import dev.tinytorch.nn.data.Split;
import dev.tinytorch.nn.init.Seed;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.ReLU;
import dev.tinytorch.nn.layers.Sigmoid;
import dev.tinytorch.nn.losses.BinaryCrossEntropy;
import dev.tinytorch.nn.metrics.Metrics;
import dev.tinytorch.nn.optim.SGD;
import dev.tinytorch.nn.reference.LogisticRegressionFit;
import dev.tinytorch.nn.reference.LogisticRegressionIrls;
import dev.tinytorch.nn.train.Evaluation;
import dev.tinytorch.nn.train.Trainer;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The tutorial, runnable: tells malignant from benign tumours with logistic regression, then with a deeper net.
 *
 * <p>Loads the shipped breast-cancer data, splits it 80/20 with a fixed seed, standardises with the training
 * statistics, and trains both models with SGD (lr 0.1, batch 64, 10 epochs), printing the tutorial's epoch lines.
 * Then, as the tutorial ends by comparing with scikit-learn's {@code LogisticRegression}, it fits the exact optimum
 * of that model's default objective on the same standardised training data ({@link LogisticRegressionIrls}) and
 * prints its validation accuracy beside the networks'.
 */
public final class BreastCancer {

    /**
     * Seed of the split, the shuffling and the weights: the same run on every backend. Accuracy on a 114-row
     * validation set moves by a few hundredths from one split to another; the README gives the spread over seeds.
     */
    public static final long SEED = 1;
    static final String DATA = "breast_cancer.csv";

    private final DemoSetup setup;

    /** Runs with {@code setup}'s backend and seed, printing to its output. */
    public BreastCancer(DemoSetup setup) {
        this.setup = setup;
    }

    public static void main(String[] args) {
        Results results = new BreastCancer(DemoSetup.onDefaultBackend(SEED)).run();
        System.out.printf(Locale.ROOT, "final validation accuracy: logistic regression %.3f, deeper net %.3f,"
                + " reference optimum %.3f%n", results.logistic().metric(), results.deeper().metric(),
                results.referenceAccuracy());
    }

    /**
     * Final validation loss and accuracy of both networks, the reference fit and its validation accuracy.
     *
     * @param reference         the exact L2-regularised logistic regression (C = 1) on the same training data
     * @param referenceAccuracy the reference's accuracy on the same validation data
     */
    public record Results(Evaluation logistic, Evaluation deeper, LogisticRegressionFit reference,
                          double referenceAccuracy) {
    }

    /** Loads, splits, standardises, then trains and evaluates both models. */
    public Results run() {
        Split<Dataset> split = setup.standardisedSplit(DATA);
        PrintStream out = setup.out();
        Dataset train = split.train();
        Dataset validation = split.validation();

        out.println("-- logistic regression: Linear(30, 1), Sigmoid");
        Evaluation logistic = train(train, validation, () -> List.of(new Linear(30, 1), new Sigmoid()));
        out.println("-- deeper net: Linear(30, 20), ReLU, Linear(20, 1), Sigmoid");
        Evaluation deeper = train(train, validation,
                () -> List.of(new Linear(30, 20), new ReLU(), new Linear(20, 1), new Sigmoid()));

        LogisticRegressionFit reference = new LogisticRegressionIrls().fit(train);
        double referenceAccuracy = reference.accuracy(validation);
        out.printf(Locale.ROOT, "-- reference: L2-regularised logistic regression (C = 1), exact optimum by Newton's"
                + " method in %d iterations (gradient norm %.1e): val_metric=%6.3f%n", reference.iterations(),
                reference.gradientNorm(), referenceAccuracy);
        return new Results(logistic, deeper, reference, referenceAccuracy);
    }

    private Evaluation train(Dataset train, Dataset validation, Supplier<List<Layer>> layers) {
        long seed = setup.seed();
        Seed.manualSeed(seed);
        Sequential model = new Sequential(layers.get(), new BinaryCrossEntropy()).to(setup.ops());
        Trainer trainer = new Trainer(model, new SGD(model.parameters(), 0.1),
                new DataLoader(train, 64, true, seed), new DataLoader(validation, 64, false, seed),
                Metrics.accuracy());
        trainer.setOutput(setup.out());
        return trainer.train(10, 1);
    }

    /** The shipped breast-cancer table (30 features, label column {@code target}) as a dataset on {@code ops}. */
    static Dataset load(MatrixOps ops) {
        return ShippedData.load(ops, DATA);
    }
}
