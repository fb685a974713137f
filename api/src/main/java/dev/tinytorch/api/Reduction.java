package dev.tinytorch.api;

/** The reductions a backend computes along an {@link Axis}. */
public enum Reduction {
    SUM,
    MEAN,
    MAX
}
