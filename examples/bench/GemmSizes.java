import dev.tinytorch.api.Backends;
import dev.tinytorch.api.DType;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.examples.bench.GemmWorkload;
import dev.tinytorch.examples.bench.Task;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * Plain's GEMM at several sizes, one after another in one class loader, as the comparison runs them: each size
 * warmed up 2 s, then nine samples of about 150 ms, in GFLOPS per second of CPU time summed over the JVM's threads
 * (median and range) and per second of wall clock (median). {@code AbGemm}, which loads each size's builds in class
 * loaders of their own, ran float32 1024^3 after 512^3 at 0.72x of 1024^3 alone on unchanged code; here it does not
 * (docs/performance.md, "A micro-panel of A in L1, a block of B in L2"). Settings read by the build's static
 * initialisers go on the command line; to compare two builds or settings, alternate JVMs.
 *
 * <pre>
 * java -Dtinytorch.plain.threads=1 --add-modules=jdk.incubator.vector -cp "examples/target/tinytorch/lib/*" \
 *     examples/bench/GemmSizes.java FLOAT32 64 256 512 1024 512x768x384
 * </pre>
 */
public class GemmSizes {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int SAMPLES = 9;

    public static void main(String[] args) {
        MatrixOps ops = Backends.get("plain", DType.valueOf(args[0]));
        for (int s = 1; s < args.length; s++) {
            String[] mnk = (args[s].contains("x") ? args[s] : args[s] + "x" + args[s] + "x" + args[s]).split("x");
            int m = Integer.parseInt(mnk[0]);
            int n = Integer.parseInt(mnk[1]);
            int k = Integer.parseInt(mnk[2]);
            Task task = new GemmWorkload("ab", false, false, m, n, k).prepare(ops);
            double flops = 2.0 * m * n * k;
            long warm = System.nanoTime();
            while (System.nanoTime() - warm < 2_000_000_000L) {
                task.run(1);
            }
            int reps = (int) Math.max(1, 0.15 * 50e9 / flops);  // about 150 ms at 50 GFLOPS
            double[] cpu = new double[SAMPLES];
            double[] wall = new double[SAMPLES];
            for (int r = 0; r < SAMPLES; r++) {
                long cpu0 = cpuNanos();
                long wall0 = System.nanoTime();
                task.run(reps);
                cpu[r] = flops * reps / (cpuNanos() - cpu0);
                wall[r] = flops * reps / (System.nanoTime() - wall0);
            }
            Arrays.sort(cpu);
            Arrays.sort(wall);
            System.out.printf(Locale.ROOT, "%s n=%s: %.1f GFLOPS per CPU second (%.1f-%.1f), %.1f per wall second%n",
                    args[0], args[s], cpu[SAMPLES / 2], cpu[0], cpu[SAMPLES - 1], wall[SAMPLES / 2]);
        }
    }

    /** Nanoseconds of CPU time of every live thread of this JVM. */
    private static long cpuNanos() {
        long sum = 0;
        for (long id : THREADS.getAllThreadIds()) {
            sum += Math.max(0, THREADS.getThreadCpuTime(id));
        }
        return sum;
    }
}
