package dev.tinytorch.api;

/**
 * A dense two-dimensional matrix of numbers in its backend's {@link DType precision}, held in whatever
 * representation the backend prefers.
 *
 * <p>A matrix is only a handle: every operation on it goes through the {@link MatrixOps} that created it, so a
 * network can keep its weights and activations in the backend's native form between calls and never copy to
 * Java arrays except at the edges (loading data, reading results).
 */
public interface Matrix {

    /** Number of rows. */
    int rows();

    /** Number of columns. */
    int cols();

    /** Number of elements, {@code rows() * cols()}. */
    default int size() {
        return rows() * cols();
    }

    /** The shape as {@code "rows x cols"}, the form every error message uses. */
    default String shape() {
        return rows() + "x" + cols();
    }
}
