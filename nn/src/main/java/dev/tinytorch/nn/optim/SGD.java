package dev.tinytorch.nn.optim;

import static dev.tinytorch.nn.optim.OptimizerChecks.atLeast;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.MatrixBuffer;
import dev.tinytorch.nn.Parameter;
import java.util.List;

/**
 * Stochastic gradient descent, the optimizer the tutorial derives by hand, with the optional momentum, Nesterov
 * momentum and weight decay of PyTorch's {@code torch.optim.SGD}, whose update it follows exactly. For each parameter
 * {@code w} with gradient {@code grad}, at step {@code t = 1, 2, ...}:
 * <pre>
 * g = grad + weightDecay * w
 * if momentum != 0:
 *     b = g                                        at t = 1
 *     b = momentum * b + (1 - dampening) * g       at t > 1
 *     g = g + momentum * b    with Nesterov, else   g = b
 * w = w - lr * g
 * </pre>
 * With neither momentum nor weight decay this is {@code w -= lr * grad}, computed without any buffer. The momentum
 * buffers {@code b} are allocated once, when the optimizer is made; gradients are left unchanged.
 */
public final class SGD implements AdjustableOptimizer {

    private final Parameter[] parameters;
    private final double momentum;
    private final double dampening;
    private final double weightDecay;
    private final boolean nesterov;
    private final StateBuffer[] momentumBuffers;    // b, one per parameter; null without momentum
    private final MatrixBuffer[] directionBuffers;  // the step's g when it is neither grad nor b
    private double lr;
    private boolean firstStep = true;

    /** Plain SGD, {@code w -= lr * grad}, on {@code parameters} (e.g. {@code model.parameters()}), {@code lr > 0}. */
    public SGD(List<Parameter> parameters, double lr) {
        this(parameters, lr, 0.0, 0.0, 0.0, false);
    }

    /** SGD with (heavy-ball) {@code momentum}, e.g. 0.9, and no dampening or weight decay. */
    public SGD(List<Parameter> parameters, double lr, double momentum) {
        this(parameters, lr, momentum, 0.0, 0.0, false);
    }

    /**
     * SGD with every option, in the order of PyTorch's arguments.
     *
     * @param lr          learning rate, {@code > 0}
     * @param momentum    {@code >= 0}; 0 turns momentum off
     * @param dampening   in {@code [0, 1]}: the share of each new gradient held back from the momentum
     * @param weightDecay {@code >= 0}: the L2 penalty {@code weightDecay / 2 * ||w||^2} added to the loss
     * @param nesterov    Nesterov momentum, which needs {@code momentum > 0} and {@code dampening = 0}
     */
    public SGD(List<Parameter> parameters, double lr, double momentum, double dampening, double weightDecay,
            boolean nesterov) {
        this.parameters = List.copyOf(parameters).toArray(new Parameter[0]);
        this.lr = atLeast(this, "learning rate", lr, 0.0, true);
        this.momentum = atLeast(this, "momentum", momentum, 0.0, false);
        this.dampening = atLeast(this, "dampening", dampening, 0.0, false);
        this.weightDecay = atLeast(this, "weight decay", weightDecay, 0.0, false);
        this.nesterov = nesterov;
        if (dampening > 1.0) {
            throw new IllegalArgumentException(this + ": dampening must be at most 1, got " + dampening);
        }
        if (nesterov && (momentum == 0.0 || dampening != 0.0)) {
            throw new IllegalArgumentException(this + ": Nesterov momentum needs momentum > 0 and dampening 0, got "
                    + "momentum " + momentum + ", dampening " + dampening);
        }
        int n = this.parameters.length;
        this.momentumBuffers = momentum == 0.0 ? null : new StateBuffer[n];
        this.directionBuffers = new MatrixBuffer[n];
        for (int i = 0; i < n; i++) {
            if (momentumBuffers != null) {
                momentumBuffers[i] = new StateBuffer(this.parameters[i]);
            }
            directionBuffers[i] = new MatrixBuffer();
        }
    }

    @Override
    public double lr() {
        return lr;
    }

    @Override
    public void setLr(double lr) {
        this.lr = atLeast(this, "learning rate", lr, 0.0, false);
    }

    @Override
    public void step() {
        for (int i = 0; i < parameters.length; i++) {
            Parameter p = parameters[i];
            MatrixOps ops = p.ops();
            Matrix w = p.value();
            Matrix g = p.grad();
            if (weightDecay != 0.0) {
                Matrix d = direction(i);
                ops.copy(g, d);
                ops.axpy(weightDecay, w, d);           // g = grad + wd w
                g = d;
            }
            if (momentumBuffers != null) {
                Matrix b = momentumBuffers[i].on(p);
                if (firstStep) {
                    ops.copy(g, b);                    // b = g
                } else {
                    ops.affine(b, momentum, 0.0, b);   // b = mu b
                    ops.axpy(1.0 - dampening, g, b);   //     + (1 - dampening) g
                }
                if (nesterov) {
                    Matrix d = direction(i);
                    if (g != d) {                      // d already holds g after weight decay
                        ops.copy(g, d);
                    }
                    ops.axpy(momentum, b, d);          // g = g + mu b
                    g = d;
                } else {
                    g = b;
                }
            }
            ops.axpy(-lr, g, w);                       // w = w - lr g
        }
        firstStep = false;
    }

    private Matrix direction(int i) {
        Parameter p = parameters[i];
        return directionBuffers[i].get(p.ops(), p.value().rows(), p.value().cols());
    }

    @Override
    public String toString() {
        return "SGD";
    }
}
