package dev.tinytorch.examples.bench;

import dev.tinytorch.api.DType;

/**
 * One measured figure: a workload on a backend in one precision, in a unit, with its spread over the repetitions.
 *
 * @param backend        the backend's name
 * @param dtype          the precision the backend computed in
 * @param workload       the workload's name (the table row)
 * @param unit           the unit of the figures, e.g. {@code GFLOPS}
 * @param higherIsBetter whether a larger figure is the better one
 * @param stats          the figures over the repetitions
 */
public record Result(String backend, DType dtype, String workload, String unit, boolean higherIsBetter, Stats stats) {

    /** A float64 figure, the precision every backend offers. */
    public Result(String backend, String workload, String unit, boolean higherIsBetter, Stats stats) {
        this(backend, DType.FLOAT64, workload, unit, higherIsBetter, stats);
    }

    /** The table row this result belongs to: the workload and the unit, since one workload may report two units. */
    public String row() {
        return workload + ", " + unit;
    }

    /** The table column this result belongs to: the backend and its precision, e.g. {@code plain f32}. */
    public String column() {
        return column(backend, dtype);
    }

    /** The column of {@code backend} computing in {@code dtype}: its name and {@code f64} or {@code f32}. */
    public static String column(String backend, DType dtype) {
        return backend + " f" + dtype.bytes() * Byte.SIZE;
    }
}
