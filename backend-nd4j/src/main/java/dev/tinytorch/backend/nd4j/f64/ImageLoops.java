package dev.tinytorch.backend.nd4j.f64;

import dev.tinytorch.api.ConvGeometry;
import dev.tinytorch.api.kernels.f64.ImageKernels;

/**
 * The image operations that stay in Java on this backend, by the shared loops of {@link ImageKernels}: the operands
 * are copied out of native memory into per-thread arrays (native memory has no {@code double[]} view), looped over,
 * and the result copied back, with no allocation once the arrays have grown to the largest shapes seen.
 *
 * <p>Why not libnd4j's kernels (ND4J 1.0.0-M2.1, measured on LeNet-5's shapes at batch 64, A/B in one process,
 * one ND4J thread, each native op called through a reused context as {@link NativeImageKernels} calls its ops, by
 * {@code ImageOpsTiming} in the tests; figures in docs/performance.md):
 * <ul>
 *   <li>{@code im2col}: libnd4j's {@code im2col} op gives the SPI's bits when its {@code [N, C, kH, kW, oH, oW]}
 *       output is a permuted view of the SPI's {@code patchSize x (N * outH * outW)} matrix, but takes 14 to 22
 *       times as long as the Java loop with both copies (49 ms against 2.2 ms for 64x1x28x28, kernel 5, padding
 *       2; 29 ms against 2.0 ms for 64x6x14x14, kernel 5), with a contiguous output as well;</li>
 *   <li>{@code col2im}: the op {@code col2im} is slower on the first layer (9.1 ms against 4.7 ms) and no faster on
 *       the second (2.4 ms against 2.5 ms);</li>
 *   <li>max pooling: libnd4j's {@code maxpool2d} skips NaNs (a window 1, NaN, 0, 2 gives 2, where the SPI and
 *       PyTorch give NaN) and reports no winners, and its {@code maxpool2d_bp} finds the maxima again in the
 *       forward input, which {@code maxPoolBackward} is not given: neither fits the SPI.</li>
 * </ul>
 */
final class ImageLoops {

    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

    void im2col(Nd4jMatrix x, ConvGeometry g, Nd4jMatrix cols) {
        Buffers b = buffers.get();
        ImageKernels.im2col(b.read(x), x.rows(), g, b.output(cols));
        b.write(cols);
    }

    void col2im(Nd4jMatrix cols, ConvGeometry g, Nd4jMatrix x) {
        Buffers b = buffers.get();
        ImageKernels.col2im(b.read(cols), x.rows(), g, b.output(x));
        b.write(x);
    }

    void maxPool(Nd4jMatrix x, ConvGeometry g, Nd4jMatrix out, int[] winners) {
        Buffers b = buffers.get();
        ImageKernels.maxPool(b.read(x), x.rows(), g, b.output(out), winners);
        b.write(out);
    }

    void maxPoolBackward(Nd4jMatrix gradOut, ConvGeometry g, int[] winners, Nd4jMatrix gradIn) {
        Buffers b = buffers.get();
        ImageKernels.maxPoolBackward(b.read(gradOut), gradIn.rows(), g, winners, b.output(gradIn));
        b.write(gradIn);
    }

    /** One thread's input and output arrays, grown to the largest size asked for and then reused. */
    private static final class Buffers {
        private double[] in = new double[0];
        private double[] out = new double[0];

        /** A copy of {@code m}'s elements at the start of the input array. */
        double[] read(Nd4jMatrix m) {
            int n = m.size();
            if (in.length < n) {
                in = new double[n];
            }
            if (n > 0) {
                m.data.get(in, 0, n);
            }
            return in;
        }

        /** The output array, large enough for {@code m}. */
        double[] output(Nd4jMatrix m) {
            if (out.length < m.size()) {
                out = new double[m.size()];
            }
            return out;
        }

        /** Copies the output array's first elements into {@code m}. */
        void write(Nd4jMatrix m) {
            if (m.size() > 0) {
                m.data.put(out, 0, m.size());
            }
        }
    }
}
