/**
 * The plain backend in one precision, over {@code double[]}: its {@code PlainOps}, products, element-wise kernels
 * (scalar, and Vector API ones chosen by {@code KernelLoader}) and the classes that share work between threads. Of
 * the packages {@code f64} and {@code f32}, the first is written and the second generated from it by the build (see
 * {@link dev.tinytorch.api.kernels}): {@code FloatVector}s of twice the lanes, the same kernel choice, blocking in
 * bytes (a depth block of twice the elements), threading and buffers; the gemm micro-kernels of both are generated
 * from one template ({@code MicroKernels}). What stays float64 in both is marked
 * {@link dev.tinytorch.api.kernels.AlwaysDouble}: the API's scalars and arrays (rounded to the element type where
 * they enter), and the accumulators of the long sums: {@code sum}, and the SUM and MEAN reductions along either axis
 * ({@code WideSums} for column sums); {@code axpy} rounds the exact {@code y + alpha x} once, by a fused
 * multiply-add in float32. Products accumulate in the element type, as BLAS's {@code sgemm} does. The package's
 * tests are generated the same way, so each runs in both precisions.
 */
package dev.tinytorch.backend.plain.f64;
