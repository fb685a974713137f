package dev.tinytorch.backend.nd4j.f64;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.ConvGeometry;
import dev.tinytorch.api.DType;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.kernels.AlwaysDouble;
import dev.tinytorch.api.kernels.f64.ImageKernels;
import dev.tinytorch.backend.nd4j.Nd4jBackend;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.LongPointer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.nd4j.nativeblas.OpaqueContext;

/**
 * Not a test: times each image operation on LeNet-5's shapes at batch 64, the Java loops (with their copies in and
 * out of native memory, as {@link ImageLoops} runs them) against libnd4j's kernels (called through a reused
 * context, as {@link NativeImageKernels} calls them; for im2col and col2im, which stay in Java, the same way here),
 * A/B in one process, alternating, and prints the median of each. The figures of docs/performance.md and of the
 * Javadoc of {@link ImageLoops} and {@link NativeImageKernels}. Run from the repository root after
 * {@code mvn -pl backend-nd4j -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * -Dmdep.includeScope=test}:
 * <pre>
 * java -cp "$(cat backend-nd4j/target/cp.txt):backend-nd4j/target/classes:backend-nd4j/target/test-classes" \
 *     dev.tinytorch.backend.nd4j.f64.ImageOpsTiming
 * </pre>
 * ({@code ...nd4j.f32.ImageOpsTiming}, generated from this class, times the float32 backend.)
 */
public final class ImageOpsTiming {

    private static final int BATCH = 64;
    private static final int ROUNDS = 15;
    private static final int CALLS = 20;

    private ImageOpsTiming() {
    }

    public static void main(String[] args) {
        MatrixOps ops = Backends.get(Nd4jBackend.NAME, DType.FLOAT64);
        NativeOps nativeOps = NativeOpsHolder.getInstance().getDeviceNativeOps();
        ConvGeometry conv1 = ConvGeometry.square(1, 28, 28, 5, 1, 2);
        ConvGeometry conv2 = ConvGeometry.square(6, 14, 14, 5, 1, 0);
        ConvGeometry pool1 = ConvGeometry.square(6, 28, 28, 2, 2, 0);
        ConvGeometry pool2 = ConvGeometry.square(16, 10, 10, 2, 2, 0);
        Copies copies = new Copies();
        System.out.println("op, LeNet-5 shape at batch 64: Java loops / libnd4j, median us of " + ROUNDS
                + " alternating rounds of " + CALLS + " calls");
        for (ConvGeometry g : new ConvGeometry[] {conv1, conv2}) {
            Nd4jMatrix x = (Nd4jMatrix) ops.fromRowMajor(BATCH, g.imageSize(), values(BATCH * g.imageSize()));
            Nd4jMatrix cols = (Nd4jMatrix) ops.zeros(g.patchSize(), BATCH * g.outputPlane());
            OpaqueContext im2col = im2colContext(nativeOps, g, x, cols, true);
            OpaqueContext col2im = im2colContext(nativeOps, g, x, cols, false);
            long im2colHash = Nd4j.getExecutioner().getCustomOperations().get("im2col").getHash();
            long col2imHash = Nd4j.getExecutioner().getCustomOperations().get("col2im").getHash();
            compare("im2col " + g, () -> ImageKernels.im2col(copies.in(x), BATCH, g, copies.out(cols)),
                    () -> nativeOps.execCustomOp2(null, im2colHash, im2col), () -> copies.write(cols));
            compare("col2im " + g, () -> ImageKernels.col2im(copies.in(cols), BATCH, g, copies.out(x)),
                    () -> nativeOps.execCustomOp2(null, col2imHash, col2im), () -> copies.write(x));
        }
        for (int[] s : new int[][] {{6, BATCH, 784}, {BATCH, 6, 784}, {16, BATCH, 100}, {BATCH, 16, 100}}) {
            Nd4jMatrix x = (Nd4jMatrix) ops.fromRowMajor(s[0], s[1] * s[2], values(s[0] * s[1] * s[2]));
            Nd4jMatrix out = (Nd4jMatrix) ops.zeros(s[1], s[0] * s[2]);
            compare("transposeBlocks " + s[0] + "x" + s[1] + " blocks of " + s[2],
                    () -> ImageKernels.transposeBlocks(copies.in(x), s[0], s[1], s[2], copies.out(out)),
                    () -> ops.transposeBlocks(x, s[2], out), () -> copies.write(out));
        }
        for (ConvGeometry g : new ConvGeometry[] {pool1, pool2}) {
            Nd4jMatrix x = (Nd4jMatrix) ops.fromRowMajor(BATCH, g.imageSize(), values(BATCH * g.imageSize()));
            Nd4jMatrix out = (Nd4jMatrix) ops.zeros(BATCH, g.pooledSize());
            compare("avgPool " + g, () -> ImageKernels.avgPool(copies.in(x), BATCH, g, copies.out(out)),
                    () -> ops.avgPool(x, g, out), () -> copies.write(out));
            compare("avgPoolBackward " + g,
                    () -> ImageKernels.avgPoolBackward(copies.in(out), BATCH, g, copies.out(x)),
                    () -> ops.avgPoolBackward(out, g, x), () -> copies.write(x));
        }
    }

    /** Times {@code java} (then {@code write}, its copy back) against {@code nativeOp}, alternating rounds. */
    private static void compare(String what, Runnable java, Runnable nativeOp, Runnable write) {
        Runnable javaWithCopy = () -> {
            java.run();
            write.run();
        };
        double[] javaTimes = new double[ROUNDS];
        double[] nativeTimes = new double[ROUNDS];
        time(javaWithCopy);
        time(nativeOp);
        for (int r = 0; r < ROUNDS; r++) {
            javaTimes[r] = time(javaWithCopy);
            nativeTimes[r] = time(nativeOp);
        }
        double j = median(javaTimes);
        double n = median(nativeTimes);
        System.out.printf(Locale.ROOT, "%-70s %9.1f %9.1f  native/Java %.2f%n", what, j, n, n / j);
    }

    private static double time(Runnable op) {
        long start = System.nanoTime();
        for (int i = 0; i < CALLS; i++) {
            op.run();
        }
        return (System.nanoTime() - start) / 1e3 / CALLS;
    }

    private static double median(double[] times) {
        double[] sorted = times.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static @AlwaysDouble double[] values(int n) {
        SplittableRandom random = new SplittableRandom(1);
        @AlwaysDouble double[] v = new @AlwaysDouble double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextDouble(-1, 1);
        }
        return v;
    }

    /**
     * A context for libnd4j's im2col (x to cols) or col2im (cols to x), the images as {@code [N, C, H, W]} and the
     * columns as the {@code [N, C, kH, kW, oH, oW]} view of the SPI's {@code patchSize x (N * oH * oW)} matrix.
     */
    private static OpaqueContext im2colContext(NativeOps nativeOps, ConvGeometry g, Nd4jMatrix x, Nd4jMatrix cols,
            boolean forward) {
        long n = BATCH;
        long plane = g.outputPlane();
        long width = n * plane;
        LongPointer images = shape(new long[] {n, g.channels(), g.height(), g.width()},
                new long[] {g.imageSize(), (long) g.height() * g.width(), g.width(), 1}, 1);
        LongPointer columns = shape(new long[] {n, g.channels(), g.kernelH(), g.kernelW(), g.outH(), g.outW()},
                new long[] {plane, width * g.kernelH() * g.kernelW(), width * g.kernelW(), width, g.outW(), 1}, 0);
        OpaqueContext context = nativeOps.createGraphContext(1);
        LongPointer arguments = forward
                ? new LongPointer(g.kernelH(), g.kernelW(), g.strideH(), g.strideW(), g.padH(), g.padW(), 1, 1, 0)
                : new LongPointer(g.strideH(), g.strideW(), g.padH(), g.padW(), g.height(), g.width(), 1, 1, 0);
        nativeOps.setGraphContextIArguments(context, arguments, 9);
        nativeOps.setGraphContextInputBuffer(context, 0, forward ? x.buffer : cols.buffer, forward ? images : columns,
                null);
        nativeOps.setGraphContextOutputBuffer(context, 0, forward ? cols.buffer : x.buffer,
                forward ? columns : images, null);
        return context;
    }

    private static LongPointer shape(long[] shape, long[] strides, long contiguous) {
        DataBuffer info = Nd4j.getShapeInfoProvider().createShapeInformation(shape, strides, contiguous, 'c',
                DataType.DOUBLE, false).getFirst();
        KEEP[kept++] = info;
        return (LongPointer) info.addressPointer();
    }

    private static final Object[] KEEP = new Object[16];
    private static int kept;

    /** The Java path's arrays and copies, as {@link ImageLoops} has them. */
    private static final class Copies {
        private double[] in = new double[0];
        private double[] out = new double[0];

        double[] in(Nd4jMatrix m) {
            if (in.length < m.size()) {
                in = new double[m.size()];
            }
            m.data.get(in, 0, m.size());
            return in;
        }

        double[] out(Nd4jMatrix m) {
            if (out.length < m.size()) {
                out = new double[m.size()];
            }
            return out;
        }

        void write(Nd4jMatrix m) {
            m.data.put(out, 0, m.size());
        }
    }
}
