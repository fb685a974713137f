package dev.tinytorch.nn.losses;

import dev.tinytorch.api.Axis;
import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.Reduction;
import dev.tinytorch.nn.Checks;
import dev.tinytorch.nn.Loss;
import dev.tinytorch.nn.MatrixBuffer;

/**
 * Cross-entropy at every step of a sequence: the loss of a language model, which predicts the next token at each
 * position. PyTorch users write {@code CrossEntropyLoss()(logits.reshape(-1, V), targets.reshape(-1))}; this is
 * the same mean over all {@code batch * steps} predictions.
 *
 * <p>Logits are {@code batch x (steps * V)} (step {@code t}'s scores in columns {@code t * V ..}), targets
 * {@code batch x steps} class indices stored as doubles. Each step is scored by {@link CrossEntropyLoss}; a
 * sample's loss is the mean over its steps, so the batch mean is PyTorch's mean over every step, and the gradient
 * is {@code (softmax - onehot) / steps} at each step.
 */
public final class SequenceCrossEntropyLoss implements Loss {

    private final CrossEntropyLoss perStep = new CrossEntropyLoss();
    private final MatrixBuffer logitsBuffer = new MatrixBuffer();   // (batch * steps) x V
    private final MatrixBuffer targetsBuffer = new MatrixBuffer();  // (batch * steps) x 1
    private final MatrixBuffer stepLossBuffer = new MatrixBuffer(); // batch x steps
    private final MatrixBuffer lossBuffer = new MatrixBuffer();
    private final MatrixBuffer gradBuffer = new MatrixBuffer();
    private MatrixOps ops = Backends.getDefault();
    private Matrix logits;  // saved by forward for backward's shape

    /** Per-sample losses, the mean over each row's steps, as a {@code batch x 1} column. */
    @Override
    public Matrix forward(Matrix logits, Matrix targets) {
        int n = logits.rows();
        int steps = targets.cols();
        if (targets.rows() != n || steps == 0 || logits.cols() % steps != 0) {
            throw new IllegalArgumentException(this + " forward: targets must be " + n + " rows of class indices, one "
                    + "per step, and the logits as many steps of scores; got logits " + logits.shape()
                    + " and targets " + targets.shape());
        }
        int classes = logits.cols() / steps;
        Matrix stepLogits = logitsBuffer.get(ops, n * steps, classes);
        Matrix stepTargets = targetsBuffer.get(ops, n * steps, 1);
        ops.reshape(logits, stepLogits);
        ops.reshape(targets, stepTargets);
        Matrix stepLosses = stepLossBuffer.get(ops, n, steps);
        ops.reshape(perStep.forward(stepLogits, stepTargets), stepLosses);
        Matrix losses = lossBuffer.get(ops, n, 1);
        ops.reduce(Reduction.MEAN, Axis.OVER_COLUMNS, stepLosses, losses);
        this.logits = logits;
        return losses;
    }

    /** {@code (softmax - onehot) / steps} at each step, laid out as the logits. */
    @Override
    public Matrix backward() {
        Checks.forwardRan(logits, this);
        Matrix stepGrad = perStep.backward();
        int steps = stepGrad.rows() / Math.max(1, logits.rows());
        Matrix grad = gradBuffer.get(ops, logits.rows(), logits.cols());
        ops.reshape(stepGrad, grad);
        ops.affine(grad, 1.0 / steps, 0.0, grad);
        return grad;
    }

    @Override
    public void to(MatrixOps target) {
        perStep.to(target);
        ops = target;
        logits = null;
    }

    @Override
    public String toString() {
        return "SequenceCrossEntropyLoss";
    }
}
