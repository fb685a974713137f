package dev.tinytorch.nn;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a chain of layers and a loss against central finite differences: the analytic gradients of the mean
 * loss {@code f = sum_i loss_i / n} with respect to the input and to every parameter must match
 * {@code (f(v + h) - f(v - h)) / 2h}, entry by entry.
 *
 * <p>Layers return input gradients of the summed loss (each sample's loss depends only on its own row) and
 * parameter gradients averaged over the batch, so the input gradient is divided by {@code n} before comparing.
 * An entry's error is {@code |analytic - numeric| / max(|analytic|, |numeric|, FLOOR)}: relative, except that
 * gradients that are (nearly) zero on both sides compare absolutely.
 */
public final class GradientChecker {

    /** Finite-difference step. */
    public static final double STEP = 1e-5;
    /** Largest error accepted. */
    public static final double TOLERANCE = 1e-6;
    /** Smallest denominator of the relative error. */
    public static final double FLOOR = 1e-4;

    /** The outcome of a check that passed: how many entries were compared and the worst of them. */
    public record Report(int entries, double worstError, String worstEntry) {
    }

    private GradientChecker() {
    }

    /**
     * Checks {@code layers} followed by {@code loss} on input {@code x} and {@code targets}.
     *
     * @throws AssertionError naming the entry with the largest error if it exceeds {@link #TOLERANCE}
     */
    public static Report check(List<Layer> layers, Loss loss, Matrix x, Matrix targets) {
        return check(layers, loss, x, targets, true);
    }

    /**
     * Checks the parameter gradients of {@code layers} followed by {@code loss}, not the input's: for a first layer
     * whose input has no gradient, as an embedding's token indices.
     *
     * @throws AssertionError naming the entry with the largest error if it exceeds {@link #TOLERANCE}
     */
    public static Report checkParameters(List<Layer> layers, Loss loss, Matrix x, Matrix targets) {
        return check(layers, loss, x, targets, false);
    }

    private static Report check(List<Layer> layers, Loss loss, Matrix x, Matrix targets, boolean input) {
        GradientTap tap = new GradientTap();
        List<Layer> chain = new ArrayList<>();
        if (input) {
            chain.add(tap);
        }
        chain.addAll(layers);
        Sequential model = new Sequential(chain, loss);
        MatrixOps ops = model.ops();
        int n = x.rows();

        model.loss(model.forward(x), targets);
        model.backward();
        Worst worst = new Worst();
        if (input) {
            double[] inputGrad = ops.toRowMajor(tap.gradient());
            for (int i = 0; i < inputGrad.length; i++) {
                inputGrad[i] /= n;
            }
            compare(model, x, targets, x, inputGrad, "input", worst);
        }
        for (int l = 0; l < layers.size(); l++) {
            for (Parameter p : layers.get(l).parameters()) {
                double[] analytic = ops.toRowMajor(p.grad());
                compare(model, x, targets, p.value(), analytic, "layer " + l + " " + layers.get(l) + " " + p.name(), worst);
            }
        }
        if (worst.error > TOLERANCE) {
            throw new AssertionError("gradient check failed at " + worst.entry + ": relative error " + worst.error
                    + " > " + TOLERANCE + " (" + worst.entries + " entries checked)");
        }
        return new Report(worst.entries, worst.error, worst.entry);
    }

    private static void compare(Sequential model, Matrix x, Matrix targets, Matrix varied, double[] analytic,
            String name, Worst worst) {
        MatrixOps ops = model.ops();
        double[] values = ops.toRowMajor(varied);
        for (int i = 0; i < values.length; i++) {
            double original = values[i];
            values[i] = original + STEP;
            ops.setRowMajor(varied, values);
            double plus = meanLoss(model, x, targets);
            values[i] = original - STEP;
            ops.setRowMajor(varied, values);
            double minus = meanLoss(model, x, targets);
            values[i] = original;
            ops.setRowMajor(varied, values);

            double numeric = (plus - minus) / (2 * STEP);
            double error = Math.abs(analytic[i] - numeric)
                    / Math.max(FLOOR, Math.max(Math.abs(analytic[i]), Math.abs(numeric)));
            if (Double.isNaN(error)) {
                error = Double.POSITIVE_INFINITY;
            }
            worst.entries++;
            if (error > worst.error) {
                worst.error = error;
                worst.entry = name + " [row " + i / varied.cols() + ", col " + i % varied.cols() + "]: analytic "
                        + analytic[i] + ", numeric " + numeric;
            }
        }
    }

    private static double meanLoss(Sequential model, Matrix x, Matrix targets) {
        return model.ops().sum(model.loss(model.forward(x), targets)) / x.rows();
    }

    private static final class Worst {
        int entries;
        double error;
        String entry = "nothing";
    }

    /** An identity layer that remembers the gradient flowing back into the network's input. */
    private static final class GradientTap implements Layer {

        private Matrix gradient;

        @Override
        public Matrix forward(Matrix x) {
            return x;
        }

        @Override
        public Matrix backward(Matrix gradOutput) {
            gradient = gradOutput;
            return gradOutput;
        }

        Matrix gradient() {
            return gradient;
        }

        @Override
        public void to(MatrixOps ops) {
            gradient = null;
        }
    }
}
