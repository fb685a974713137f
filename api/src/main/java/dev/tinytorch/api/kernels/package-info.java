/**
 * Array kernels written once for every backend that holds (or can copy) its matrices as row-major Java arrays: not
 * an API for users.
 *
 * <p>The kernels live in {@link dev.tinytorch.api.kernels.f64} over {@code double[]}; the build generates their
 * float32 twins over {@code float[]} in {@code dev.tinytorch.api.kernels.f32} from the same sources (see that
 * package, and {@link dev.tinytorch.api.kernels.AlwaysDouble} for the one exception to the substitution).
 */
package dev.tinytorch.api.kernels;
