package dev.tinytorch.nn.optim;

import dev.tinytorch.nn.Optimizer;
import dev.tinytorch.nn.Parameter;
import java.util.List;

/**
 * Plain stochastic gradient descent, {@code value -= lr * grad}: the simplest optimizer, and the one the tutorial
 * derives by hand.
 */
public final class SGD implements Optimizer {

    private final Parameter[] parameters;
    private final double lr;

    /** Updates {@code parameters} (e.g. {@code model.parameters()}) with learning rate {@code lr > 0}. */
    public SGD(List<Parameter> parameters, double lr) {
        if (!(lr > 0.0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("SGD: learning rate must be positive and finite, got " + lr);
        }
        this.parameters = List.copyOf(parameters).toArray(new Parameter[0]);
        this.lr = lr;
    }

    /** The learning rate. */
    public double lr() {
        return lr;
    }

    @Override
    public void step() {
        for (Parameter p : parameters) {
            p.ops().axpy(-lr, p.grad(), p.value());  // value += (-lr) * grad
        }
    }
}
