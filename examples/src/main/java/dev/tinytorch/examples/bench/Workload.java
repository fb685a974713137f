package dev.tinytorch.examples.bench;

import dev.tinytorch.api.MatrixOps;

/**
 * One thing the comparison measures on every backend, such as a matrix product of a given shape or a training
 * step of a given network.
 *
 * <p>Separating the description ({@link #name()}, {@link #metric()}) from the preparation lets the runner treat
 * products and training steps alike: prepare on a backend, warm up, time, and optionally count allocations.
 */
public interface Workload {

    /** The row label in tables and files, e.g. {@code gemm 64x784 * 784x256}. */
    String name();

    /**
     * The family it belongs to, by which a run is limited ({@code --workloads}): {@code gemm} (the squares),
     * {@code layers} (the MLPs' products), {@code mlp}, {@code lenet}, {@code lstm} or {@code gru}.
     */
    String group();

    /** The figure reported for it and how it is derived from the time per operation. */
    Metric metric();

    /** Allocates the inputs and buffers on {@code ops} and returns the operation to time. */
    Task prepare(MatrixOps ops);

    /**
     * Whether this is a training step: it runs more code than one product, so it is warmed up longer, and the heap
     * it allocates per step is reported beside its time.
     */
    default boolean isTrainingStep() {
        return false;
    }
}
