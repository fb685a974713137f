package dev.tinytorch.nn.optim;

import static dev.tinytorch.nn.optim.OptimizerChecks.atLeast;
import static dev.tinytorch.nn.optim.OptimizerChecks.decayRate;

import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.UnaryOp;
import dev.tinytorch.nn.MatrixBuffer;
import dev.tinytorch.nn.Parameter;
import java.util.List;

/**
 * The update {@link Adam} and {@link AdamW} share, written once; they differ only in where weight decay acts (see
 * their documentation for the formulas). The moment estimates are allocated once, when the optimizer is made.
 */
abstract class AdamRule implements AdjustableOptimizer {

    private final String owner;
    private final Parameter[] parameters;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;
    private final StateBuffer[] firstMoments;   // m
    private final StateBuffer[] secondMoments;  // v
    private final MatrixBuffer[] gradientBuffers;
    private final MatrixBuffer[] workBuffers;
    private double lr;
    private int t;

    AdamRule(String owner, List<Parameter> parameters, double lr, double beta1, double beta2, double eps,
            double weightDecay, boolean decoupled) {
        this.owner = owner;
        this.parameters = List.copyOf(parameters).toArray(new Parameter[0]);
        this.lr = atLeast(owner, "learning rate", lr, 0.0, true);
        this.beta1 = decayRate(owner, "beta1", beta1);
        this.beta2 = decayRate(owner, "beta2", beta2);
        this.eps = atLeast(owner, "eps", eps, 0.0, false);
        this.weightDecay = atLeast(owner, "weight decay", weightDecay, 0.0, false);
        this.decoupled = decoupled;
        int n = this.parameters.length;
        firstMoments = new StateBuffer[n];
        secondMoments = new StateBuffer[n];
        gradientBuffers = new MatrixBuffer[n];
        workBuffers = new MatrixBuffer[n];
        for (int i = 0; i < n; i++) {
            firstMoments[i] = new StateBuffer(this.parameters[i]);
            secondMoments[i] = new StateBuffer(this.parameters[i]);
            gradientBuffers[i] = new MatrixBuffer();
            workBuffers[i] = new MatrixBuffer();
        }
    }

    @Override
    public double lr() {
        return lr;
    }

    @Override
    public void setLr(double lr) {
        this.lr = atLeast(owner, "learning rate", lr, 0.0, false);
    }

    @Override
    public void step() {
        t++;
        double biasCorrection1 = 1.0 - Math.pow(beta1, t);
        double biasCorrection2 = 1.0 - Math.pow(beta2, t);
        for (int i = 0; i < parameters.length; i++) {
            Parameter p = parameters[i];
            MatrixOps ops = p.ops();
            Matrix w = p.value();
            Matrix g = p.grad();
            if (weightDecay != 0.0 && decoupled) {
                ops.affine(w, 1.0 - lr * weightDecay, 0.0, w);       // AdamW: w = w (1 - lr wd)
            } else if (weightDecay != 0.0) {
                Matrix decayed = buffer(gradientBuffers[i], p);
                ops.copy(g, decayed);
                ops.axpy(weightDecay, w, decayed);                   // Adam: g = grad + wd w
                g = decayed;
            }
            Matrix m = firstMoments[i].on(p);
            Matrix v = secondMoments[i].on(p);
            Matrix work = buffer(workBuffers[i], p);
            ops.affine(m, beta1, 0.0, m);                            // m = b1 m
            ops.axpy(1.0 - beta1, g, m);                             //     + (1 - b1) g
            ops.map(UnaryOp.SQUARE, g, work);                        // g^2
            ops.affine(v, beta2, 0.0, v);                            // v = b2 v
            ops.axpy(1.0 - beta2, work, v);                          //     + (1 - b2) g^2
            ops.map(UnaryOp.SQRT, v, work);                          // sqrt(v)
            ops.affine(work, 1.0 / Math.sqrt(biasCorrection2), eps, work);  // sqrt(vHat) + eps
            ops.zip(BinaryOp.DIV, m, work, work);                    // m / (sqrt(vHat) + eps)
            ops.axpy(-lr / biasCorrection1, work, w);                // w -= lr mHat / (sqrt(vHat) + eps)
        }
    }

    @Override
    public String toString() {
        return owner;
    }

    private static Matrix buffer(MatrixBuffer buffer, Parameter p) {
        return buffer.get(p.ops(), p.value().rows(), p.value().cols());
    }
}
