package dev.tinytorch.nn.optim;

import dev.tinytorch.nn.Optimizer;

/**
 * An optimizer with a learning rate that may change between steps: what a {@link LearningRateScheduler} drives,
 * like the {@code lr} of a PyTorch optimizer's parameter group.
 */
public interface AdjustableOptimizer extends Optimizer {

    /** The learning rate the next {@link #step()} uses. */
    double lr();

    /**
     * Sets the learning rate for the following steps; zero is allowed (a schedule may anneal to it), a negative or
     * non-finite rate is not.
     */
    void setLr(double lr);
}
