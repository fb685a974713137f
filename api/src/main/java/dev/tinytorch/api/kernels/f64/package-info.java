/**
 * The array kernels every Java-array backend shares, over {@code double[]}. Of the packages {@code f64} and
 * {@code f32}, the first is written and the second generated from it by the build; see
 * {@link dev.tinytorch.api.kernels}.
 */
package dev.tinytorch.api.kernels.f64;
