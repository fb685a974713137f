package dev.tinytorch.backend.plain.f64;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The gemm micro-kernel of {@link VectorKernels} for processors with 16 vector registers (x86 below AVX-512: AVX2,
 * AVX): six rows of C by two vectors. Each method is compiled on its own and only stores its accumulators, for the
 * reasons given at {@link VectorKernels}' eight-row kernel.
 */
final class SixRowKernel {

    /** Rows of C per call. */
    static final int ROWS = 6;
    /** Vectors of C per row on a whole panel. */
    static final int VECTORS = 2;

    private static final VectorSpecies<Double> SPECIES = VectorLoops.SPECIES;
    private static final int LANES = VectorLoops.LANES;

    private SixRowKernel() {
    }

    /** {@link ScalarKernels#multiply} on a panel of {@code width} columns: two vectors, or one for C's last columns. */
    static void multiply(int kc, double[] a, int ai, double[] b, int bi, int ldb, int width, double[] out, int oi,
                         int ldo) {
        if (width == 2 * LANES) {
            multiplyTwo(kc, a, ai, b, bi, ldb, out, oi, ldo);
        } else {
            multiplyOne(kc, a, ai, b, bi, ldb, out, oi, ldo);
        }
    }

    /**
     * Twelve accumulators, two vectors of B and one broadcast of A: 15 of the 16 registers (the shape of BLIS's
     * Haswell kernel, 6x8 doubles at 256 bits), for eight loads per twelve multiply-adds. The 8x3 kernel of
     * {@link VectorKernels} needs 28 registers: at 16 its accumulators spill to the stack at every step.
     */
    private static void multiplyTwo(int kc, double[] a, int ai, double[] b, int bi, int ldb, double[] out, int oi,
                                    int ldo) {
        DoubleVector c00 = DoubleVector.zero(SPECIES);
        DoubleVector c01 = DoubleVector.zero(SPECIES);
        DoubleVector c10 = DoubleVector.zero(SPECIES);
        DoubleVector c11 = DoubleVector.zero(SPECIES);
        DoubleVector c20 = DoubleVector.zero(SPECIES);
        DoubleVector c21 = DoubleVector.zero(SPECIES);
        DoubleVector c30 = DoubleVector.zero(SPECIES);
        DoubleVector c31 = DoubleVector.zero(SPECIES);
        DoubleVector c40 = DoubleVector.zero(SPECIES);
        DoubleVector c41 = DoubleVector.zero(SPECIES);
        DoubleVector c50 = DoubleVector.zero(SPECIES);
        DoubleVector c51 = DoubleVector.zero(SPECIES);
        for (int p = 0, ap = ai, bp = bi; p < kc; p++, ap += 6, bp += ldb) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, bp + LANES);
            DoubleVector a0 = DoubleVector.broadcast(SPECIES, a[ap]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            DoubleVector a1 = DoubleVector.broadcast(SPECIES, a[ap + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            DoubleVector a2 = DoubleVector.broadcast(SPECIES, a[ap + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            DoubleVector a3 = DoubleVector.broadcast(SPECIES, a[ap + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            DoubleVector a4 = DoubleVector.broadcast(SPECIES, a[ap + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            DoubleVector a5 = DoubleVector.broadcast(SPECIES, a[ap + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        c00.intoArray(out, oi);
        c01.intoArray(out, oi + LANES);
        c10.intoArray(out, oi + ldo);
        c11.intoArray(out, oi + ldo + LANES);
        c20.intoArray(out, oi + 2 * ldo);
        c21.intoArray(out, oi + 2 * ldo + LANES);
        c30.intoArray(out, oi + 3 * ldo);
        c31.intoArray(out, oi + 3 * ldo + LANES);
        c40.intoArray(out, oi + 4 * ldo);
        c41.intoArray(out, oi + 4 * ldo + LANES);
        c50.intoArray(out, oi + 5 * ldo);
        c51.intoArray(out, oi + 5 * ldo + LANES);
    }

    /** {@link #multiplyTwo} on a panel one vector wide, the last of a C whose width leaves a vector. */
    private static void multiplyOne(int kc, double[] a, int ai, double[] b, int bi, int ldb, double[] out, int oi,
                                    int ldo) {
        DoubleVector c00 = DoubleVector.zero(SPECIES);
        DoubleVector c10 = DoubleVector.zero(SPECIES);
        DoubleVector c20 = DoubleVector.zero(SPECIES);
        DoubleVector c30 = DoubleVector.zero(SPECIES);
        DoubleVector c40 = DoubleVector.zero(SPECIES);
        DoubleVector c50 = DoubleVector.zero(SPECIES);
        for (int p = 0, ap = ai, bp = bi; p < kc; p++, ap += 6, bp += ldb) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bp);
            DoubleVector a0 = DoubleVector.broadcast(SPECIES, a[ap]);
            c00 = a0.fma(b0, c00);
            DoubleVector a1 = DoubleVector.broadcast(SPECIES, a[ap + 1]);
            c10 = a1.fma(b0, c10);
            DoubleVector a2 = DoubleVector.broadcast(SPECIES, a[ap + 2]);
            c20 = a2.fma(b0, c20);
            DoubleVector a3 = DoubleVector.broadcast(SPECIES, a[ap + 3]);
            c30 = a3.fma(b0, c30);
            DoubleVector a4 = DoubleVector.broadcast(SPECIES, a[ap + 4]);
            c40 = a4.fma(b0, c40);
            DoubleVector a5 = DoubleVector.broadcast(SPECIES, a[ap + 5]);
            c50 = a5.fma(b0, c50);
        }
        c00.intoArray(out, oi);
        c10.intoArray(out, oi + ldo);
        c20.intoArray(out, oi + 2 * ldo);
        c30.intoArray(out, oi + 3 * ldo);
        c40.intoArray(out, oi + 4 * ldo);
        c50.intoArray(out, oi + 5 * ldo);
    }
}
