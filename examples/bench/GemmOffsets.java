import dev.tinytorch.api.Backends;
import dev.tinytorch.api.DType;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Whether plain's square GEMM depends on where its arrays' data start within a 64-byte cache line, which the Java
 * heap does not tell: the product is timed (CPU time of its thread, one thread) with its operands, or its packing
 * buffers, allocated right after a padding array of 0 to 15 floats, so that across the sixteen paddings they start
 * at every 8-byte step of a line. Rounds alternate over the paddings; the medians per padding are printed.
 *
 * <pre>
 * java -Xmn2g -Dtinytorch.plain.threads=1 --add-modules=jdk.incubator.vector \
 *     -cp "examples/target/tinytorch/lib/*" examples/bench/GemmOffsets.java FLOAT32 64 15 operands
 * </pre>
 *
 * {@code operands}: A, then the padding, then B and C (B is read where it lies at n = 64, C written in place), new
 * matrices each time. {@code buffers}: the same matrices, each timing on a new thread whose padding comes before its
 * first product, which allocates the thread's packing buffers. {@code -Xmn2g} keeps the collector from moving them.
 */
public class GemmOffsets {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int PADDINGS = 16;
    private static Object keep;

    public static void main(String[] args) throws InterruptedException {
        DType dtype = DType.valueOf(args[0]);
        int n = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        boolean buffers = args[3].equals("buffers");
        MatrixOps ops = Backends.get("plain", dtype);
        SplittableRandom rng = new SplittableRandom(1);
        Matrix[] fixed = operands(ops, n, rng, 0);
        double flops = 2.0 * n * n * n;
        int reps = (int) Math.max(1, 0.03 * 100e9 / flops);  // about 30 ms at 100 GFLOPS
        long warm = System.nanoTime();
        while (System.nanoTime() - warm < 3_000_000_000L) {
            ops.gemm(false, false, 1.0, fixed[0], fixed[1], 0.0, fixed[2]);
        }
        double[][] gflops = new double[PADDINGS][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int p = 0; p < PADDINGS; p++) {
                int padding = p;
                int round = r;
                Runnable timing = () -> {
                    Matrix[] x = buffers ? fixed : operands(ops, n, rng, padding);
                    if (buffers) {
                        keep = new float[padding];
                    }
                    ops.gemm(false, false, 1.0, x[0], x[1], 0.0, x[2]);
                    long start = THREADS.getCurrentThreadCpuTime();
                    for (int i = 0; i < reps; i++) {
                        ops.gemm(false, false, 1.0, x[0], x[1], 0.0, x[2]);
                    }
                    gflops[padding][round] = flops * reps / (THREADS.getCurrentThreadCpuTime() - start);
                };
                if (buffers) {
                    Thread thread = new Thread(timing);
                    thread.start();
                    thread.join();
                } else {
                    timing.run();
                }
            }
        }
        for (int p = 0; p < PADDINGS; p++) {
            double[] sorted = gflops[p].clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "%s n=%d %s after %2d floats: median %6.1f GFLOPS per CPU second (%.0f..%.0f)%n",
                    dtype, n, args[3], p, sorted[rounds / 2], sorted[0], sorted[rounds - 1]);
        }
    }

    /** A, a padding of {@code padding} floats, then B and C, A and B filled. */
    private static Matrix[] operands(MatrixOps ops, int n, SplittableRandom rng, int padding) {
        Matrix a = ops.zeros(n, n);
        keep = new float[padding];
        Matrix b = ops.zeros(n, n);
        Matrix c = ops.zeros(n, n);
        ops.fillUniform(a, -1, 1, rng);
        ops.fillUniform(b, -1, 1, rng);
        return new Matrix[] {a, b, c};
    }
}
