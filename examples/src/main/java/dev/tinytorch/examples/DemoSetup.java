package dev.tinytorch.examples;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.data.Dataset;
import dev.tinytorch.nn.data.Split;
import dev.tinytorch.nn.data.TrainValidationSplit;
import java.io.PrintStream;

/**
 * What a demo program runs with: the backend, where its lines go, and the seed of its split, shuffling and
 * weights. The demos differ only in the data set they prepare from it and the models they train, so they hold one
 * of these rather than each repeating the same fields, constructor and start-up.
 *
 * @param ops  the backend every matrix of the run lives on
 * @param out  where the epoch lines and results are printed
 * @param seed the seed of the split, the shuffling and the weights
 */
public record DemoSetup(MatrixOps ops, PrintStream out, long seed) {

    /**
     * A run on the default backend in the precision {@code -Dtinytorch.dtype} or {@code TINYTORCH_DTYPE} names
     * (float64 otherwise), printing to standard output after a first line that names the backend and precision.
     */
    static DemoSetup onDefaultBackend(long seed) {
        MatrixOps ops = Backends.getDefault();
        System.out.println("backend: " + ops.name() + " (" + ops.dtype() + ")");
        return new DemoSetup(ops, System.out, seed);
    }

    /** The shipped table {@code data/<file>} on {@link #ops}, split 80/20 with {@link #seed} and standardised. */
    Split<Dataset> standardisedSplit(String file) {
        return ShippedData.standardisedSplit(ShippedData.load(ops, file), TrainValidationSplit.withSeed(seed));
    }
}
