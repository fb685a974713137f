package dev.tinytorch.nn;

/** Updates parameters from their gradients after each backward pass. */
public interface Optimizer {

    /** Applies one update to every parameter, using the gradients of the last backward pass. */
    void step();
}
