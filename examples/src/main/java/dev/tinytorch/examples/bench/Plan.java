package dev.tinytorch.examples.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What one comparison run measures and how long it spends on each figure: the workloads, the sampling, the
 * allocation counts and the sizes of the ND4J-versus-plain crossover sweep.
 *
 * @param workloads         what is measured on every backend, in table order
 * @param sampler           how each product (and the crossover sweep) is warmed up and timed: in the standard
 *                          plans for at least a thousand operations, enough for C2 to compile the kernels of a new
 *                          shape (see {@link Sampler})
 * @param trainingSampler   how each training step is warmed up and timed: longer, since it runs more code, and in
 *                          the standard plans for at least a thousand steps, so that the allocation counts that
 *                          follow find the step's code compiled
 * @param firstWarmupNanos  the least warm-up time of the first workload on each backend and precision, whose kernels
 *                          C2 compiles from cold while the JVM is still busy starting (it also stretches the longest
 *                          warm-up, ten times this, that {@link Sampler#warmupOperations()} may take)
 * @param allocationSteps   operations per allocation count
 * @param allocationRepeats allocation counts per training workload (their median is reported)
 * @param crossoverSizes    square sizes at which the two backends' per-call times are compared
 */
public record Plan(List<Workload> workloads, Sampler sampler, Sampler trainingSampler, long firstWarmupNanos,
                   int allocationSteps, int allocationRepeats, int[] crossoverSizes) {

    /** The crossover sweep's name among the {@link Workload#group() groups} a run can be limited to. */
    public static final String CROSSOVER_GROUP = "crossover";
    /** Every name {@code --workloads} accepts, in table order. */
    public static final List<String> GROUPS = List.of("gemm", "layers", "mlp", "lenet", "lstm", "gru",
            CROSSOVER_GROUP);

    private static final long MS = 1_000_000L;
    /** Operations each product is warmed up for at least (time permitting): C2 compiles by counts, not time. */
    private static final int PRODUCT_WARMUP_OPERATIONS = 1000;
    /**
     * Steps each training step is warmed up for at least (time permitting). A vector loop that a step calls once,
     * such as the loss's on LeNet-5's 64x10 logits, is compiled by C2 only after some 500 to 600 calls (tiered
     * compilation's invocation and back-edge thresholds); until then it runs as C1 code, which allocates every
     * vector (23,040 bytes a LeNet-5 step in float64 for the loss's {@code zip MUL} alone). Three seconds of
     * warm-up are about 330 LeNet-5 steps, so the allocation counts used to start around that compilation.
     */
    private static final int TRAINING_WARMUP_OPERATIONS = 1000;
    private static final int[] SQUARES = {32, 64, 128, 256, 512, 1024};
    private static final int[] CROSSOVER = {1, 4, 8, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 1024};
    /** Rows of the MNIST-size synthetic data, as MNIST's training set. */
    private static final int MNIST_ROWS = 60_000;
    /** Rows of the seed network's synthetic data: 1000 batches, so few steps start an epoch. */
    private static final int SEED_ROWS = 64_000;
    /** Images of the LeNet-5 synthetic data: 125 batches, as many as 8,000 training digits give. */
    private static final int LENET_ROWS = 8_000;

    public Plan {
        workloads = List.copyOf(workloads);
        crossoverSizes = crossoverSizes.clone();
    }

    /**
     * The full comparison: about a minute per backend, and as long again for the crossover sweep. Each figure warms
     * up until its speed settles (see {@link Sampler}), for at least 1 s (products) or 3 s (training steps) and a
     * thousand operations, and at most 10 s or 30 s.
     */
    public static Plan full() {
        return new Plan(standardWorkloads(SQUARES, SEED_ROWS, MNIST_ROWS, LENET_ROWS),
                new Sampler(1000 * MS, 100 * MS, 7, 10_000 * MS, PRODUCT_WARMUP_OPERATIONS),
                new Sampler(3000 * MS, 200 * MS, 7, 30_000 * MS, TRAINING_WARMUP_OPERATIONS), 3000 * MS, 100, 5,
                CROSSOVER);
    }

    /**
     * The same figures with shorter warm-up and fewer, shorter samples: a rough look in about a minute. The
     * training steps keep over a second of warm-up, without which a busy machine times them half-compiled, and
     * wait at most 6 s (products 3 s) for their speed to settle.
     */
    public static Plan quick() {
        return new Plan(standardWorkloads(SQUARES, SEED_ROWS, MNIST_ROWS, LENET_ROWS),
                new Sampler(300 * MS, 40 * MS, 5, 3000 * MS, PRODUCT_WARMUP_OPERATIONS),
                new Sampler(1500 * MS, 100 * MS, 5, 6000 * MS, TRAINING_WARMUP_OPERATIONS), 1000 * MS, 50, 3,
                CROSSOVER);
    }

    /** Every workload at tiny sizes, run once each: for checking that the program works, not for figures. */
    public static Plan smoke() {
        return new Plan(standardWorkloads(new int[] {8}, MlpWorkload.BATCH * 2, MlpWorkload.BATCH * 2,
                LeNetWorkload.BATCH),
                new Sampler(0, 0, 1), new Sampler(0, 0, 1), 0, 1, 1, new int[] {2, 4});
    }

    /**
     * This plan limited to the workloads of {@code groups} (names from {@link #GROUPS}); the crossover sweep only
     * if {@value #CROSSOVER_GROUP} is among them.
     *
     * @throws IllegalArgumentException for a name not in {@link #GROUPS}; the message lists the valid ones
     */
    public Plan only(Collection<String> groups) {
        for (String group : groups) {
            if (!GROUPS.contains(group)) {
                throw new IllegalArgumentException("unknown workload '" + group + "'; valid: "
                        + String.join(", ", GROUPS));
            }
        }
        return new Plan(workloads.stream().filter(w -> groups.contains(w.group())).toList(), sampler,
                trainingSampler, firstWarmupNanos, allocationSteps, allocationRepeats,
                groups.contains(CROSSOVER_GROUP) ? crossoverSizes : new int[0]);
    }

    /**
     * The squares, both networks' products, then both networks' training steps, LeNet-5's and the sequential-MNIST
     * LSTM's and GRU's (on as many images as LeNet-5).
     */
    static List<Workload> standardWorkloads(int[] squares, int seedRows, int mnistRows, int lenetRows) {
        List<Workload> all = new ArrayList<>();
        for (int n : squares) {
            all.add(GemmWorkload.square(n));
        }
        all.addAll(GemmWorkload.mlpStep("seed", MlpWorkload.BATCH, 30, 20, 1));
        all.addAll(GemmWorkload.mlpStep("mnist", MlpWorkload.BATCH, 784, 256, 10));
        all.add(MlpWorkload.seed(seedRows));
        all.add(MlpWorkload.mnist(mnistRows));
        all.add(new LeNetWorkload(lenetRows));
        all.add(RecurrentWorkload.lstm(lenetRows));
        all.add(RecurrentWorkload.gru(lenetRows));
        return all;
    }
}
