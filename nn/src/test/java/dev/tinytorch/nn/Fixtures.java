package dev.tinytorch.nn;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import java.util.random.RandomGenerator;

/** Random test inputs, drawn in Java so that every backend sees the same numbers for one seed. */
public final class Fixtures {

    private Fixtures() {
    }

    /** A {@code rows x cols} matrix uniform in {@code [lo, hi)}. */
    public static Matrix uniform(MatrixOps ops, int rows, int cols, double lo, double hi, RandomGenerator rng) {
        Matrix m = ops.zeros(rows, cols);
        ops.fillUniform(m, lo, hi, rng);
        return m;
    }

    /** A matrix whose entries have magnitude in {@code [0.1, 1)} and a random sign: no entry near a ReLU kink. */
    public static Matrix awayFromZero(MatrixOps ops, int rows, int cols, RandomGenerator rng) {
        double[] data = new double[rows * cols];
        for (int i = 0; i < data.length; i++) {
            double magnitude = 0.1 + 0.9 * rng.nextDouble();
            data[i] = rng.nextBoolean() ? magnitude : -magnitude;
        }
        return ops.fromRowMajor(rows, cols, data);
    }

    /** A matrix of 0/1 labels, each 1 with probability one half. */
    public static Matrix labels(MatrixOps ops, int rows, int cols, RandomGenerator rng) {
        double[] data = new double[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = rng.nextBoolean() ? 1.0 : 0.0;
        }
        return ops.fromRowMajor(rows, cols, data);
    }
}
