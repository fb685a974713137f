package dev.tinytorch.nn.data;

import dev.tinytorch.nn.random.NumpyRandom;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A seeded random division of rows into a training and a validation part, so that a model is judged on samples it
 * never trained on and the division is the same on every run.
 *
 * <p>The rows are permuted with a generator seeded by {@code seed}; the first {@code round(n * validationFraction)}
 * rows of the permutation form the validation part, the rest the training part, each in permutation order. The
 * parts are disjoint and together hold every row once. The division depends only on {@code n} and the seed, so
 * splitting an input array and its target array with one splitter keeps them aligned.
 *
 * <p>{@link #likeScikitLearn} gives scikit-learn's division instead, row for row, so that a program can follow a
 * Python tutorial on the same validation rows.
 */
public final class TrainValidationSplit {

    /** The validation fraction of {@link #withSeed(long)}. */
    public static final double DEFAULT_VALIDATION_FRACTION = 0.2;

    private final double validationFraction;
    private final long seed;
    private final boolean likeScikitLearn;

    /**
     * A splitter holding out {@code validationFraction} of the rows.
     *
     * @throws IllegalArgumentException unless {@code 0 < validationFraction < 1}
     */
    public TrainValidationSplit(double validationFraction, long seed) {
        this(validationFraction, seed, false);
    }

    private TrainValidationSplit(double validationFraction, long seed, boolean likeScikitLearn) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("TrainValidationSplit: the validation fraction must be in (0, 1), got "
                    + validationFraction);
        }
        this.validationFraction = validationFraction;
        this.seed = seed;
        this.likeScikitLearn = likeScikitLearn;
    }

    /**
     * The division of scikit-learn's {@code train_test_split(X, y, test_size=validationFraction,
     * random_state=seed)} (its {@code ShuffleSplit}): the rows are permuted by numpy's
     * {@code RandomState(seed).permutation(n)} ({@link NumpyRandom}); the first {@code ceil(n * validationFraction)}
     * indices of the permutation are the validation rows, the rest the training rows, each part in permutation
     * order. With {@code 0.2} and seed 9 it gives the breast-cancer tutorial's 455 training and 114 validation
     * rows.
     *
     * @throws IllegalArgumentException unless {@code 0 < validationFraction < 1} and {@code 0 <= seed < 2^32}
     *                                  (numpy's range for an integer seed)
     */
    public static TrainValidationSplit likeScikitLearn(double validationFraction, long seed) {
        new NumpyRandom(seed);  // checks the seed now rather than at the first split
        return new TrainValidationSplit(validationFraction, seed, true);
    }

    /** A splitter holding out 20 % of the rows. */
    public static TrainValidationSplit withSeed(long seed) {
        return new TrainValidationSplit(DEFAULT_VALIDATION_FRACTION, seed);
    }

    /** The fraction of rows held out for validation. */
    public double validationFraction() {
        return validationFraction;
    }

    /** The seed of the permutation. */
    public long seed() {
        return seed;
    }

    /**
     * The row indices of each part for {@code n} rows.
     *
     * @throws IllegalArgumentException if either part would be empty
     */
    public Split<int[]> indices(int n) {
        double held = n * validationFraction;
        int validation = (int) (likeScikitLearn ? Math.ceil(held) : Math.round(held));
        if (validation < 1 || validation >= n) {
            throw new IllegalArgumentException("TrainValidationSplit: holding out " + validationFraction + " of " + n
                    + " rows gives " + validation + " validation and " + (n - validation)
                    + " training rows; both need at least one");
        }
        int[] order = new int[n];
        Permutations.shuffleIdentity(order, likeScikitLearn ? new NumpyRandom(seed) : new SplittableRandom(seed));
        return new Split<>(Arrays.copyOfRange(order, validation, n), Arrays.copyOfRange(order, 0, validation));
    }

    /** Splits the samples of {@code dataset} into two new datasets, gathered on its backend. */
    public Split<Dataset> split(Dataset dataset) {
        Split<int[]> rows = indices(dataset.size());
        return new Split<>(dataset.subset(rows.train()), dataset.subset(rows.validation()));
    }

    /** Splits the rows of {@code rows}; the row arrays are shared, not copied. */
    public Split<double[][]> split(double[][] rows) {
        Split<int[]> idx = indices(rows.length);
        return new Split<>(pick(rows, idx.train()), pick(rows, idx.validation()));
    }

    /** Splits {@code values}, one per row (e.g. targets), the same way as a {@code double[][]} of as many rows. */
    public Split<double[]> split(double[] values) {
        Split<int[]> idx = indices(values.length);
        return new Split<>(pick(values, idx.train()), pick(values, idx.validation()));
    }

    private static double[][] pick(double[][] rows, int[] indices) {
        double[][] out = new double[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            out[i] = rows[indices[i]];
        }
        return out;
    }

    private static double[] pick(double[] values, int[] indices) {
        double[] out = new double[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = values[indices[i]];
        }
        return out;
    }

    @Override
    public String toString() {
        return "TrainValidationSplit[validation " + validationFraction + ", seed " + seed
                + (likeScikitLearn ? ", like scikit-learn" : "") + "]";
    }
}
