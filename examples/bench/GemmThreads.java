import dev.tinytorch.api.Backends;
import dev.tinytorch.api.DType;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.backend.plain.machine.BandThreads;
import dev.tinytorch.examples.bench.GemmWorkload;
import dev.tinytorch.examples.bench.Task;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Plain's shared square product, sample by sample: GFLOPS per wall second, and how much of each sample the caller and
 * each helper thread were on a CPU. On a machine other processes keep busy a two-thread product's wall-clock figure
 * says more about the load than about the product; the samples in which every thread was on a CPU at least 97 % of
 * the time are what the product gives on a quiet machine, and the program ends with their median. The waits inside
 * a product (spinning, then yielding) count as time on a CPU, so on a quiet machine the wall-clock figure is the
 * threads' count times the figure per CPU second (docs/performance.md, "Float32 GEMM on two threads").
 *
 * <pre>
 * java --add-modules=jdk.incubator.vector -cp "examples/target/tinytorch/lib/*" \
 *     examples/bench/GemmThreads.java FLOAT32 1024 30
 * </pre>
 *
 * Arguments: the precision, n, and the number of samples of about 150 ms at 100 GFLOPS (default 11), after 2 s of
 * warm-up.
 */
public class GemmThreads {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Share of a sample every thread must spend on a CPU for the sample to count as quiet. */
    private static final double QUIET = 0.97;

    public static void main(String[] args) {
        MatrixOps ops = Backends.get("plain", DType.valueOf(args[0]));
        int n = Integer.parseInt(args[1]);
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 11;
        Task task = new GemmWorkload("ab", false, false, n, n, n).prepare(ops);
        double flops = 2.0 * n * n * n;
        long warm = System.nanoTime();
        while (System.nanoTime() - warm < 2_000_000_000L) {
            task.run(1);
        }
        List<Long> ids = new ArrayList<>(List.of(Thread.currentThread().getId()));
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith(BandThreads.HELPER_NAME)) {
                ids.add(thread.getId());
            }
        }
        int reps = (int) Math.max(1, 0.15 * 100e9 / flops);
        List<Double> quiet = new ArrayList<>();
        for (int s = 0; s < samples; s++) {
            long[] cpu = new long[ids.size()];
            for (int t = 0; t < cpu.length; t++) {
                cpu[t] = THREADS.getThreadCpuTime(ids.get(t));
            }
            long wall = System.nanoTime();
            task.run(reps);
            double elapsed = System.nanoTime() - wall;
            double gflops = flops * reps / elapsed;
            StringBuilder shares = new StringBuilder();
            double least = 1;
            for (int t = 0; t < cpu.length; t++) {
                double share = (THREADS.getThreadCpuTime(ids.get(t)) - cpu[t]) / elapsed;
                least = Math.min(least, share);
                shares.append(String.format(Locale.ROOT, " %.2f", share));
            }
            if (least >= QUIET) {
                quiet.add(gflops);
            }
            System.out.printf(Locale.ROOT, "%s n=%d: %.1f GFLOPS per wall second, on a CPU (caller, helpers):%s%n",
                    args[0], n, gflops, shares);
        }
        quiet.sort(null);
        System.out.printf(Locale.ROOT, "%s n=%d: %d of %d samples quiet%s%n", args[0], n, quiet.size(), samples,
                quiet.isEmpty() ? "" : String.format(Locale.ROOT, ", median %.1f GFLOPS (%.1f-%.1f)",
                        quiet.get(quiet.size() / 2), quiet.get(0), quiet.get(quiet.size() - 1)));
    }
}
