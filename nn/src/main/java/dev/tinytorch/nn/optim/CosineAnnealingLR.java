package dev.tinytorch.nn.optim;

/**
 * Lowers the learning rate along half a cosine from its initial value to {@code etaMin} over {@code tMax} epochs,
 * as PyTorch's {@code CosineAnnealingLR} in closed form:
 * {@code lr(epoch) = etaMin + (initialLr - etaMin) * (1 + cos(pi * epoch / tMax)) / 2}. Past {@code tMax} the
 * cosine rises again, as in PyTorch; train for {@code tMax} epochs to end at {@code etaMin}.
 */
public final class CosineAnnealingLR implements LearningRateSchedule {

    private final int tMax;
    private final double etaMin;

    /** A schedule reaching {@code etaMin >= 0} after {@code tMax >= 1} epochs. */
    public CosineAnnealingLR(int tMax, double etaMin) {
        if (tMax < 1) {
            throw new IllegalArgumentException("CosineAnnealingLR: tMax must be at least 1, got " + tMax);
        }
        this.tMax = tMax;
        this.etaMin = OptimizerChecks.atLeast(this, "etaMin", etaMin, 0.0, false);
    }

    @Override
    public double lr(double initialLr, int epoch) {
        return etaMin + (initialLr - etaMin) * (1.0 + Math.cos(Math.PI * epoch / tMax)) / 2.0;
    }

    @Override
    public String toString() {
        return "CosineAnnealingLR";
    }
}
