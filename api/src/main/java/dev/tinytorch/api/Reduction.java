package dev.tinytorch.api;

/** The reductions a backend computes along an {@link Axis}; see {@link MatrixOps#reduce} for their accuracy. */
public enum Reduction {
    /** The IEEE sum, in an order the backend chooses: {@code NaN} if any element is, or if both infinities occur. */
    SUM,
    /** {@link #SUM} divided by the count of elements. */
    MEAN,
    /**
     * The largest element as {@link Math#max} folds them (PyTorch's {@code amax}): {@code NaN} if any element is
     * {@code NaN}, and {@code +0.0} is larger than {@code -0.0}. Exact, whatever the order.
     */
    MAX
}
