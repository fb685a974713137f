package dev.tinytorch.examples.bench;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.DType;
import dev.tinytorch.api.MatrixOps;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * A backend's training step of the MNIST-size MLP ({@link MlpWorkload#mnist}) in float32 against float64, in one
 * process, as {@link PrecisionGemm} does for products: each round takes one sample of each precision in turn, so
 * that a change of load on a shared machine reaches both alike, and the ratio of the medians is the figure to read.
 *
 * <p>Usage: {@code PrecisionSteps [backend]} (default: plain).
 */
public final class PrecisionSteps {

    private static final int ROUNDS = 15;
    private static final int ROWS = 8_000;
    /** The first warm-up of each precision, long enough for C2 on a busy machine (see {@link PrecisionGemm}). */
    private static final Sampler FIRST = new Sampler(5_000_000_000L, 200_000_000L, 1);
    /** Each round's sample, after a short warm-up of its own. */
    private static final Sampler SAMPLER = new Sampler(100_000_000L, 200_000_000L, 1);

    private PrecisionSteps() {
    }

    public static void main(String[] args) {
        String backend = args.length > 0 ? args[0] : "plain";
        MatrixOps wide = Backends.get(backend, DType.FLOAT64);
        MatrixOps narrow = Backends.get(backend, DType.FLOAT32);
        System.out.printf(Locale.ROOT, "%s in %s and %s, %d rounds; %d cores; load average %.2f before%n", backend,
                wide.dtype(), narrow.dtype(), ROUNDS, Runtime.getRuntime().availableProcessors(), loadAverage());
        MlpWorkload mlp = MlpWorkload.mnist(ROWS);
        Task w = mlp.prepare(wide);
        Task f = mlp.prepare(narrow);
        FIRST.nanosPerOperation(w);
        FIRST.nanosPerOperation(f);
        double[] wideRate = new double[ROUNDS];
        double[] narrowRate = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            wideRate[round] = MlpWorkload.BATCH * 1e9 / SAMPLER.nanosPerOperation(w)[0];
            narrowRate[round] = MlpWorkload.BATCH * 1e9 / SAMPLER.nanosPerOperation(f)[0];
        }
        Stats ws = Stats.of(wideRate);
        Stats fs = Stats.of(narrowRate);
        System.out.printf(Locale.ROOT, "%s: float64 %.0f samples/s (%.0f-%.0f), float32 %.0f samples/s (%.0f-%.0f),"
                + " float32/float64 %.2fx%n", mlp.name(), ws.median(), ws.min(), ws.max(), fs.median(), fs.min(),
                fs.max(), fs.median() / ws.median());
        System.out.printf(Locale.ROOT, "load average %.2f after%n", loadAverage());
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
