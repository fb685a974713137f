package dev.tinytorch.nn.train;

/**
 * What one epoch of {@link Trainer#train} produced: an entry of the trainer's {@link Trainer#history() history}
 * and what {@link Trainer#onEpochEnd epoch-end listeners} receive, e.g. to save a checkpoint when {@code best}.
 *
 * @param epoch            the epoch's number, counted from 0 over the trainer's life (across calls of train)
 * @param trainLoss        the mean per-sample training loss of the epoch, as computed before each batch's update
 * @param validationLoss   the mean per-sample validation loss after the epoch
 * @param validationMetric the trainer's metric on the validation data after the epoch
 * @param best             whether the validation loss is the lowest of this call of train so far, lower than the
 *                         previous best by more than the early-stopping minimum delta (0 without early stopping);
 *                         the first epoch of a call is always best
 */
public record EpochRecord(int epoch, double trainLoss, double validationLoss, double validationMetric, boolean best) {
}
