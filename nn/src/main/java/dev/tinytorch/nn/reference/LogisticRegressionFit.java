package dev.tinytorch.nn.reference;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.UnaryOp;
import dev.tinytorch.nn.data.Dataset;
import dev.tinytorch.nn.metrics.Metrics;
import java.util.Arrays;

/**
 * The coefficients {@link LogisticRegressionIrls} found, with how it got there: what a program prints beside a
 * network's score, and predicts with on data standardised the same way as the data it was fitted on.
 */
public final class LogisticRegressionFit {

    private final double[] weights;
    private final double intercept;
    private final int iterations;
    private final double gradientNorm;
    private final double objective;

    LogisticRegressionFit(double[] theta, int iterations, double gradientNorm, double objective) {
        this.weights = Arrays.copyOf(theta, theta.length - 1);
        this.intercept = theta[theta.length - 1];
        this.iterations = iterations;
        this.gradientNorm = gradientNorm;
        this.objective = objective;
    }

    /** A copy of the weights {@code w}, one per input column. */
    public double[] weights() {
        return weights.clone();
    }

    /** The intercept {@code b}. */
    public double intercept() {
        return intercept;
    }

    /** Newton iterations taken. */
    public int iterations() {
        return iterations;
    }

    /** The Euclidean norm of the objective's gradient at the coefficients, below the solver's tolerance. */
    public double gradientNorm() {
        return gradientNorm;
    }

    /** The minimum of the objective, {@code 0.5 ||w||^2 + C * sum(log-loss)}. */
    public double objective() {
        return objective;
    }

    /** A new {@code n x 1} matrix of the probabilities of class 1, {@code sigmoid(x w + b)}, for {@code x} on {@code ops}. */
    public Matrix probabilities(MatrixOps ops, Matrix x) {
        if (x.cols() != weights.length) {
            throw new IllegalArgumentException("LogisticRegressionFit: fitted on " + weights.length
                    + " columns, got inputs " + x.shape());
        }
        Matrix z = ops.zeros(x.rows(), 1);
        ops.gemm(false, false, 1.0, x, ops.fromRowMajor(weights.length, 1, weights), 0.0, z);
        ops.affine(z, 1.0, intercept, z);
        ops.map(UnaryOp.SIGMOID, z, z);
        return z;
    }

    /** The binary accuracy of the fit on {@code data}: see {@link Metrics#accuracy(MatrixOps, Matrix, Matrix)}. */
    public double accuracy(Dataset data) {
        return Metrics.accuracy(data.ops(), probabilities(data.ops(), data.inputs()), data.targets());
    }

    @Override
    public String toString() {
        return "LogisticRegressionFit[" + weights.length + " weights, intercept " + intercept + ", " + iterations
                + " iterations, gradient norm " + gradientNorm + "]";
    }
}
