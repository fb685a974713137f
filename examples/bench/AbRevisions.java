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
 * A/B of two builds of the library in one JVM, for a machine too noisy for separate runs: each build's jars in a
 * class loader of its own, the same workload prepared on each, then short timed runs in alternation (A B, B A,
 * A B, ...: on a loaded machine the second run of a pair was consistently slower), so that both see the same load. Prints each round's samples per second and the ratio B / A, then medians.
 * Run by ab-revisions.sh, which builds the two revisions.
 *
 *   java --add-modules=jdk.incubator.vector AbRevisions.java LIB_DIR_A LIB_DIR_B WORKLOAD BACKEND ROUNDS STEPS
 *
 * WORKLOAD is lstm, gru or lenet (RecurrentWorkload.lstm/gru, LeNetWorkload on 8,000 rows) or mlp (the MNIST-size
 * MlpWorkload on 2,048 rows, as PrecisionGemm times it); batches of 64. The precision is -Dtinytorch.dtype's.
 */
public class AbRevisions {

    public static void main(String[] args) throws Exception {
        String workload = args[2];
        String backend = args[3];
        int rounds = Integer.parseInt(args[4]);
        int steps = Integer.parseInt(args[5]);
        Runner a = new Runner(args[0], workload, backend);
        Runner b = new Runner(args[1], workload, backend);
        a.run(steps * 3);  // warm-up: the JIT compiles the hot code of both
        b.run(steps * 3);
        double[] ra = new double[rounds];
        double[] rb = new double[rounds];
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            if (r % 2 == 0) {  // A first, then B first: the second of a pair ran about 0.8x as fast here
                ra[r] = a.samplesPerSecond(steps);
                rb[r] = b.samplesPerSecond(steps);
            } else {
                rb[r] = b.samplesPerSecond(steps);
                ra[r] = a.samplesPerSecond(steps);
            }
            ratio[r] = rb[r] / ra[r];
            System.out.printf(Locale.ROOT, "round %2d: A %8.0f  B %8.0f samples/s  B/A %.2f%n", r + 1, ra[r], rb[r],
                    ratio[r]);
        }
        System.out.printf(Locale.ROOT, "%s on %s, median of %d rounds of %d steps: A %.0f, B %.0f samples/s, "
                + "B/A %.2f (ratios %.2f .. %.2f)%n", workload, backend, rounds, steps, median(ra), median(rb),
                median(ratio), Arrays.stream(ratio).min().orElse(0), Arrays.stream(ratio).max().orElse(0));
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** One build: its workload prepared on its backend, run through reflection. */
    static final class Runner {
        private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
        private final Object task;
        private final Method run;
        private final ClassLoader loader;

        Runner(String libDir, String workload, String backend) throws Exception {
            List<URL> jars = new ArrayList<>();
            for (File f : new File(libDir).listFiles((d, n) -> n.endsWith(".jar"))) {
                jars.add(f.toURI().toURL());
            }
            loader = new URLClassLoader(jars.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(loader);
            try {
                Class<?> ops = loader.loadClass("dev.tinytorch.api.MatrixOps");
                Object backendOps = loader.loadClass("dev.tinytorch.api.Backends").getMethod("get", String.class)
                        .invoke(null, backend);
                Object w = switch (workload) {
                    case "lstm", "gru" -> loader.loadClass("dev.tinytorch.examples.bench.RecurrentWorkload")
                            .getMethod(workload, int.class).invoke(null, 8_000);
                    case "lenet" -> loader.loadClass("dev.tinytorch.examples.bench.LeNetWorkload")
                            .getConstructor(int.class).newInstance(8_000);
                    case "mlp" -> loader.loadClass("dev.tinytorch.examples.bench.MlpWorkload")
                            .getMethod("mnist", int.class).invoke(null, 2_048);
                    default -> throw new IllegalArgumentException("workload: lstm, gru, lenet or mlp, not "
                            + workload);
                };
                Class<?> workloadType = loader.loadClass("dev.tinytorch.examples.bench.Workload");
                task = workloadType.getMethod("prepare", ops).invoke(w, backendOps);
                run = loader.loadClass("dev.tinytorch.examples.bench.Task").getMethod("run", int.class);
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        }

        void run(int steps) throws Exception {
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(loader);
            try {
                run.invoke(task, steps);
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        }

        /**
         * Samples per second of wall-clock time, or with {@code -Dab.cpu=true} of the calling thread's CPU time, which
         * does not count the time the thread waited for a core on a loaded machine; it is all of a step's work only
         * with {@code -Dtinytorch.plain.threads=1}.
         */
        double samplesPerSecond(int steps) throws Exception {
            boolean cpu = Boolean.getBoolean("ab.cpu");
            long start = cpu ? CPU.getCurrentThreadCpuTime() : System.nanoTime();
            run(steps);
            long end = cpu ? CPU.getCurrentThreadCpuTime() : System.nanoTime();
            return 64.0 * steps / ((end - start) / 1e9);
        }
    }
}
