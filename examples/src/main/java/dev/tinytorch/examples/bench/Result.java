package dev.tinytorch.examples.bench;

/**
 * One measured figure: a workload on a backend, in a unit, with its spread over the repetitions.
 *
 * @param backend        the backend's name
 * @param workload       the workload's name (the table row)
 * @param unit           the unit of the figures, e.g. {@code GFLOPS}
 * @param higherIsBetter whether a larger figure is the better one
 * @param stats          the figures over the repetitions
 */
public record Result(String backend, String workload, String unit, boolean higherIsBetter, Stats stats) {

    /** The table row this result belongs to: the workload and the unit, since one workload may report two units. */
    public String row() {
        return workload + ", " + unit;
    }
}
