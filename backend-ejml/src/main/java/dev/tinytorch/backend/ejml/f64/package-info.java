/**
 * The EJML backend in one precision, over EJML's {@code DMatrixRMaj} and {@code CommonOps_DDRM}: its
 * {@code EjmlOps}, products ({@code EjmlGemm}) and the loops EJML has no kernel for ({@code ArrayKernels}). Of the
 * packages {@code f64} and {@code f32}, the first is written and the second generated from it by the build (see
 * {@link dev.tinytorch.api.kernels}), over EJML's float library, which EJML itself generates from its double one:
 * {@code DMatrix...} becomes {@code FMatrix...} and {@code ..._DDRM} becomes {@code ..._FDRM}. What stays float64
 * in both is marked {@link dev.tinytorch.api.kernels.AlwaysDouble}: the API's scalars and arrays (rounded to the
 * element type where they enter) and the accumulators of the long sums (the SUM and MEAN reductions, {@code sum});
 * {@code axpy} also computes in float64 and rounds once. The package's tests are generated the same way.
 */
package dev.tinytorch.backend.ejml.f64;
