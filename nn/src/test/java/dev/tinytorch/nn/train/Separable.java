package dev.tinytorch.nn.train;

import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.data.Dataset;
import java.util.SplittableRandom;

/** Test data: points in [-1, 1]^2 labelled 1 above the line x0 + 2 x1 = 0.1, separable by one linear unit. */
final class Separable {

    private Separable() {
    }

    static Dataset points(MatrixOps ops, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = new double[] {rng.nextDouble(-1, 1), rng.nextDouble(-1, 1)};
            y[i] = x[i][0] + 2 * x[i][1] > 0.1 ? 1 : 0;
        }
        return Dataset.of(ops, x, y);
    }
}
