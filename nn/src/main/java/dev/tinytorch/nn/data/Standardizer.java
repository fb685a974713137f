package dev.tinytorch.nn.data;

import dev.tinytorch.api.Axis;
import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.Reduction;
import dev.tinytorch.api.UnaryOp;
import java.util.List;

/**
 * Rescales every input column to mean 0 and standard deviation 1, with statistics learned from the training set
 * only, so that gradient descent sees features of comparable size and the validation set is transformed exactly
 * as unseen data would be (no information leaks from it into the statistics).
 *
 * <p>{@link #fit} computes each column's mean and population standard deviation (divided by {@code n}, numpy's
 * {@code std(axis=0)} with {@code ddof=0}) on the backend; {@link #transform} computes {@code (x - mean) / scale}.
 * The scale is the standard deviation, except for a constant column, where it is 1 as in scikit-learn's
 * {@code StandardScaler}: the column becomes all zeros instead of NaN or infinity. A column counts as constant when
 * its standard deviation is no larger than the rounding error of its mean ({@code n * ulp(1) * |mean|}), so that
 * a column of identical values whose mean is not exactly representable is still recognised.
 */
public final class Standardizer {

    private final MatrixOps ops;
    private final double[] mean;
    private final double[] std;
    private final double[] scale;
    private final Matrix meanRow;
    private final Matrix scaleRow;

    private Standardizer(MatrixOps ops, double[] mean, double[] std, double[] scale) {
        this.ops = ops;
        this.mean = mean;
        this.std = std;
        this.scale = scale;
        this.meanRow = ops.fromRowMajor(1, mean.length, mean);
        this.scaleRow = ops.fromRowMajor(1, scale.length, scale);
    }

    /** Learns the statistics of the inputs of {@code training}. */
    public static Standardizer fit(Dataset training) {
        return fit(training.ops(), training.inputs());
    }

    /**
     * Learns the per-column statistics of {@code x} ({@code n x d}, one sample per row), computed on {@code ops}.
     *
     * @throws IllegalArgumentException if {@code x} is empty, or a column's mean or standard deviation is not finite
     *                                  (values beyond about 1e154 make the squares overflow)
     */
    public static Standardizer fit(MatrixOps ops, Matrix x) {
        return fit(ops, x, null);
    }

    /**
     * Learns the per-column statistics of {@code x}, as {@link #fit(MatrixOps, Matrix)}, naming the column whose
     * statistics are not finite by its name in {@code columns} (one per column of {@code x}).
     */
    public static Standardizer fit(MatrixOps ops, Matrix x, List<String> columns) {
        if (columns != null && columns.size() != x.cols()) {
            throw new IllegalArgumentException("Standardizer.fit: " + columns.size() + " column names for a "
                    + x.shape() + " matrix");
        }
        int n = x.rows();
        int d = x.cols();
        if (n == 0 || d == 0) {
            throw new IllegalArgumentException("Standardizer.fit: nothing to learn from an empty " + x.shape() + " matrix");
        }
        Matrix meanRow = ops.zeros(1, d);
        ops.reduce(Reduction.MEAN, Axis.OVER_ROWS, x, meanRow);
        Matrix squares = ops.zeros(n, d);
        ops.broadcastRow(BinaryOp.SUB, x, meanRow, squares);
        ops.map(UnaryOp.SQUARE, squares, squares);
        Matrix varianceRow = ops.zeros(1, d);
        ops.reduce(Reduction.MEAN, Axis.OVER_ROWS, squares, varianceRow);

        double[] mean = ops.toRowMajor(meanRow);
        double[] std = ops.toRowMajor(varianceRow);
        double[] scale = new double[d];
        double roundoff = n * Math.ulp(1.0);
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(std[j]);
            if (!Double.isFinite(mean[j]) || !Double.isFinite(std[j])) {
                String column = columns == null ? String.valueOf(j) : "'" + Excerpt.of(columns.get(j)) + "'";
                throw new IllegalArgumentException("Standardizer.fit: column " + column + " has mean " + mean[j]
                        + " and standard deviation " + std[j] + ", which are not finite: its values are too large"
                        + " (or hold NaN or an infinity) to be standardised; rescale the column");
            }
            scale[j] = std[j] <= roundoff * Math.abs(mean[j]) ? 1.0 : std[j];
        }
        return new Standardizer(ops, mean, std, scale);
    }

    /**
     * Statistics learned earlier, as {@link #mean()}, {@link #std()} and {@link #scale()} returned them (for example
     * read back from a saved model), placed on {@code ops}. The arrays are copied.
     *
     * @throws IllegalArgumentException if the arrays are empty or differ in length, or hold a non-finite value, a
     *                                  negative deviation or a scale that is not positive
     */
    public static Standardizer of(MatrixOps ops, double[] mean, double[] std, double[] scale) {
        if (mean.length == 0 || std.length != mean.length || scale.length != mean.length) {
            throw new IllegalArgumentException("Standardizer.of: mean, std and scale need one value per column, got "
                    + mean.length + ", " + std.length + " and " + scale.length + " values");
        }
        for (int j = 0; j < mean.length; j++) {
            if (!Double.isFinite(mean[j]) || !(std[j] >= 0) || !Double.isFinite(std[j]) || !(scale[j] > 0)
                    || !Double.isFinite(scale[j])) {
                throw new IllegalArgumentException("Standardizer.of: column " + j + " has mean " + mean[j] + ", std "
                        + std[j] + " and scale " + scale[j] + "; expected finite values, std >= 0 and scale > 0");
            }
        }
        return new Standardizer(ops, mean.clone(), std.clone(), scale.clone());
    }

    /** The backend the statistics live on; {@link #transform} accepts matrices of this backend. */
    public MatrixOps ops() {
        return ops;
    }

    /** Number of columns the statistics describe. */
    public int features() {
        return mean.length;
    }

    /** A copy of the per-column means learned by {@link #fit}. */
    public double[] mean() {
        return mean.clone();
    }

    /** A copy of the per-column population standard deviations learned by {@link #fit} (0 for a constant column). */
    public double[] std() {
        return std.clone();
    }

    /** A copy of what {@link #transform} divides each column by: its standard deviation, or 1 for a constant column. */
    public double[] scale() {
        return scale.clone();
    }

    /** A new dataset of standardised inputs and the same targets matrix. */
    public Dataset transform(Dataset data) {
        return new Dataset(data.ops(), transform(data.inputs()), data.targets());
    }

    /** A new matrix holding {@code (x - mean) / scale} for every row of {@code x}. */
    public Matrix transform(Matrix x) {
        Matrix out = ops.zeros(x.rows(), x.cols());
        transform(x, out);
        return out;
    }

    /** Writes {@code (x - mean) / scale} into {@code out} of the same shape; {@code out} may be {@code x}. */
    public void transform(Matrix x, Matrix out) {
        if (!ops.owns(x)) {
            throw new IllegalArgumentException("Standardizer.transform: the matrix " + x.shape()
                    + " does not belong to backend '" + ops.name() + "' the statistics were fitted on");
        }
        if (x.cols() != mean.length) {
            throw new IllegalArgumentException("Standardizer.transform: fitted on " + mean.length
                    + " columns, got a " + x.shape() + " matrix");
        }
        ops.broadcastRow(BinaryOp.SUB, x, meanRow, out);
        ops.broadcastRow(BinaryOp.DIV, out, scaleRow, out);
    }

    @Override
    public String toString() {
        return "Standardizer[" + mean.length + " columns on " + ops.name() + "]";
    }
}
