package dev.tinytorch.nn.optim;

import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.nn.MatrixBuffer;
import dev.tinytorch.nn.Parameter;
import java.util.List;

/**
 * Gradient clipping by total norm, as PyTorch's {@code torch.nn.utils.clip_grad_norm_}: what keeps a recurrent
 * network's rare huge gradients (backpropagated through many time steps) from throwing its weights far away.
 *
 * <p>The total norm is the 2-norm of all the parameters' gradients taken together, {@code sqrt(sum of every
 * gradient element squared)}; when it exceeds {@code maxNorm}, every gradient is multiplied by
 * {@code maxNorm / (total + 1e-6)}, so the direction of the step is kept and only its length shrinks. Call it
 * between the backward pass and the optimizer's step; any optimizer then works on the clipped gradients. A
 * non-finite total norm leaves the gradients alone and is returned, for the caller's divergence check.
 *
 * <p>An instance keeps one scratch matrix per parameter, so clipping every step allocates nothing;
 * {@link #clipGradNorm} is the one-off form.
 */
public final class GradientClipping {

    /** PyTorch's guard against dividing by a zero norm. */
    private static final double EPS = 1e-6;

    private final List<Parameter> parameters;
    private final double maxNorm;
    private final MatrixBuffer[] squares;

    /** Clips the gradients of {@code parameters} (modified in place by {@link #clip}) to a total norm of {@code maxNorm}. */
    public GradientClipping(List<Parameter> parameters, double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("GradientClipping: maxNorm must be positive and finite, got " + maxNorm);
        }
        this.parameters = List.copyOf(parameters);
        this.maxNorm = maxNorm;
        this.squares = new MatrixBuffer[this.parameters.size()];
        for (int i = 0; i < squares.length; i++) {
            squares[i] = new MatrixBuffer();
        }
    }

    /**
     * Scales every gradient by {@code maxNorm / (total + 1e-6)} if that is below 1.
     *
     * @return the total norm of the gradients before clipping, as {@code clip_grad_norm_} returns it
     */
    public double clip() {
        double sumOfSquares = 0;
        for (int i = 0; i < squares.length; i++) {
            Matrix grad = parameters.get(i).grad();
            Matrix square = squares[i].get(parameters.get(i).ops(), grad.rows(), grad.cols());
            parameters.get(i).ops().zip(BinaryOp.MUL, grad, grad, square);
            sumOfSquares += parameters.get(i).ops().sum(square);
        }
        double total = Math.sqrt(sumOfSquares);
        double coefficient = maxNorm / (total + EPS);
        if (coefficient < 1 && Double.isFinite(total)) {
            for (int i = 0; i < squares.length; i++) {  // indexed: no iterator in a training step
                Parameter p = parameters.get(i);
                p.ops().affine(p.grad(), coefficient, 0.0, p.grad());
            }
        }
        return total;
    }

    /**
     * Clips the gradients of {@code parameters} (modified in place) to a total norm of {@code maxNorm} once, as
     * {@code torch.nn.utils.clip_grad_norm_(parameters, max_norm)}.
     *
     * @return the total norm of the gradients before clipping
     */
    public static double clipGradNorm(List<Parameter> parameters, double maxNorm) {
        return new GradientClipping(parameters, maxNorm).clip();
    }

    @Override
    public String toString() {
        return "GradientClipping(maxNorm=" + maxNorm + ")";
    }
}
