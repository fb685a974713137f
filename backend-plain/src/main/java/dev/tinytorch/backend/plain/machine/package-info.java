/**
 * What the plain backend needs to know about the machine, the same for both precisions: its cores, shared by
 * {@link dev.tinytorch.backend.plain.machine.BandThreads} (one pool of helper threads per process, whichever
 * precisions run), and what its JVM compiles the Vector API to
 * ({@link dev.tinytorch.backend.plain.machine.VectorHardware}). Refers to neither precision's package.
 */
package dev.tinytorch.backend.plain.machine;
