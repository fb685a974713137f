package dev.tinytorch.examples.bench;

import java.util.function.DoubleUnaryOperator;

/**
 * How a time per operation becomes the figure a table quotes, e.g. GFLOPS for a product or samples per second for
 * a training step, and which direction is better.
 *
 * @param unit           the figure's unit as printed, e.g. {@code GFLOPS}
 * @param higherIsBetter whether a larger figure is the better one
 * @param fromNanos      the figure for one operation taking that many nanoseconds
 */
public record Metric(String unit, boolean higherIsBetter, DoubleUnaryOperator fromNanos) {

    /** Billions of floating-point operations per second, for an operation doing {@code flops} of them. */
    public static Metric gflops(double flops) {
        return new Metric("GFLOPS", true, nanos -> flops / nanos);
    }

    /** Microseconds per operation, named {@code unit} (e.g. {@code us/step}). */
    public static Metric micros(String unit) {
        return new Metric(unit, false, nanos -> nanos / 1e3);
    }

    /** Items per second, for an operation that handles {@code items} of them (e.g. samples in a batch). */
    public static Metric perSecond(double items, String unit) {
        return new Metric(unit, true, nanos -> items * 1e9 / nanos);
    }

    /** The figure for one operation taking {@code nanos} nanoseconds. */
    public double of(double nanos) {
        return fromNanos.applyAsDouble(nanos);
    }
}
