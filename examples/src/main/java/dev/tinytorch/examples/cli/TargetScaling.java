package dev.tinytorch.examples.cli;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Layer;
import dev.tinytorch.nn.Parameter;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.data.Excerpt;
import java.util.List;

/**
 * Standardisation of a regression target: the network learns {@code (y - mean) / scale}, which keeps gradients of
 * the same size whatever the target's units, and the saved model answers in the target's own units because the
 * scaling is folded into its last linear layer ({@code W scale} and {@code b scale + mean}) while it is saved.
 * Nothing about the scaling needs to be stored, and Python loading the weights gets the same predictions.
 *
 * @param mean  the training targets' mean
 * @param scale their standard deviation, or 1 when they are all equal
 */
record TargetScaling(double mean, double scale) {

    /**
     * The scaling of training targets {@code y}, of the column {@code name}.
     *
     * @throws CommandFailure if their mean or standard deviation is not finite (a spread beyond about 1e154 makes
     *                        the squares overflow): training on them could only give NaN
     */
    static TargetScaling of(String name, double[] y) {
        double mean = 0;
        for (double v : y) {
            mean += v / y.length;
        }
        double variance = 0;
        for (double v : y) {
            variance += (v - mean) * (v - mean) / y.length;
        }
        double std = Math.sqrt(variance);
        if (!Double.isFinite(mean) || !Double.isFinite(std)) {
            throw new CommandFailure("the target column '" + Excerpt.of(name) + "' has mean " + mean
                    + " and standard deviation " + std + " over the training rows, which are not finite: its values are"
                    + " too large to learn in double precision; rescale the column");
        }
        return new TargetScaling(mean, std > 0 ? std : 1.0);
    }

    /** The standardised targets. */
    double[] apply(double[] y) {
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = (y[i] - mean) / scale;
        }
        return out;
    }

    /**
     * Runs {@code action} (a save) while {@code model}'s last layer, a {@link dev.tinytorch.nn.layers.Linear},
     * outputs targets in their own units, then puts the trained weights back bit for bit.
     */
    void whileFolded(Sequential model, Runnable action) {
        List<Layer> layers = model.layers();
        List<Parameter> last = layers.get(layers.size() - 1).parameters();
        MatrixOps ops = model.ops();
        Matrix weight = last.get(0).value();
        Matrix bias = last.get(1).value();
        double[] savedWeight = ops.toRowMajor(weight);
        double[] savedBias = ops.toRowMajor(bias);
        ops.affine(weight, scale, 0.0, weight);
        ops.affine(bias, scale, mean, bias);
        try {
            action.run();
        } finally {
            ops.setRowMajor(weight, savedWeight);
            ops.setRowMajor(bias, savedBias);
        }
    }
}
