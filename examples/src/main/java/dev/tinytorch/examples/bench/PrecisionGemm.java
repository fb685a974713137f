package dev.tinytorch.examples.bench;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.DType;
import dev.tinytorch.api.MatrixOps;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * A backend's square GEMM in float32 against float64, in one process: each round takes one sample of each precision
 * in turn, so that a change of load on a shared machine reaches both alike, and the ratio of the medians is the
 * figure to read, not the GFLOPS themselves.
 *
 * <p>Usage: {@code PrecisionGemm [backend [n | mlp | lenet ...]]} (default: plain, n = 64 256 1024); {@code mlp}
 * adds the MNIST-size training step ({@link MlpWorkload#mnist}, samples per second), {@code lenet} LeNet-5's
 * ({@link LeNetWorkload}), timed the same way.
 */
public final class PrecisionGemm {

    private static final int ROUNDS = 15;
    /** Rows of the MNIST-size workload's synthetic data set: 32 batches (the comparison's 60,000 would take 0.5 GB). */
    private static final int MNIST_ROWS = 2_048;
    /** Rows of LeNet-5's data set, as {@link OpProfile} and {@code ab-revisions.sh} take them. */
    private static final int LENET_ROWS = 8_000;
    /**
     * The first warm-up of each precision and size: long enough for C2 to compile the Vector API kernels on a busy
     * machine (until then they run interpreted, thousands of times slower: 300 ms were not enough at load 10).
     */
    private static final Sampler FIRST = new Sampler(5_000_000_000L, 100_000_000L, 1);
    /** Each round's sample, after a short warm-up of its own (caches, the other precision's buffers). */
    private static final Sampler SAMPLER = new Sampler(50_000_000L, 100_000_000L, 1);

    private PrecisionGemm() {
    }

    public static void main(String[] args) {
        String backend = args.length > 0 ? args[0] : "plain";
        String[] items = args.length > 1 ? Arrays.copyOfRange(args, 1, args.length) : new String[] {"64", "256", "1024"};
        MatrixOps wide = Backends.get(backend, DType.FLOAT64);
        MatrixOps narrow = Backends.get(backend, DType.FLOAT32);
        System.out.printf(Locale.ROOT, "%s in %s and %s, %d rounds; %d cores; load average %.2f before%n", backend,
                wide.dtype(), narrow.dtype(), ROUNDS, Runtime.getRuntime().availableProcessors(), loadAverage());
        for (String item : items) {
            Workload workload = switch (item) {
                case "mlp" -> MlpWorkload.mnist(MNIST_ROWS);
                case "lenet" -> new LeNetWorkload(LENET_ROWS);
                default -> GemmWorkload.square(Integer.parseInt(item));
            };
            Task w = workload.prepare(wide);
            Task f = workload.prepare(narrow);
            FIRST.nanosPerOperation(w);
            FIRST.nanosPerOperation(f);
            double[] wideFigures = new double[ROUNDS];
            double[] narrowFigures = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                wideFigures[round] = workload.metric().of(SAMPLER.nanosPerOperation(w)[0]);
                narrowFigures[round] = workload.metric().of(SAMPLER.nanosPerOperation(f)[0]);
            }
            Stats ws = Stats.of(wideFigures);
            Stats fs = Stats.of(narrowFigures);
            String unit = workload.metric().unit();
            System.out.printf(Locale.ROOT, "%s: float64 %.1f %s (%.1f-%.1f), float32 %.1f %s (%.1f-%.1f),"
                    + " float32/float64 %.2fx%n", workload.name(), ws.median(), unit, ws.min(), ws.max(), fs.median(),
                    unit, fs.min(), fs.max(), fs.median() / ws.median());
        }
        System.out.printf(Locale.ROOT, "load average %.2f after%n", loadAverage());
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
