package dev.tinytorch.nn.train;

import java.util.Locale;

/**
 * Thrown by {@link Trainer} when a loss becomes NaN or infinite: training cannot recover from that, so it stops at
 * once and says where, instead of printing NaN for the remaining epochs.
 *
 * <p>A non-finite training loss is detected before the batch's update, so the model keeps the parameters that
 * produced it. A non-finite validation loss after an epoch whose training losses were all finite is blamed on the
 * update of the epoch's last batch.
 */
public class TrainingDivergedException extends ArithmeticException {

    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batch;
    private final double loss;

    TrainingDivergedException(int epoch, int batch, int batches, double loss, boolean validation) {
        super(String.format(Locale.ROOT, "training diverged in epoch %d, batch %d of %d: %s is %s; "
                        + "try a lower learning rate or check the data for extreme values",
                epoch, batch, batches, validation ? "after its update the validation loss" : "the batch's loss",
                loss));
        this.epoch = epoch;
        this.batch = batch;
        this.loss = loss;
    }

    /** The epoch, numbered as in the progress lines and {@link EpochRecord#epoch()}. */
    public int epoch() {
        return epoch;
    }

    /** The batch within the epoch, counted from 0. */
    public int batch() {
        return batch;
    }

    /** The offending loss: NaN or an infinity. */
    public double loss() {
        return loss;
    }
}
