package dev.tinytorch.nn.data;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;

/**
 * Samples for supervised learning held on one backend: an {@code n x d} matrix of inputs, one sample per row, and
 * an {@code n x 1} column of targets, row {@code i} of each describing sample {@code i}.
 *
 * <p>It exists so that loaders, splits and scalers can pass inputs and targets around as one checked unit instead
 * of two matrices whose row counts might disagree. The matrices are not copied: whoever changes them changes the
 * dataset.
 */
public final class Dataset {

    private final MatrixOps ops;
    private final Matrix inputs;
    private final Matrix targets;

    /**
     * A dataset of {@code inputs} ({@code n x d}) and {@code targets} ({@code n x 1}, or {@code n x steps} for
     * sequences: a target per time step), both created by {@code ops}.
     *
     * @throws IllegalArgumentException if the row counts differ, targets have no column, there are no samples
     *                                  or a matrix belongs to another backend
     */
    public Dataset(MatrixOps ops, Matrix inputs, Matrix targets) {
        if (!ops.owns(inputs) || !ops.owns(targets)) {
            throw new IllegalArgumentException("Dataset: inputs " + inputs.shape() + " and targets " + targets.shape()
                    + " must both belong to backend '" + ops.name() + "'");
        }
        if (targets.cols() < 1) {
            throw new IllegalArgumentException("Dataset: targets need at least one column, got " + targets.shape());
        }
        checkRows(inputs.rows(), targets.rows());
        this.ops = ops;
        this.inputs = inputs;
        this.targets = targets;
    }

    /**
     * Copies Java arrays to {@code ops}: {@code inputs[i]} and {@code targets[i]} are sample {@code i}.
     *
     * @throws IllegalArgumentException if the lengths differ, there are no samples or {@code inputs} is ragged
     */
    public static Dataset of(MatrixOps ops, double[][] inputs, double[] targets) {
        checkRows(inputs.length, targets.length);
        return new Dataset(ops, ops.fromArray(inputs), ops.fromRowMajor(targets.length, 1, targets));
    }

    private static void checkRows(int inputRows, int targetRows) {
        if (inputRows != targetRows) {
            throw new IllegalArgumentException("Dataset: inputs have " + inputRows + " rows but targets have "
                    + targetRows + "; each sample needs exactly one target");
        }
        if (inputRows == 0) {
            throw new IllegalArgumentException("Dataset: no samples (0 rows)");
        }
    }

    /** The backend holding both matrices. */
    public MatrixOps ops() {
        return ops;
    }

    /** The {@code n x d} inputs, one sample per row. */
    public Matrix inputs() {
        return inputs;
    }

    /** The {@code n x 1} targets. */
    public Matrix targets() {
        return targets;
    }

    /** Number of samples {@code n}. */
    public int size() {
        return inputs.rows();
    }

    /** Number of input features {@code d}. */
    public int features() {
        return inputs.cols();
    }

    /**
     * A new dataset holding copies of the given rows, in the given order (a row may repeat), gathered on the
     * backend.
     *
     * @throws IllegalArgumentException if {@code rows} is empty
     * @throws IndexOutOfBoundsException if an index is not a row of this dataset
     */
    public Dataset subset(int[] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("Dataset.subset: no rows selected");
        }
        Matrix x = ops.zeros(rows.length, features());
        Matrix y = ops.zeros(rows.length, 1);
        ops.gatherRows(inputs, rows, 0, rows.length, x);
        ops.gatherRows(targets, rows, 0, rows.length, y);
        return new Dataset(ops, x, y);
    }

    @Override
    public String toString() {
        return "Dataset[" + size() + " samples x " + features() + " features on " + ops.name() + "]";
    }
}
