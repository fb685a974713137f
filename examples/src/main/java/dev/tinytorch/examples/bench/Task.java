package dev.tinytorch.examples.bench;

/**
 * The operation a benchmark times, ready to run on one backend: its inputs and buffers are already allocated, so
 * a call does only the work being measured.
 */
@FunctionalInterface
public interface Task {

    /** Performs the operation {@code times} times in a row. */
    void run(int times);
}
