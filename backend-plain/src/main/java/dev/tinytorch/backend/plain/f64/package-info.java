/**
 * The plain backend in float64: its {@link dev.tinytorch.backend.plain.f64.PlainOps}, products, element-wise
 * kernels (scalar, and Vector API ones chosen by {@code KernelLoader}) and the classes that share work between
 * threads. The build generates the float32 backend, {@code dev.tinytorch.backend.plain.f32}, from these sources, by
 * the substitution {@link dev.tinytorch.api.kernels.f64} describes: {@code FloatVector}s of twice the lanes, the same
 * kernel choice, blocking, threading and buffers. What stays double there is marked
 * {@link dev.tinytorch.api.kernels.AlwaysDouble}: the API's scalars and arrays (rounded to float where they enter),
 * and the accumulator of {@code sum} and of each row's sum in the SUM and MEAN reductions, float64 in either
 * precision. Products accumulate in the element type, as BLAS's {@code sgemm} does. The package's tests are
 * generated the same way, so each runs in both precisions.
 */
package dev.tinytorch.backend.plain.f64;
