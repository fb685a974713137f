package dev.tinytorch.backend.nd4j.f64;

import dev.tinytorch.api.ConvGeometry;
import java.util.Objects;
import org.bytedeco.javacpp.LongPointer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.transforms.any.Assign;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.nd4j.nativeblas.OpaqueContext;

/**
 * The image operations that libnd4j's native kernels do at least as fast as the Java loops, and with the SPI's
 * results to the bit: the block transpose (libnd4j's legacy {@code assign} copying a permuted 3-D view of the input
 * into the output) and average pooling forward and backward (the custom ops {@code avgpool2d} and
 * {@code avgpool2d_bp}, NCHW, dividing by {@code kH * kW} whatever the padding, PyTorch's {@code count_include_pad}).
 *
 * <p>A custom op called through ND4J's {@code DynamicCustomOp} builds a native context, shape descriptors and
 * argument arrays per call, tens of microseconds; here each thread keeps, per geometry and batch size, a context
 * with its integer arguments set and the shape descriptors, and a call only points the context at the operands'
 * buffers and runs the op (about 1.5 us of overhead). A thread remembers the last {@value #REMEMBERED} shapes of
 * each kind, enough for every layer of a network, so a training step allocates nothing once its shapes are known; a
 * context is freed when its shape is replaced, not when its thread ends (a few hundred bytes of native memory per
 * shape, for threads that call image operations and then end).
 *
 * <p>Measured on LeNet-5's shapes at batch 64, A/B in one process, against the Java loops with their copies in and
 * out of native memory ({@code ImageOpsTiming} in the tests; figures in docs/performance.md): the block transpose
 * takes 0.29 to 0.75 of the time, average pooling 0.63 to 0.73, its backward 0.58 to 0.65. Bits: the same as {@link dev.tinytorch.api.kernels.f64.ImageKernels} (the pooling sums run in
 * the same order; the copy keeps every bit, NaN payloads and -0.0 included), which the contract suite checks.
 */
final class NativeImageKernels {

    /** How many shapes of each kind a thread keeps prepared. */
    static final int REMEMBERED = 8;
    // avgpool2d's integer arguments: kH, kW, sH, sW, pH, pW, dH, dW, isSameMode, extraParam0, data format
    private static final int INCLUDE_PADDING = 1;  // extraParam0: 0 divides by the window's pixels inside, 1 by kH*kW
    private static final int NCHW = 0;
    private static final int ASSIGN = new Assign().opNum();

    private final NativeOps nativeOps = NativeOpsHolder.getInstance().getDeviceNativeOps();
    private final long avgPoolHash = hash("avgpool2d");
    private final long avgPoolBackwardHash = hash("avgpool2d_bp");
    private final ThreadLocal<Prepared> prepared = ThreadLocal.withInitial(Prepared::new);

    /** {@code out = } the block transpose of {@code x}: see {@link dev.tinytorch.api.MatrixOps#transposeBlocks}. */
    void transposeBlocks(Nd4jMatrix x, int block, Nd4jMatrix out) {
        if (x.size() == 0) {
            return;
        }
        Transpose t = prepared.get().transpose(x.rows(), out.rows(), block);
        nativeOps.execTransformAny(null, ASSIGN, x.buffer, t.from, null, out.buffer, t.to, null, null);
        check("assign (block transpose)");
    }

    /** Average pooling of {@code x} into {@code out}: see {@link dev.tinytorch.api.MatrixOps#avgPool}. */
    void avgPool(Nd4jMatrix x, ConvGeometry g, Nd4jMatrix out) {
        if (x.size() == 0) {
            return;
        }
        Pool p = prepared.get().pool(g, x.rows(), this);
        nativeOps.setGraphContextInputBuffer(p.forward, 0, x.buffer, p.images, null);
        nativeOps.setGraphContextOutputBuffer(p.forward, 0, out.buffer, p.pooled, null);
        nativeOps.execCustomOp2(null, avgPoolHash, p.forward);
        check("avgpool2d");
    }

    /**
     * The gradient of average pooling: see {@link dev.tinytorch.api.MatrixOps#avgPoolBackward}. libnd4j's op takes
     * the forward input too, for its shape only (average pooling never reads its values); {@code gradIn} stands in.
     */
    void avgPoolBackward(Nd4jMatrix gradOut, ConvGeometry g, Nd4jMatrix gradIn) {
        if (gradIn.size() == 0) {
            return;
        }
        Pool p = prepared.get().pool(g, gradIn.rows(), this);
        nativeOps.setGraphContextInputBuffer(p.backward, 0, gradIn.buffer, p.images, null);
        nativeOps.setGraphContextInputBuffer(p.backward, 1, gradOut.buffer, p.pooled, null);
        nativeOps.setGraphContextOutputBuffer(p.backward, 0, gradIn.buffer, p.images, null);
        nativeOps.execCustomOp2(null, avgPoolBackwardHash, p.backward);
        check("avgpool2d_bp");
    }

    private void check(String op) {
        if (nativeOps.lastErrorCode() != 0) {
            throw new IllegalStateException("ND4J " + op + " failed: " + nativeOps.lastErrorMessage());
        }
    }

    private static long hash(String op) {
        return Objects.requireNonNull(Nd4j.getExecutioner().getCustomOperations().get(op),
                () -> "ND4J has no custom op " + op).getHash();
    }

    /**
     * A native shape descriptor of doubles with the given sizes and strides (in elements); {@code contiguous} when
     * the strides are the row-major ones. The returned buffer owns the memory the pointer points into.
     */
    private static DataBuffer shapeInfo(long[] shape, long[] strides, boolean contiguous) {
        return Nd4j.getShapeInfoProvider().createShapeInformation(shape, strides, contiguous ? 1 : 0, 'c',
                DataType.DOUBLE, false).getFirst();
    }

    private static long[] rowMajorStrides(long... shape) {
        long[] strides = new long[shape.length];
        long stride = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = stride;
            stride *= shape[d];
        }
        return strides;
    }

    /**
     * The block transpose of an {@code r x (b * block)} matrix as a copy between two views of shape
     * {@code [b, r, block]}: the input read with strides {@code (block, b * block, 1)}, the output written in order.
     */
    private static final class Transpose {
        final int rows;
        final int blocks;
        final int block;
        private final DataBuffer fromInfo;
        private final DataBuffer toInfo;
        final LongPointer from;
        final LongPointer to;

        Transpose(int rows, int blocks, int block) {
            this.rows = rows;
            this.blocks = blocks;
            this.block = block;
            long[] shape = {blocks, rows, block};
            this.fromInfo = shapeInfo(shape, new long[] {block, (long) blocks * block, 1}, false);
            this.toInfo = shapeInfo(shape, rowMajorStrides(shape), true);
            this.from = (LongPointer) fromInfo.addressPointer();
            this.to = (LongPointer) toInfo.addressPointer();
        }
    }

    /** One geometry and batch size of average pooling: the two ops' contexts and the NCHW shape descriptors. */
    private static final class Pool {
        final ConvGeometry geometry;
        final int batch;
        private final DataBuffer imagesInfo;
        private final DataBuffer pooledInfo;
        final LongPointer images;
        final LongPointer pooled;
        final OpaqueContext forward;
        final OpaqueContext backward;

        Pool(ConvGeometry g, int batch, NativeOps nativeOps) {
            this.geometry = g;
            this.batch = batch;
            long[] in = {batch, g.channels(), g.height(), g.width()};
            long[] out = {batch, g.channels(), g.outH(), g.outW()};
            this.imagesInfo = shapeInfo(in, rowMajorStrides(in), true);
            this.pooledInfo = shapeInfo(out, rowMajorStrides(out), true);
            this.images = (LongPointer) imagesInfo.addressPointer();
            this.pooled = (LongPointer) pooledInfo.addressPointer();
            LongPointer arguments = new LongPointer(g.kernelH(), g.kernelW(), g.strideH(), g.strideW(), g.padH(),
                    g.padW(), 1, 1, 0, INCLUDE_PADDING, NCHW);
            this.forward = context(nativeOps, arguments);
            this.backward = context(nativeOps, arguments);
            arguments.close();
        }

        private static OpaqueContext context(NativeOps nativeOps, LongPointer arguments) {
            OpaqueContext context = nativeOps.createGraphContext(1);
            nativeOps.setGraphContextIArguments(context, arguments, (int) arguments.limit());
            return context;
        }

        void release(NativeOps nativeOps) {
            nativeOps.deleteGraphContext(forward);
            nativeOps.deleteGraphContext(backward);
        }
    }

    /** One thread's prepared shapes, the most recent {@value #REMEMBERED} of each kind, replaced in turn. */
    private static final class Prepared {
        private final Transpose[] transposes = new Transpose[REMEMBERED];
        private final Pool[] pools = new Pool[REMEMBERED];
        private int nextTranspose;
        private int nextPool;

        Transpose transpose(int rows, int blocks, int block) {
            for (Transpose t : transposes) {
                if (t != null && t.rows == rows && t.blocks == blocks && t.block == block) {
                    return t;
                }
            }
            Transpose t = new Transpose(rows, blocks, block);
            transposes[nextTranspose] = t;
            nextTranspose = (nextTranspose + 1) % REMEMBERED;
            return t;
        }

        Pool pool(ConvGeometry g, int batch, NativeImageKernels kernels) {
            for (Pool p : pools) {
                if (p != null && p.batch == batch && p.geometry.equals(g)) {
                    return p;
                }
            }
            if (pools[nextPool] != null) {
                pools[nextPool].release(kernels.nativeOps);
            }
            Pool p = new Pool(g, batch, kernels.nativeOps);
            pools[nextPool] = p;
            nextPool = (nextPool + 1) % REMEMBERED;
            return p;
        }
    }
}
