/**
 * The ND4J backend in one precision: its {@code Nd4jOps}, matrices, the callers of libnd4j's native kernels and the
 * Java loops over copies of native memory. Of the packages {@code f64} and {@code f32}, the first is written and the
 * second generated from it by the build (see {@link dev.tinytorch.api.kernels}): ND4J {@code FLOAT} arrays instead of
 * {@code DOUBLE}, {@code FloatPointer}s, OpenBLAS's {@code cblas_s...} routines and the shared float kernels of
 * {@code dev.tinytorch.api.kernels.f32}. What stays float64 in both is marked
 * {@link dev.tinytorch.api.kernels.AlwaysDouble}: the API's scalars and arrays (rounded to the element type where
 * they enter), and the accumulators of the long sums ({@code sum}, the SUM and MEAN reductions), which the float32
 * copy computes in Java rather than in libnd4j's float kernels; {@code axpy} also computes in float64 there and
 * rounds once. Products accumulate in float, as {@code sgemm} does.
 */
package dev.tinytorch.backend.nd4j.f64;
