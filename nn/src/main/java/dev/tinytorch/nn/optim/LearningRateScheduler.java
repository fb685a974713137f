package dev.tinytorch.nn.optim;

import java.util.Objects;

/**
 * Applies a {@link LearningRateSchedule} to an optimizer, epoch by epoch, as a PyTorch scheduler object does: made
 * after the optimizer (whose current rate becomes the initial one) and stepped once at the end of every epoch.
 * <pre>
 * LearningRateScheduler scheduler = new LearningRateScheduler(sgd, new CosineAnnealingLR(50, 0.0));
 * for (int epoch = 0; epoch &lt; 50; epoch++) {
 *     trainer.trainOneEpoch();
 *     scheduler.step();
 * }
 * </pre>
 */
public final class LearningRateScheduler {

    private final AdjustableOptimizer optimizer;
    private final LearningRateSchedule schedule;
    private final double initialLr;
    private int epoch;

    /** Starts epoch 0 of {@code schedule}, from {@code optimizer}'s current learning rate. */
    public LearningRateScheduler(AdjustableOptimizer optimizer, LearningRateSchedule schedule) {
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.initialLr = optimizer.lr();
        optimizer.setLr(schedule.lr(initialLr, 0));
    }

    /** Moves to the next epoch and sets the optimizer's learning rate for it. */
    public void step() {
        epoch++;
        optimizer.setLr(schedule.lr(initialLr, epoch));
    }

    /** The epoch whose learning rate the optimizer now has, 0 before the first {@link #step()}. */
    public int epoch() {
        return epoch;
    }

    /** The learning rate the optimizer started with. */
    public double initialLr() {
        return initialLr;
    }
}
