package dev.tinytorch.backend.plain;

import dev.tinytorch.api.UnaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The loops of {@link ScalarKernels} that the JIT does not vectorise by itself, written with the JDK's incubating
 * Vector API: a register-blocked gemm micro-kernel (4 rows by 2 vectors of accumulators, fused multiply-add), the
 * conditional maps and the reductions.
 *
 * <p>Only {@link KernelLoader} refers to this class, by name and only when the {@code jdk.incubator.vector} module
 * is present, so the backend runs without it.
 */
final class VectorKernels extends ScalarKernels {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    /** Fails when the processor has no vector registers worth using, so that the loader falls back to scalar. */
    VectorKernels() {
        if (LANES < 2) {
            throw new UnsupportedOperationException("the preferred vector shape " + SPECIES + " holds one double");
        }
    }

    @Override
    public String toString() {
        return SPECIES.vectorBitSize() + "-bit Vector API kernels";
    }

    @Override
    int tileRows() {
        return 4;
    }

    @Override
    int tileCols() {
        return 2 * LANES;
    }

    @Override
    void multiplyAdd(int kc, double[] a, int ai, double[] b, int bi, double[] c, int ci, int ldc) {
        // Vectors are made where they are used, never kept in static fields: a constant vector flowing into a loop
        // keeps the loop's vectors boxed on the heap (measured: 0.6 instead of 50 GFLOPS).
        DoubleVector c00 = DoubleVector.zero(SPECIES);
        DoubleVector c01 = DoubleVector.zero(SPECIES);
        DoubleVector c10 = DoubleVector.zero(SPECIES);
        DoubleVector c11 = DoubleVector.zero(SPECIES);
        DoubleVector c20 = DoubleVector.zero(SPECIES);
        DoubleVector c21 = DoubleVector.zero(SPECIES);
        DoubleVector c30 = DoubleVector.zero(SPECIES);
        DoubleVector c31 = DoubleVector.zero(SPECIES);
        for (int p = 0; p < kc; p++) {
            int ap = ai + 4 * p;
            int bp = bi + 2 * LANES * p;
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
        }
        addRow(c, ci, c00, c01);
        addRow(c, ci + ldc, c10, c11);
        addRow(c, ci + 2 * ldc, c20, c21);
        addRow(c, ci + 3 * ldc, c30, c31);
    }

    private static void addRow(double[] c, int at, DoubleVector v0, DoubleVector v1) {
        DoubleVector.fromArray(SPECIES, c, at).add(v0).intoArray(c, at);
        DoubleVector.fromArray(SPECIES, c, at + LANES).add(v1).intoArray(c, at + LANES);
    }

    @Override
    void map(UnaryOp op, double[] x, double[] out, int n) {
        switch (op) {
            case RELU:
                relu(x, out, n);
                break;
            case STEP:
                step(x, out, n);
                break;
            default:
                super.map(op, x, out, n);
        }
    }

    private static void relu(double[] x, double[] out, int n) {
        DoubleVector zero = DoubleVector.zero(SPECIES);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, x, i);
            zero.blend(v, v.compare(VectorOperators.GT, 0.0)).intoArray(out, i);
        }
        for (; i < n; i++) {
            out[i] = x[i] > 0 ? x[i] : 0.0;
        }
    }

    private static void step(double[] x, double[] out, int n) {
        DoubleVector zero = DoubleVector.zero(SPECIES);
        DoubleVector one = DoubleVector.broadcast(SPECIES, 1.0);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            VectorMask<Double> positive = DoubleVector.fromArray(SPECIES, x, i).compare(VectorOperators.GT, 0.0);
            zero.blend(one, positive).intoArray(out, i);
        }
        for (; i < n; i++) {
            out[i] = x[i] > 0 ? 1.0 : 0.0;
        }
    }

    @Override
    void clip(double[] x, double lo, double hi, double[] out, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            DoubleVector.fromArray(SPECIES, x, i).max(lo).min(hi).intoArray(out, i);
        }
        for (; i < n; i++) {
            out[i] = Math.min(Math.max(x[i], lo), hi);
        }
    }

    @Override
    double sum(double[] x, int xi, int n) {
        DoubleVector s0 = DoubleVector.zero(SPECIES);
        DoubleVector s1 = DoubleVector.zero(SPECIES);
        int i = 0;
        for (int bound = n - 2 * LANES; i <= bound; i += 2 * LANES) {
            s0 = s0.add(DoubleVector.fromArray(SPECIES, x, xi + i));
            s1 = s1.add(DoubleVector.fromArray(SPECIES, x, xi + i + LANES));
        }
        double s = s0.add(s1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += x[xi + i];
        }
        return s;
    }

    @Override
    double max(double[] x, int xi, int n) {
        DoubleVector m = DoubleVector.broadcast(SPECIES, Double.NEGATIVE_INFINITY);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            m = m.max(DoubleVector.fromArray(SPECIES, x, xi + i));
        }
        double result = m.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            result = Math.max(result, x[xi + i]);
        }
        return result;
    }
}
