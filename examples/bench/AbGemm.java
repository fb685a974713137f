import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A/B of two builds' GEMM on the plain backend in one JVM, square ({@code n}) or not ({@code MxNxK}: op(A) M x K
 * by op(B) K x N, neither transposed), for a machine too busy for wall-clock figures:
 * each build's jars in a class loader of its own, then 150 ms samples of each in alternation (A B, B A, ...), in
 * GFLOPS per second of CPU time summed over the JVM's threads when {@code -Dcpu=true} (a product's work whatever
 * share of the cores the other processes leave it; helpers spinning between products count against it), else per
 * second of wall clock. Prints each size's medians and the median of the rounds' ratios B / A.
 *
 * <pre>
 * java -Dcpu=true -Dtinytorch.plain.threads=1 --add-modules=jdk.incubator.vector examples/bench/AbGemm.java \
 *     LIB_DIR_A LIB_DIR_B FLOAT32 9 64 128 256 512 1024 64x512x512
 * </pre>
 *
 * A LIB_DIR may end in {@code @name=value} pairs: system properties set while that build is loaded and runs its first
 * product (read by its classes' static initialisers), then cleared, so that one build can be compared with itself
 * under another setting. LIB_DIR_B {@code -} times A alone. The lib directories are {@code examples/target/tinytorch/lib}
 * of two builds ({@code mvn -o package -DskipTests} in a clone of each revision; see ab-revisions.sh).
 */
public class AbGemm {

    private static final boolean CPU_TIME = Boolean.getBoolean("cpu");
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        String dtype = args[2];
        int rounds = Integer.parseInt(args[3]);
        for (int s = 4; s < args.length; s++) {
            String[] mnk = (args[s].contains("x") ? args[s] : args[s] + "x" + args[s] + "x" + args[s]).split("x");
            int m = Integer.parseInt(mnk[0]);
            int n = Integer.parseInt(mnk[1]);
            int k = Integer.parseInt(mnk[2]);
            Runner a = new Runner(args[0], dtype, m, n, k);
            Runner b = args[1].equals("-") ? null : new Runner(args[1], dtype, m, n, k);
            double flops = 2.0 * m * n * k;
            long warm = System.nanoTime();
            while (System.nanoTime() - warm < 2_000_000_000L) {  // C2 compiles both builds' kernels
                a.run(1);
                if (b != null) {
                    b.run(1);
                }
            }
            int reps = (int) Math.max(1, 0.15 * 50e9 / flops);  // about 150 ms at 50 GFLOPS
            double[] ra = new double[rounds];
            double[] rb = new double[rounds];
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                if (r % 2 == 0 || b == null) {
                    ra[r] = a.gflops(reps, flops);
                    rb[r] = b == null ? 0 : b.gflops(reps, flops);
                } else {
                    rb[r] = b.gflops(reps, flops);
                    ra[r] = a.gflops(reps, flops);
                }
                ratio[r] = b == null ? 0 : rb[r] / ra[r];
            }
            System.out.printf(Locale.ROOT, "%s n=%4s, GFLOPS per %s second: A %6.1f (%.1f-%.1f)  B %6.1f (%.1f-%.1f)"
                    + "  B/A %.2f (%.2f..%.2f)%n", dtype, args[s], CPU_TIME ? "CPU" : "wall", median(ra), min(ra),
                    max(ra), median(rb), min(rb), max(rb), median(ratio), min(ratio), max(ratio));
        }
    }

    private static double min(double[] x) {
        return Arrays.stream(x).min().orElse(0);
    }

    private static double max(double[] x) {
        return Arrays.stream(x).max().orElse(0);
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Nanoseconds of CPU time of every live thread of this JVM. */
    private static long cpuNanos() {
        long sum = 0;
        for (long id : THREADS.getAllThreadIds()) {
            sum += Math.max(0, THREADS.getThreadCpuTime(id));
        }
        return sum;
    }

    /** One build's product, {@code new GemmWorkload(..., m, n, k)} on its plain backend, run through reflection. */
    static final class Runner {
        private final Object task;
        private final Method run;

        Runner(String spec, String dtype, int m, int n, int k) throws Exception {
            String[] parts = spec.split("@");
            List<String> keys = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].split("=", 2);
                System.setProperty(kv[0], kv[1]);
                keys.add(kv[0]);
            }
            List<URL> jars = new ArrayList<>();
            for (File f : new File(parts[0]).listFiles((d, x) -> x.endsWith(".jar"))) {
                jars.add(f.toURI().toURL());
            }
            ClassLoader loader = new URLClassLoader(jars.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
            Thread.currentThread().setContextClassLoader(loader);
            Class<?> ops = loader.loadClass("dev.tinytorch.api.MatrixOps");
            Class<?> type = loader.loadClass("dev.tinytorch.api.DType");
            Object backend = loader.loadClass("dev.tinytorch.api.Backends").getMethod("get", String.class, type)
                    .invoke(null, "plain", type.getMethod("valueOf", String.class).invoke(null, dtype));
            Object workload = loader.loadClass("dev.tinytorch.examples.bench.GemmWorkload")
                    .getConstructor(String.class, boolean.class, boolean.class, int.class, int.class, int.class)
                    .newInstance(m == n && n == k ? "square" : "ab", false, false, m, n, k);
            task = loader.loadClass("dev.tinytorch.examples.bench.Workload").getMethod("prepare", ops)
                    .invoke(workload, backend);
            run = loader.loadClass("dev.tinytorch.examples.bench.Task").getMethod("run", int.class);
            run.setAccessible(true);
            run(1);
            keys.forEach(System::clearProperty);
        }

        void run(int times) throws Exception {
            run.invoke(task, times);
        }

        double gflops(int reps, double flops) throws Exception {
            long start = CPU_TIME ? cpuNanos() : System.nanoTime();
            run(reps);
            return flops * reps / ((CPU_TIME ? cpuNanos() : System.nanoTime()) - start);
        }
    }
}
