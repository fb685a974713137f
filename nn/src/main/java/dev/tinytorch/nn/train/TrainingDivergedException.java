package dev.tinytorch.nn.train;

import java.util.Locale;
import java.util.Optional;

/**
 * Thrown by {@link Trainer} when a loss or a parameter becomes NaN or infinite: training cannot recover from that,
 * so it stops at once and says where, instead of printing NaN for the remaining epochs or handing a poisoned model
 * to a checkpoint.
 *
 * <p>A non-finite training loss is detected before the batch's update, so the model keeps the parameters that
 * produced it. A non-finite validation loss after an epoch whose training losses were all finite is blamed on the
 * update of the epoch's last batch, and so is a parameter found non-finite at the end of the epoch (a loss that
 * clips its input can stay finite while the weights are NaN).
 */
public class TrainingDivergedException extends ArithmeticException {

    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batch;
    private final double loss;
    private final String parameter;

    TrainingDivergedException(int epoch, int batch, int batches, double loss, boolean validation) {
        this(epoch, batch, batches, validation ? "after its update the validation loss" : "the batch's loss", loss,
                null);
    }

    /** A divergence found in {@code parameter} (described for people) at the end of {@code epoch}. */
    TrainingDivergedException(int epoch, int batches, String parameter, double value) {
        this(epoch, batches - 1, batches, "after its update parameter " + parameter + " holds", value, parameter);
    }

    private TrainingDivergedException(int epoch, int batch, int batches, String what, double value,
            String parameter) {
        super(String.format(Locale.ROOT, "training diverged in epoch %d, batch %d of %d: %s %s; "
                + "try a lower learning rate or check the data for extreme values", epoch, batch, batches,
                what + (parameter == null ? " is" : ""), value));
        this.epoch = epoch;
        this.batch = batch;
        this.loss = value;
        this.parameter = parameter;
    }

    /** The epoch, numbered as in the progress lines and {@link EpochRecord#epoch()}. */
    public int epoch() {
        return epoch;
    }

    /** The batch within the epoch, counted from 0. */
    public int batch() {
        return batch;
    }

    /** The offending loss, or the offending value of the {@link #parameter()}: NaN or an infinity. */
    public double loss() {
        return loss;
    }

    /**
     * The parameter found holding NaN or an infinity, as {@code "<layer>.<name> (layer <layer>, <the layer>)"}, or
     * empty when a loss diverged.
     */
    public Optional<String> parameter() {
        return Optional.ofNullable(parameter);
    }
}
