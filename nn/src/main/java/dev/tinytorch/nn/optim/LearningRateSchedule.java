package dev.tinytorch.nn.optim;

/**
 * A learning rate as a function of the epoch, like PyTorch's {@code lr_scheduler} classes in closed form: large
 * steps early to make progress, small ones late to settle. A {@link LearningRateScheduler} applies it to an
 * optimizer.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /** The learning rate for epoch {@code epoch} (0 for the first) of a run whose initial rate was {@code initialLr}. */
    double lr(double initialLr, int epoch);
}
