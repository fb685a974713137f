package dev.tinytorch.examples;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.DType;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Layer;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.data.DataLoader;
import dev.tinytorch.nn.data.Dataset;
import dev.tinytorch.nn.data.Split;
import dev.tinytorch.nn.data.TrainValidationSplit;
import dev.tinytorch.nn.init.Seed;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.ReLU;
import dev.tinytorch.nn.layers.Sigmoid;
import dev.tinytorch.nn.losses.BinaryCrossEntropy;
import dev.tinytorch.nn.metrics.Metrics;
import dev.tinytorch.nn.optim.SGD;
import dev.tinytorch.nn.random.NumpyRandom;
import dev.tinytorch.nn.reference.LogisticRegressionFit;
import dev.tinytorch.nn.reference.LogisticRegressionIrls;
import dev.tinytorch.nn.train.Evaluation;
import dev.tinytorch.nn.train.Trainer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The tutorial, runnable: tells malignant from benign tumours with logistic regression, then with a deeper net.
 *
 * <p>Loads the shipped breast-cancer data, splits it 80/20, standardises with the training statistics, and trains
 * both models with SGD (lr 0.1, batch 64, 10 epochs), printing the tutorial's epoch lines. As the tutorial compares
 * with scikit-learn's {@code LogisticRegression}, it fits the exact optimum of that model's default objective on the
 * same standardised training data ({@link LogisticRegressionIrls}) and prints its validation accuracy.
 *
 * <p>Its random numbers come from one of two places ({@link Draws}):
 * <ul>
 *   <li>by default, {@link Draws#TUTORIAL}: the numpy tutorial's own, so that the program prints the tutorial's
 *       twenty epoch lines digit for digit, on every backend, and says whether every number matched. numpy's legacy
 *       stream seeded with 9 ({@link NumpyRandom}) draws the weights of each {@code Linear} as it is built and each
 *       epoch's shuffle, which permutes the previous epoch's order; the split is scikit-learn's
 *       {@code train_test_split(test_size=0.2, random_state=9)}; training drops the last partial batch (7 batches
 *       of 64 of the 455 training rows) and validation is one batch of the 114 validation rows;</li>
 *   <li>with the system property {@code demo.seed} ({@code exec:exec -Ddemo.seed=1}, or {@code java -Ddemo.seed=1}),
 *       {@link Draws#SEEDED_JAVA}: the library's own seeded generators, as any program of one's own would use them
 *       ({@code TrainValidationSplit.withSeed}, {@code DataLoader(..., true, seed)} keeping the last partial batch,
 *       weights from {@code Seed.manualSeed}); each seed gives another split, and the accuracy moves by a few
 *       hundredths from one to the next.</li>
 * </ul>
 */
public final class BreastCancer {

    /** Where the demo's random numbers come from. */
    public enum Draws {
        /** numpy's legacy stream and scikit-learn's split, as the tutorial draws them: its numbers exactly. */
        TUTORIAL,
        /** The library's own seeded generators: {@code SplittableRandom} splits and shuffles, weights from {@link Seed}. */
        SEEDED_JAVA
    }

    /** The tutorial's seed, {@code np.random.seed(9)} and {@code random_state=9}. */
    public static final long TUTORIAL_SEED = 9;
    /** The seed of {@link Draws#SEEDED_JAVA} whose accuracy the tests check, as in {@code -Ddemo.seed=1}. */
    public static final long JAVA_SEED = 1;
    static final String DATA = "breast_cancer.csv";
    private static final int BATCH = 64;
    private static final int EPOCHS = 10;
    private static final double LEARNING_RATE = 0.1;

    private final DemoSetup setup;
    private final Draws draws;

    /** Runs with {@code setup}'s backend and seed, printing to its output, its random numbers drawn as {@code draws} says. */
    public BreastCancer(DemoSetup setup, Draws draws) {
        this.setup = setup;
        this.draws = draws;
    }

    /** The tutorial's run, or with {@code -Ddemo.seed=N} a run of the library's own seeded generators. */
    public static void main(String[] args) {
        String seed = System.getProperty("demo.seed", "").strip();
        BreastCancer demo = seed.isEmpty()
                ? new BreastCancer(DemoSetup.onDefaultBackend(TUTORIAL_SEED), Draws.TUTORIAL)
                : new BreastCancer(DemoSetup.onDefaultBackend(parseSeed(seed)), Draws.SEEDED_JAVA);
        Results results = demo.run();
        System.out.printf(Locale.ROOT, "final validation accuracy: logistic regression %.3f, deeper net %.3f,"
                + " reference optimum %.3f%n", results.logistic().metric(), results.deeper().metric(),
                results.referenceAccuracy());
    }

    private static long parseSeed(String seed) {
        try {
            return Long.parseLong(seed);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("demo.seed must be an integer, got '" + seed + "'", e);
        }
    }

    /**
     * Final validation loss and accuracy of both networks, the reference fit and its validation accuracy, and the
     * epoch lines as printed.
     *
     * @param reference         the exact L2-regularised logistic regression (C = 1) on the same training data
     * @param referenceAccuracy the reference's accuracy on the same validation data
     * @param epochLines        the twenty {@code epoch= ...} lines, logistic regression first
     */
    public record Results(Evaluation logistic, Evaluation deeper, LogisticRegressionFit reference,
                          double referenceAccuracy, List<String> epochLines) {
    }

    /**
     * {@code data} on the float64 instance of its backend: the reference is the exact optimum, which Newton's method
     * reaches (to a gradient norm of 1e-10) only in float64, whatever precision the networks train in.
     */
    private static Dataset inFloat64(Dataset data) {
        MatrixOps ops = data.ops();
        if (ops.dtype() == DType.FLOAT64) {
            return data;
        }
        MatrixOps float64 = Backends.get(ops.name(), DType.FLOAT64);
        Matrix x = data.inputs();
        Matrix y = data.targets();
        return new Dataset(float64, float64.fromRowMajor(x.rows(), x.cols(), ops.toRowMajor(x)),
                float64.fromRowMajor(y.rows(), y.cols(), ops.toRowMajor(y)));
    }

    /** Loads, splits, standardises, then trains and evaluates both models and the reference. */
    public Results run() {
        PrintStream out = setup.out();
        long seed = setup.seed();
        TrainValidationSplit splitter = draws == Draws.TUTORIAL
                ? TrainValidationSplit.likeScikitLearn(0.2, seed) : TrainValidationSplit.withSeed(seed);
        out.println(draws == Draws.TUTORIAL
                ? "numpy-compatible random stream, seed " + seed + ", scikit-learn's split: the numpy tutorial's"
                        + " draws (-Ddemo.seed=N for the library's own seeded generators)"
                : "the library's seeded generators, seed " + seed + " (split, shuffles and weights; without"
                        + " -Ddemo.seed the tutorial's numpy-compatible draws)");
        Split<Dataset> split = ShippedData.standardisedSplit(load(setup.ops()), splitter);
        Dataset train = split.train();
        Dataset validation = split.validation();
        out.printf(Locale.ROOT, "%d training rows, %d validation rows%n", train.size(), validation.size());

        Function<Function<RandomGenerator, List<Layer>>, Trainer> trainers = draws == Draws.TUTORIAL
                ? tutorialTrainers(train, validation) : seededTrainers(train, validation);
        List<String> epochLines = new ArrayList<>();

        out.println("-- logistic regression: Linear(30, 1), Sigmoid");
        Evaluation logistic = train(trainers.apply(rng -> List.of(new Linear(30, 1, rng), new Sigmoid())), epochLines);

        LogisticRegressionFit reference = new LogisticRegressionIrls().fit(inFloat64(train));
        double referenceAccuracy = reference.accuracy(inFloat64(validation));
        out.printf(Locale.ROOT, "-- reference: L2-regularised logistic regression (C = 1), exact optimum by Newton's"
                + " method in %d iterations (gradient norm %.1e): val_metric=%6.3f%n", reference.iterations(),
                reference.gradientNorm(), referenceAccuracy);

        out.println("-- deeper net: Linear(30, 20), ReLU, Linear(20, 1), Sigmoid");
        Evaluation deeper = train(trainers.apply(
                rng -> List.of(new Linear(30, 20, rng), new ReLU(), new Linear(20, 1, rng), new Sigmoid())), epochLines);

        Results results = new Results(logistic, deeper, reference, referenceAccuracy, List.copyOf(epochLines));
        if (draws == Draws.TUTORIAL && seed == TUTORIAL_SEED) {
            out.println(comparison(results, TutorialOutput.load()));
        }
        return results;
    }

    /**
     * Builds each network, its layers drawing from numpy's stream, and its trainer, as the tutorial does: one stream
     * for all weights and shuffles, and one training loader that both networks share, each epoch permuting the
     * order the last one left and dropping the last partial batch; validation in one batch.
     */
    private Function<Function<RandomGenerator, List<Layer>>, Trainer> tutorialTrainers(Dataset train,
                                                                                     Dataset validation) {
        NumpyRandom stream = new NumpyRandom(setup.seed());  // np.random.seed(9)
        DataLoader trainLoader = DataLoader.shufflingWith(train, BATCH, stream).dropLast();
        DataLoader validationLoader = new DataLoader(validation, validation.size(), false, 0);
        return layers -> {
            Sequential model = new Sequential(layers.apply(stream), new BinaryCrossEntropy()).to(setup.ops());
            return new Trainer(model, new SGD(model.parameters(), LEARNING_RATE), trainLoader, validationLoader,
                    Metrics.accuracy());
        };
    }

    /** Builds each network and its trainer from the library's generators, all restarted from the seed for each. */
    private Function<Function<RandomGenerator, List<Layer>>, Trainer> seededTrainers(Dataset train, Dataset validation) {
        long seed = setup.seed();
        return layers -> {
            Seed.manualSeed(seed);
            Sequential model = new Sequential(layers.apply(Seed.generator()), new BinaryCrossEntropy())
                    .to(setup.ops());
            return new Trainer(model, new SGD(model.parameters(), LEARNING_RATE),
                    new DataLoader(train, BATCH, true, seed), new DataLoader(validation, BATCH, false, seed),
                    Metrics.accuracy());
        };
    }

    /**
     * Trains for ten epochs, printing the epoch lines to the demo's output.
     *
     * @param epochLines the lines printed are appended to it
     */
    private Evaluation train(Trainer trainer, List<String> epochLines) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        trainer.setOutput(new PrintStream(printed, true, StandardCharsets.UTF_8));
        Evaluation evaluation = trainer.train(EPOCHS, 1);
        String lines = printed.toString(StandardCharsets.UTF_8);
        setup.out().print(lines);
        lines.lines().forEach(epochLines::add);
        return evaluation;
    }

    /** One line saying whether every epoch line and the reference's accuracy are the tutorial's. */
    static String comparison(Results results, TutorialOutput tutorial) {
        List<String> expected = new ArrayList<>(tutorial.logisticEpochs());
        expected.addAll(tutorial.deeperEpochs());
        List<String> actual = results.epochLines();
        int differing = 0;
        String first = null;
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            String want = i < expected.size() ? expected.get(i) : "(none)";
            String got = i < actual.size() ? actual.get(i) : "(none)";
            if (!want.equals(got)) {
                differing++;
                if (first == null) {
                    first = "line " + (i + 1) + ": tutorial '" + want + "', here '" + got + "'";
                }
            }
        }
        boolean referenceMatches = String.format(Locale.ROOT, "%.3f", results.referenceAccuracy())
                .equals(String.format(Locale.ROOT, "%.3f", tutorial.scikitLearnAccuracy()));
        String reference = String.format(Locale.ROOT, "the reference's validation accuracy %.3f against"
                + " scikit-learn's %.3f", results.referenceAccuracy(), tutorial.scikitLearnAccuracy());
        if (differing == 0 && referenceMatches) {
            return "every number matched the tutorial: its " + expected.size() + " epoch lines, digit for digit, and "
                    + reference;
        }
        return "NOT every number matched the tutorial: " + differing + " of " + expected.size()
                + " epoch lines differ" + (first == null ? "" : " (first at " + first + ")") + "; " + reference;
    }

    /** The shipped breast-cancer table (30 features, label column {@code target}) as a dataset on {@code ops}. */
    static Dataset load(MatrixOps ops) {
        return ShippedData.load(ops, DATA);
    }
}
