package dev.tinytorch.nn.data;

/**
 * The two parts a {@link TrainValidationSplit} produces: rows to fit on and rows held out to judge the fit.
 *
 * @param <T> what was split: row indices, arrays or a {@link Dataset}
 */
public record Split<T>(T train, T validation) {
}
