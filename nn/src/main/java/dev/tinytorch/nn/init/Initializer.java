package dev.tinytorch.nn.init;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import java.util.random.RandomGenerator;

/**
 * How a layer draws its initial weights: a choice that decides whether a deep network starts trainable, so it is
 * the caller's to make. {@link WeightInit} holds the usual ones; any other rule can be given as a lambda.
 */
@FunctionalInterface
public interface Initializer {

    /**
     * Overwrites {@code weight} with draws from {@code rng}. The weight is laid out as in
     * {@link dev.tinytorch.nn.layers.Linear}: {@code fanIn x fanOut}, one row per input and one column per output.
     * Draws are made in Java in row-major order, so one generator state gives the same weights on every backend.
     */
    void fill(MatrixOps ops, Matrix weight, RandomGenerator rng);
}
