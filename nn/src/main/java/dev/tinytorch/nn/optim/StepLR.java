package dev.tinytorch.nn.optim;

/**
 * Decays the learning rate by {@code gamma} every {@code stepSize} epochs, as PyTorch's {@code StepLR}:
 * {@code lr(epoch) = initialLr * gamma^floor(epoch / stepSize)}.
 */
public final class StepLR implements LearningRateSchedule {

    private final int stepSize;
    private final double gamma;

    /** A schedule that multiplies the rate by {@code gamma > 0} after every {@code stepSize >= 1} epochs. */
    public StepLR(int stepSize, double gamma) {
        if (stepSize < 1) {
            throw new IllegalArgumentException("StepLR: stepSize must be at least 1, got " + stepSize);
        }
        this.stepSize = stepSize;
        this.gamma = OptimizerChecks.atLeast(this, "gamma", gamma, 0.0, true);
    }

    @Override
    public double lr(double initialLr, int epoch) {
        return initialLr * Math.pow(gamma, epoch / stepSize);
    }

    @Override
    public String toString() {
        return "StepLR";
    }
}
