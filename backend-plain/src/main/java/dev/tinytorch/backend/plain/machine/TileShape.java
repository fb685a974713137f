package dev.tinytorch.backend.plain.machine;

/**
 * The shape of the plain backend's gemm micro-kernel: the tile of C it keeps in vector registers, {@code rows} rows
 * by {@code vectors} vectors, chosen from what the JVM reports ({@link VectorHardware#registers()}, and the vector
 * length of the precision) so that the accumulators, one step's vectors of B and a broadcast of A fit the registers.
 * The same for both precisions at one vector length; each precision's {@code MicroKernels} is generated for every
 * shape {@link #of} can return.
 *
 * @param rows    rows of C per call, of A per step of depth
 * @param vectors vectors of C per row, of B per step of depth
 */
public record TileShape(int rows, int vectors) {

    /**
     * The shape for {@code registers} vector registers: 8 rows by 3 vectors with 32 (24 accumulators, 3 vectors of
     * B, one of A: eleven loads per 24 multiply-adds), 6 by 2 with 16 (15 registers, BLIS's Haswell shape).
     */
    public static TileShape of(int registers) {
        return registers >= 32 ? new TileShape(8, 3) : new TileShape(6, 2);
    }

    /** Vector registers the kernel keeps busy: its accumulators, one step's vectors of B and one broadcast of A. */
    public int registersUsed() {
        return rows * vectors + vectors + 1;
    }

    @Override
    public String toString() {
        return rows + "x" + vectors;
    }
}
