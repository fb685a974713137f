package dev.tinytorch.nn.optim;

/** The argument checks the optimizers share, so that all of them reject a bad setting in the same words. */
final class OptimizerChecks {

    private OptimizerChecks() {
    }

    /** Throws unless {@code value} is finite and at least {@code min} (positive if {@code strict}). */
    static double atLeast(Object owner, String name, double value, double min, boolean strict) {
        boolean ok = Double.isFinite(value) && (strict ? value > min : value >= min);
        if (!ok) {
            throw new IllegalArgumentException(owner + ": " + name + " must be finite and " + (strict ? "> " : ">= ")
                    + min + ", got " + value);
        }
        return value;
    }

    /** Throws unless {@code value} is in {@code [0, 1)}, the range of a decay rate such as Adam's betas. */
    static double decayRate(Object owner, String name, double value) {
        if (!(value >= 0.0 && value < 1.0)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be in [0, 1), got " + value);
        }
        return value;
    }
}
