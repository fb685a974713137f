package dev.tinytorch.nn.train;

/**
 * How a model does on one data set: the mean per-sample loss and the metric, both over every sample the loader
 * yields. It is what {@link Trainer#evaluate} reports and {@link Trainer#train} returns for the last epoch.
 */
public record Evaluation(double loss, double metric) {
}
