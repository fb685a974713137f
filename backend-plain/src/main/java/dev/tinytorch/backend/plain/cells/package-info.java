/**
 * The recurrent cells' sigmoid and tanh with the Vector API, the same for both precisions: written once in double
 * ({@link dev.tinytorch.api.kernels.CellMath}'s bit tricks are double's), with float entry points that widen,
 * compute in double and round once, as the float32 scalar kernels do. Used by each precision's {@code VectorCells};
 * refers to neither precision's package.
 */
package dev.tinytorch.backend.plain.cells;
