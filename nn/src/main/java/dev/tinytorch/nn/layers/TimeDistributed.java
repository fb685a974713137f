package dev.tinytorch.nn.layers;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Checks;
import dev.tinytorch.nn.Layer;
import dev.tinytorch.nn.MatrixBuffer;
import dev.tinytorch.nn.Parameter;
import java.util.List;
import java.util.Objects;

/**
 * Applies one layer to every time step of a batch of sequences, with the same parameters: what a PyTorch user gets
 * by calling {@code nn.Linear} on a {@code [batch, steps, features]} tensor, which acts on the last dimension. A
 * language model's output layer is {@code new TimeDistributed(256, new Linear(256, 65))}: one score per character
 * at every step.
 *
 * <p>The input is {@code batch x (steps * features)} (each row a sequence's steps one after another, the layout of
 * {@link Embedding} and the recurrent layers); it is reshaped to {@code (batch * steps) x features}, one row per
 * step, so the inner layer runs once over every step, and its {@code (batch * steps) x outFeatures} output is
 * reshaped back to {@code batch x (steps * outFeatures)}. The inner layer must treat its rows independently
 * (a {@link Linear}, an activation). Its parameter gradients are averaged over its {@code batch * steps} rows;
 * this layer multiplies them by {@code steps}, so that they are, as every layer's, the sum over a sample's steps
 * averaged over the batch. Saved models hold the inner layer's parameters under their own names ({@code weight},
 * {@code bias}), as {@code nn.Linear}'s state dict does.
 */
public final class TimeDistributed implements Layer {

    private final int features;
    private final Layer inner;
    private final MatrixBuffer stepsBuffer = new MatrixBuffer();
    private final MatrixBuffer outputBuffer = new MatrixBuffer();
    private final MatrixBuffer gradStepsBuffer = new MatrixBuffer();
    private final MatrixBuffer gradInputBuffer = new MatrixBuffer();
    private MatrixOps ops = Backends.getDefault();
    private Matrix input;   // saved by forward for backward
    private Matrix output;
    private Matrix innerOutput;

    /** Applies {@code inner}, which takes {@code features} values, to each step of {@code features} values. */
    public TimeDistributed(int features, Layer inner) {
        if (features <= 0) {
            throw new IllegalArgumentException("TimeDistributed needs a positive number of features per step, got "
                    + features);
        }
        this.features = features;
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    /** The number of values of each input step. */
    public int features() {
        return features;
    }

    /** The layer applied to each step. */
    public Layer inner() {
        return inner;
    }

    /** Runs the inner layer on every step of {@code x} ({@code batch x (steps * features)}). */
    @Override
    public Matrix forward(Matrix x) {
        if (x.cols() % features != 0) {
            throw new IllegalArgumentException(this + ": input " + x.shape() + " is not a whole number of steps of "
                    + features + " features");
        }
        input = x;
        Matrix steps = stepsBuffer.get(ops, x.rows() * (x.cols() / features), features);
        ops.reshape(x, steps);
        innerOutput = inner.forward(steps);
        output = outputBuffer.get(ops, x.rows(), innerOutput.size() / Math.max(1, x.rows()));
        ops.reshape(innerOutput, output);
        return output;
    }

    /** The inner layer's backward on every step; returns the gradient reshaped to the input's layout. */
    @Override
    public Matrix backward(Matrix gradOutput) {
        Matrix gradSteps = gradSteps(gradOutput);
        Matrix gradStepInputs = inner.backward(gradSteps);
        scaleParameterGradients();
        Matrix dx = gradInputBuffer.get(ops, input.rows(), input.cols());
        ops.reshape(gradStepInputs, dx);
        return dx;
    }

    /** The inner layer's parameter gradients only, for a first layer. */
    @Override
    public void backwardParametersOnly(Matrix gradOutput) {
        inner.backwardParametersOnly(gradSteps(gradOutput));
        scaleParameterGradients();
    }

    private Matrix gradSteps(Matrix gradOutput) {
        Checks.forwardRan(input, this);
        Checks.sameShape(this, "backward: gradOutput must match the last output", output, gradOutput);
        Matrix gradSteps = gradStepsBuffer.get(ops, innerOutput.rows(), innerOutput.cols());
        ops.reshape(gradOutput, gradSteps);
        return gradSteps;
    }

    /** From the inner layer's average over {@code batch * steps} rows to the sum over steps averaged over the batch. */
    private void scaleParameterGradients() {
        int steps = input.cols() / features;
        if (steps != 1) {
            List<Parameter> parameters = inner.parameters();
            for (int i = 0; i < parameters.size(); i++) {  // indexed: no iterator in a training step
                Matrix grad = parameters.get(i).grad();
                ops.affine(grad, steps, 0.0, grad);
            }
        }
    }

    /** The inner layer's parameters. */
    @Override
    public List<Parameter> parameters() {
        return inner.parameters();
    }

    @Override
    public void to(MatrixOps target) {
        inner.to(target);
        ops = target;
        input = null;
        output = null;
        innerOutput = null;
    }

    @Override
    public void train(boolean training) {
        inner.train(training);
    }

    @Override
    public String toString() {
        return "TimeDistributed(" + inner + ")";
    }
}
