package dev.tinytorch.nn.layers;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Checks;
import dev.tinytorch.nn.ImageShape;
import dev.tinytorch.nn.MatrixBuffer;
import dev.tinytorch.nn.ShapedLayer;

/**
 * Keeps the last time step of each sequence: {@code batch x (steps * features)} becomes {@code batch x features},
 * PyTorch's {@code output[:, -1, :]} after a {@code batch_first} recurrent layer, what a classifier of whole
 * sequences reads. The gradient flows back into the last step only.
 */
public final class LastStep implements ShapedLayer {

    private final int features;
    private final MatrixBuffer stepsBuffer = new MatrixBuffer();
    private final MatrixBuffer lastBuffer = new MatrixBuffer();
    private final MatrixBuffer outputBuffer = new MatrixBuffer();
    private final MatrixBuffer gradStepsBuffer = new MatrixBuffer();
    private final MatrixBuffer gradInputBuffer = new MatrixBuffer();
    private MatrixOps ops = Backends.getDefault();
    private Matrix output;
    private int steps;

    /** Takes sequences of {@code features}-value steps (a recurrent layer's {@code hiddenSize}). */
    public LastStep(int features) {
        if (features <= 0) {
            throw new IllegalArgumentException("LastStep needs a positive number of features, got " + features);
        }
        this.features = features;
    }

    /** The number of values of each step. */
    public int features() {
        return features;
    }

    /** Gives {@code features} values, whatever came in. */
    @Override
    public ImageShape connect(ImageShape input) {
        if (input != null && input.size() % features != 0) {
            throw new IllegalArgumentException(this + " expects steps of " + features + " values, the previous layer"
                    + " gives " + input + " = " + input.size());
        }
        return new ImageShape(features, 1, 1);
    }

    /** Row {@code n} of the result is the last {@code features} values of row {@code n} of {@code x}. */
    @Override
    public Matrix forward(Matrix x) {
        if (x.cols() == 0 || x.cols() % features != 0) {
            throw new IllegalArgumentException(this + ": each row must be steps * " + features + " values, got "
                    + x.shape());
        }
        steps = x.cols() / features;
        int batch = x.rows();
        Matrix bySteps = stepsBuffer.get(ops, steps, batch * features);  // row t: step t of every sequence
        ops.transposeBlocks(x, features, bySteps);
        Matrix last = lastBuffer.get(ops, 1, batch * features);
        ops.copyRows(bySteps, steps - 1, last, 0, 1);
        output = outputBuffer.get(ops, batch, features);
        ops.reshape(last, output);
        return output;
    }

    /** The gradient is {@code gradOutput} at the last step of each sequence and zero at the others. */
    @Override
    public Matrix backward(Matrix gradOutput) {
        Checks.forwardRan(output, this);
        Checks.sameShape(this, "backward: gradOutput must match the last output", output, gradOutput);
        int batch = output.rows();
        Matrix last = lastBuffer.get(ops, 1, batch * features);
        ops.reshape(gradOutput, last);
        Matrix gradSteps = gradStepsBuffer.get(ops, steps, batch * features);
        ops.fill(gradSteps, 0.0);
        ops.copyRows(last, 0, gradSteps, steps - 1, 1);
        Matrix gradInput = gradInputBuffer.get(ops, batch, steps * features);
        ops.transposeBlocks(gradSteps, features, gradInput);
        return gradInput;
    }

    @Override
    public void to(MatrixOps target) {
        ops = target;
        output = null;
    }

    @Override
    public String toString() {
        return "LastStep(" + features + ")";
    }
}
