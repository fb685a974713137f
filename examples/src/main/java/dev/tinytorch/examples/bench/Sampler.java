package dev.tinytorch.examples.bench;

/**
 * Times a {@link Task} the way a careful benchmark does by hand: run it for a while first (so the JIT compiles the
 * hot code and caches and buffers settle), choose how many operations make one sample long enough for the clock,
 * then take several samples and return the time per operation in each.
 *
 * <p>The warm-up can also be asked to run a number of operations, for up to {@value #MAX_WARMUP_FACTOR} times
 * {@code warmupNanos}: C2 compiles a method once it has been called and has looped some thousands of times, so
 * whether a kernel is compiled depends on how many operations ran, not on how long. A product of a new shape can run
 * kernels of its own (plain's GEMM at n = 64 one that n = 32 never called) and deoptimizes the code compiled for the
 * shape before it; until C2 has compiled them, the Vector API runs interpreted, hundreds of times slower, and on a
 * busy machine the quick plan's 300 ms were a hundred such operations: its n = 32 and 64 figures came out so. A task
 * that is fast already reaches the count within {@code warmupNanos}; only slow ones (uncompiled, or large, like a
 * GEMM at n = 512) are warmed up longer.
 *
 * @param warmupNanos       how long to run the task before timing it, at least (at least two operations are run
 *                          regardless)
 * @param sampleNanos       the least duration of one sample; short operations are repeated within a sample to
 *                          reach it
 * @param samples           how many samples to take
 * @param warmupOperations  how many operations the warm-up runs at least, unless that takes over
 *                          {@value #MAX_WARMUP_FACTOR} times {@code warmupNanos}
 */
public record Sampler(long warmupNanos, long sampleNanos, int samples, int warmupOperations) {

    /** The longest warm-up, as a multiple of {@code warmupNanos}, when it has not yet run its operations. */
    public static final int MAX_WARMUP_FACTOR = 10;

    public Sampler {
        if (warmupNanos < 0 || sampleNanos < 0 || samples < 1 || warmupOperations < 0) {
            throw new IllegalArgumentException("Sampler: need non-negative durations and counts and at least one "
                    + "sample, got warm-up " + warmupNanos + " ns and " + warmupOperations + " operations, sample "
                    + sampleNanos + " ns, " + samples + " samples");
        }
    }

    /** A sampler whose warm-up is {@code warmupNanos} only, however few operations that runs. */
    public Sampler(long warmupNanos, long sampleNanos, int samples) {
        this(warmupNanos, sampleNanos, samples, 0);
    }

    /** This sampler with a warm-up time of at least {@code nanos} (its own if longer). */
    public Sampler warmingUpAtLeast(long nanos) {
        return new Sampler(Math.max(warmupNanos, nanos), sampleNanos, samples, warmupOperations);
    }

    /** Nanoseconds per operation in each sample, in the order taken. */
    public double[] nanosPerOperation(Task task) {
        int repetitions = repetitionsPerSample(warmUp(task));
        double[] perOperation = new double[samples];
        for (int s = 0; s < samples; s++) {
            long start = System.nanoTime();
            task.run(repetitions);
            perOperation[s] = (double) (System.nanoTime() - start) / repetitions;
        }
        return perOperation;
    }

    /**
     * Runs the task in growing batches for the warm-up time and at least {@link #warmupOperations} operations (but no
     * longer than {@value #MAX_WARMUP_FACTOR} warm-up times); returns the nanoseconds per operation last seen.
     */
    private double warmUp(Task task) {
        long start = System.nanoTime();
        long operations = 0;
        int batch = 1;
        int rounds = 0;
        double perOperation;
        long warm;
        do {
            long batchStart = System.nanoTime();
            task.run(batch);
            long now = System.nanoTime();
            perOperation = (double) (now - batchStart) / batch;
            operations += batch;
            rounds++;
            if (now - batchStart < warmupNanos / 20) {
                batch = (int) Math.min(1 << 20, batch * 2L);
            }
            warm = now - start;
        } while (rounds < 2 || warm < warmupNanos
                || operations < warmupOperations && warm < MAX_WARMUP_FACTOR * warmupNanos);
        return perOperation;
    }

    /** Operations per sample: enough to last {@link #sampleNanos} at the given speed, at least one. */
    int repetitionsPerSample(double nanosPerOperation) {
        double wanted = Math.ceil(sampleNanos / Math.max(nanosPerOperation, 1.0));
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, wanted));
    }
}
