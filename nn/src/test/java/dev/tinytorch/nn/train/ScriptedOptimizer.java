package dev.tinytorch.nn.train;

import dev.tinytorch.nn.Optimizer;
import dev.tinytorch.nn.Parameter;
import java.util.List;

/**
 * An "optimizer" for a {@code Linear(2, 1)} that ignores gradients and sets the weights to {@code s * (1, 2)} and the
 * bias to {@code -0.1 s} for the next scale {@code s} of a script: on {@link Separable} data the validation loss
 * falls as {@code s} grows, so a script decides exactly which epochs improve.
 */
final class ScriptedOptimizer implements Optimizer {

    private final Parameter weight;
    private final Parameter bias;
    private final double[] scales;
    private int steps;

    ScriptedOptimizer(List<Parameter> linearParameters, double... scales) {
        this.weight = linearParameters.get(0);
        this.bias = linearParameters.get(1);
        this.scales = scales;
    }

    @Override
    public void step() {
        double s = scales[steps++];
        weight.ops().setRowMajor(weight.value(), new double[] {s, 2 * s});
        bias.ops().setRowMajor(bias.value(), new double[] {-0.1 * s});
    }

    /** The weights and bias the script sets at its step {@code step}, as {@code {w0, w1, b}}. */
    double[] parametersAt(int step) {
        double s = scales[step];
        return new double[] {s, 2 * s, -0.1 * s};
    }
}
