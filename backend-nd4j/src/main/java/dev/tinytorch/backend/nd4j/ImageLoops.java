package dev.tinytorch.backend.nd4j;

import dev.tinytorch.api.ConvGeometry;
import dev.tinytorch.api.kernels.ImageKernels;

/**
 * The image operations (im2col, col2im, the block transpose, pooling) on ND4J matrices, for now by the shared
 * Java loops of {@link ImageKernels}: the operands are copied out of native memory into per-thread arrays, looped
 * over, and the result copied back, with no allocation once the arrays have grown to the largest shapes seen.
 *
 * <p>libnd4j has native {@code im2col}, {@code col2im} and pooling ops, but only as "custom" ops, whose call
 * through ND4J builds a context, shape descriptors and argument arrays per call (see {@link NativeKernels}); calling
 * them allocation-free the way {@link NativeKernels} calls the legacy ops is a follow-up.
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

    void transposeBlocks(Nd4jMatrix x, int block, Nd4jMatrix out) {
        Buffers b = buffers.get();
        ImageKernels.transposeBlocks(b.read(x), x.rows(), out.rows(), block, b.output(out));
        b.write(out);
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

    void avgPool(Nd4jMatrix x, ConvGeometry g, Nd4jMatrix out) {
        Buffers b = buffers.get();
        ImageKernels.avgPool(b.read(x), x.rows(), g, b.output(out));
        b.write(out);
    }

    void avgPoolBackward(Nd4jMatrix gradOut, ConvGeometry g, Nd4jMatrix gradIn) {
        Buffers b = buffers.get();
        ImageKernels.avgPoolBackward(b.read(gradOut), gradIn.rows(), g, b.output(gradIn));
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
