package dev.tinytorch.nn.losses;

import dev.tinytorch.api.Axis;
import dev.tinytorch.api.Backends;
import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.Reduction;
import dev.tinytorch.api.UnaryOp;
import dev.tinytorch.nn.Checks;
import dev.tinytorch.nn.Loss;
import dev.tinytorch.nn.MatrixBuffer;
import java.util.Arrays;

/**
 * Multi-class cross-entropy on raw scores, as PyTorch's {@code CrossEntropyLoss}: the loss for a network whose last
 * layer gives one score (logit) per class, trained against the index of the true class.
 *
 * <p>For a row of logits {@code z} ({@code k} classes) and target class {@code t}, the loss is
 * {@code -log softmax(z)_t = log sum_j e^{z_j} - z_t}. It is computed as {@code log sum_j e^{z_j - m} - (z_t - m)}
 * with {@code m} the row's largest logit, so no exponent is positive and logits of 1000 give a finite loss. The
 * gradient with respect to the logits is the fused {@code softmax(z) - onehot(t)}: no {@link
 * dev.tinytorch.nn.layers.Softmax} layer belongs in front of this loss.
 *
 * <p>Targets are an {@code n x 1} column of class indices stored as doubles ({@code 0.0} to {@code k - 1}); anything
 * else is rejected with the row and the value. Logits must be finite (an infinite one gives NaN), as any network's are.
 */
public final class CrossEntropyLoss implements Loss {

    private final MatrixBuffer shiftedBuffer = new MatrixBuffer();  // z - m, then softmax(z)
    private final MatrixBuffer oneHotBuffer = new MatrixBuffer();
    private final MatrixBuffer pickedBuffer = new MatrixBuffer();
    private final MatrixBuffer rowBuffer = new MatrixBuffer();
    private final MatrixBuffer lossBuffer = new MatrixBuffer();
    private final MatrixBuffer gradBuffer = new MatrixBuffer();
    private double[] classes = new double[0];  // the targets on the Java side, reused while the batch size stays
    private double[] oneHotRows = new double[0];
    private MatrixOps ops = Backends.getDefault();
    private Matrix softmax;  // saved by forward for backward
    private Matrix oneHot;

    /** Per-sample losses as an {@code n x 1} column; keeps the softmax and the one-hot targets for backward. */
    @Override
    public Matrix forward(Matrix logits, Matrix targets) {
        int n = logits.rows();
        int k = logits.cols();
        if (targets.rows() != n || targets.cols() != 1) {
            throw new IllegalArgumentException(this + " forward: targets must be an " + n + "x1 column of class "
                    + "indices for " + logits.shape() + " logits, got " + targets.shape());
        }
        oneHot = oneHot(targets, n, k);

        Matrix shifted = shiftedBuffer.get(ops, n, k);
        Matrix perRow = rowBuffer.get(ops, n, 1);
        ops.reduce(Reduction.MAX, Axis.OVER_COLUMNS, logits, perRow);     // m = max of each row
        ops.broadcastColumn(BinaryOp.SUB, logits, perRow, shifted);       // z - m <= 0

        Matrix picked = pickedBuffer.get(ops, n, k);
        Matrix losses = lossBuffer.get(ops, n, 1);
        ops.zip(BinaryOp.MUL, shifted, oneHot, picked);                   // z_t - m in column t, 0 elsewhere
        ops.reduce(Reduction.SUM, Axis.OVER_COLUMNS, picked, losses);     // z_t - m

        ops.map(UnaryOp.EXP, shifted, shifted);                           // e^(z - m), no overflow
        ops.reduce(Reduction.SUM, Axis.OVER_COLUMNS, shifted, perRow);    // s = sum_j e^(z_j - m) >= 1
        ops.broadcastColumn(BinaryOp.DIV, shifted, perRow, shifted);      // softmax(z), kept for backward
        softmax = shifted;
        ops.map(UnaryOp.LOG, perRow, perRow);                             // log s
        ops.zip(BinaryOp.SUB, perRow, losses, losses);                    // log s - (z_t - m)
        return losses;
    }

    /** {@code dLoss/dz = softmax(z) - onehot(t)}, per sample (not divided by the batch size). */
    @Override
    public Matrix backward() {
        Checks.forwardRan(softmax, this);
        Matrix grad = gradBuffer.get(ops, softmax.rows(), softmax.cols());
        ops.zip(BinaryOp.SUB, softmax, oneHot, grad);
        return grad;
    }

    /** The {@code n x k} one-hot matrix of the class indices in {@code targets}, after checking each one. */
    private Matrix oneHot(Matrix targets, int n, int k) {
        if (classes.length != n) {
            classes = new double[n];
        }
        if (oneHotRows.length != n * k) {
            oneHotRows = new double[n * k];
        }
        ops.getRowMajor(targets, classes);
        Arrays.fill(oneHotRows, 0.0);
        for (int i = 0; i < n; i++) {
            double c = classes[i];
            if (!(c >= 0 && c < k && c == Math.rint(c))) {
                throw new IllegalArgumentException(this + " forward: target in row " + i + " is " + c
                        + ", not a class index 0.." + (k - 1) + " for " + k + " logit columns");
            }
            oneHotRows[i * k + (int) c] = 1.0;
        }
        Matrix matrix = oneHotBuffer.get(ops, n, k);
        ops.setRowMajor(matrix, oneHotRows);
        return matrix;
    }

    @Override
    public void to(MatrixOps target) {
        ops = target;
        softmax = null;
        oneHot = null;
    }

    @Override
    public String toString() {
        return "CrossEntropyLoss";
    }
}
