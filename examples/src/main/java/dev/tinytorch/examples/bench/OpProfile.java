package dev.tinytorch.examples.bench;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the time of a training step goes, operation by operation: runs a workload's steps on a backend wrapped in a
 * timing proxy and prints, for each operation and shape (e.g. {@code gemm NN 6x25 25x50176}), its calls and
 * microseconds per step, wall-clock and on the calling thread's CPU, and its share of the step's CPU time. On a
 * busy machine the wall-clock times count the time the thread waited for a core; the CPU times do not, and with
 * {@code -Dtinytorch.plain.threads=1} they are all of an operation's work. The proxy adds about a microsecond a
 * call, so the shares of tiny operations are overstated; the untimed samples per second are printed too.
 *
 * <p>Usage: {@code OpProfile [backend [warm-up steps [timed steps [workload]]]]}, the workload {@code lenet} (LeNet-5
 * at batch 64, the default), {@code lstm} or {@code gru} ({@link RecurrentWorkload}) or {@code mlp} (the MNIST-size
 * perceptron, {@link MlpWorkload#mnist}, as {@code PrecisionGemm ... mlp} times it), defaults plain, 300, 300; the
 * precision is {@code -Dtinytorch.dtype}'s, e.g. {@code mvn -B -o -q -pl examples -am package -DskipTests exec:exec -Dbench
 * -Dbench.main=dev.tinytorch.examples.bench.OpProfile -Dbench.args="plain 300 300"}.
 */
public final class OpProfile {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Rows of the {@code mlp} workload's synthetic data: 32 batches, as {@link PrecisionGemm} uses. */
    private static final int MNIST_ROWS = 2_048;

    private final Map<String, long[]> byOp = new HashMap<>();  // key -> {calls, wall nanos, cpu nanos}
    private boolean timing;

    private OpProfile() {
    }

    public static void main(String[] args) {
        String backend = args.length > 0 ? args[0] : "plain";
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        Workload workload = workload(args.length > 3 ? args[3] : "lenet");
        MatrixOps ops = Backends.get(backend);

        Task plain = workload.prepare(ops);
        plain.run(warmUp);
        long start = System.nanoTime();
        plain.run(steps);
        double untimed = (System.nanoTime() - start) / 1e3 / steps;

        OpProfile profile = new OpProfile();
        Task timed = workload.prepare(profile.wrap(ops));
        timed.run(warmUp);
        profile.timing = true;
        long cpu = THREADS.getCurrentThreadCpuTime();
        start = System.nanoTime();
        timed.run(steps);
        double step = (System.nanoTime() - start) / 1e3 / steps;
        double stepCpu = (THREADS.getCurrentThreadCpuTime() - cpu) / 1e3 / steps;
        profile.timing = false;
        System.out.print(profile.report(workload.name() + " on " + ops, steps, step, stepCpu, untimed));
    }

    private static Workload workload(String name) {
        return switch (name) {
            case "lenet" -> new LeNetWorkload(8_000);
            case "lstm" -> RecurrentWorkload.lstm(8_000);
            case "gru" -> RecurrentWorkload.gru(8_000);
            case "mlp" -> MlpWorkload.mnist(MNIST_ROWS);
            default -> throw new IllegalArgumentException("unknown workload '" + name + "', valid: lenet, lstm, gru,"
                    + " mlp");
        };
    }

    /** {@code ops} with every call timed while {@link #timing} is set. */
    private MatrixOps wrap(MatrixOps ops) {
        return (MatrixOps) Proxy.newProxyInstance(MatrixOps.class.getClassLoader(), new Class<?>[] {MatrixOps.class},
                (proxy, method, args) -> {
                    if (!timing || method.getDeclaringClass() == Object.class) {
                        return call(ops, method, args);
                    }
                    long cpu = THREADS.getCurrentThreadCpuTime();
                    long start = System.nanoTime();
                    Object result = call(ops, method, args);
                    long nanos = System.nanoTime() - start;
                    cpu = THREADS.getCurrentThreadCpuTime() - cpu;
                    long[] entry = byOp.computeIfAbsent(key(method, args), k -> new long[3]);
                    entry[0]++;
                    entry[1] += nanos;
                    entry[2] += cpu;
                    return result;
                });
    }

    private static Object call(MatrixOps ops, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(ops, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The method's name, gemm's transposes, and the shapes of its matrix arguments. */
    private static String key(Method method, Object[] args) {
        StringBuilder sb = new StringBuilder(method.getName());
        if (method.getName().equals("gemm")) {
            sb.append(' ').append((Boolean) args[0] ? 'T' : 'N').append((Boolean) args[1] ? 'T' : 'N');
        } else if (args != null && args.length > 0 && args[0] instanceof Enum<?> op) {
            sb.append(' ').append(op.name());
        }
        for (Object arg : args == null ? new Object[0] : args) {
            if (arg instanceof Matrix m) {
                sb.append(' ').append(m.rows()).append('x').append(m.cols());
            }
        }
        return sb.toString();
    }

    private String report(String title, int steps, double stepMicros, double stepCpuMicros, double untimedMicros) {
        List<Map.Entry<String, long[]>> rows = new ArrayList<>(byOp.entrySet());
        rows.sort((a, b) -> Long.compare(b.getValue()[2], a.getValue()[2]));
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: %d timed steps of %.0f us (%.0f samples/s), %.0f us of the caller's"
                + " CPU; untimed %.0f us (%.0f samples/s)%n", title, steps, stepMicros,
                LeNetWorkload.BATCH * 1e6 / stepMicros, stepCpuMicros, untimedMicros,
                LeNetWorkload.BATCH * 1e6 / untimedMicros));
        sb.append(String.format(Locale.ROOT, "%-44s %10s %10s %10s %7s%n", "operation", "calls/step", "us/step",
                "cpu us", "cpu %"));
        for (Map.Entry<String, long[]> row : rows) {
            double cpuMicros = row.getValue()[2] / 1e3 / steps;
            sb.append(String.format(Locale.ROOT, "%-44s %10.1f %10.1f %10.1f %6.1f%%%n", row.getKey(),
                    row.getValue()[0] / (double) steps, row.getValue()[1] / 1e3 / steps, cpuMicros,
                    100 * cpuMicros / stepCpuMicros));
        }
        return sb.toString();
    }
}
