package dev.tinytorch.examples.bench;

import java.util.function.LongSupplier;

/**
 * Times a {@link Task} the way a careful benchmark does by hand: run it until its speed has settled (so the JIT has
 * compiled the hot code and caches and buffers are warm), choose how many operations make one sample long enough
 * for the clock, then take several samples and return the time per operation in each.
 *
 * <p>The warm-up runs the task in windows of growing batches, each about {@code max(sampleNanos, warmupNanos / 20)}
 * long once the batch has grown. It lasts at least {@code warmupNanos}; after that it stops at the first window whose
 * time per operation agrees with the previous window's within {@value #AGREEMENT} of the smaller, or once it has run
 * {@code maxWarmupNanos}. A fixed warm-up is not enough: a training step that runs first in its JVM can still be
 * waiting for C2 after three seconds, at an eighth of its compiled speed.
 *
 * <p>The warm-up can also be asked to run a number of operations before its windows may end it: C2 compiles a method
 * once it has been called and has looped some thousands of times, so whether a kernel is compiled depends on how many
 * operations ran, not on how long, and an uncompiled kernel can run at a steady, slow speed. A product of a new shape
 * can run kernels of its own (plain's GEMM at n = 64 one that n = 32 never called) and deoptimizes the code compiled
 * for the shape before it; on a busy machine the quick plan's 300 ms were a hundred interpreted operations, and its
 * n = 32 and 64 figures came out so.
 *
 * @param warmupNanos    the least warm-up (at least two operations are run regardless)
 * @param sampleNanos    the least duration of one sample; short operations are repeated within a sample to reach it
 * @param samples        how many samples to take
 * @param maxWarmupNanos   the most warm-up, used when the windows never agree (noise, or a task that keeps
 *                         changing) or the operations are not run by then; at least {@code warmupNanos}
 * @param warmupOperations how many operations the warm-up runs before its windows may end it
 */
public record Sampler(long warmupNanos, long sampleNanos, int samples, long maxWarmupNanos, int warmupOperations) {

    /** How closely two consecutive warm-up windows' times per operation must agree to end the warm-up: 3%. */
    public static final double AGREEMENT = 0.03;

    public Sampler {
        if (warmupNanos < 0 || sampleNanos < 0 || samples < 1 || maxWarmupNanos < warmupNanos
                || warmupOperations < 0) {
            throw new IllegalArgumentException("Sampler: need non-negative durations and counts, at least one "
                    + "sample and a maximum warm-up no shorter than the minimum, got warm-up " + warmupNanos + ".."
                    + maxWarmupNanos + " ns and " + warmupOperations + " operations, sample " + sampleNanos
                    + " ns, " + samples + " samples");
        }
    }

    /** A sampler whose warm-up lasts {@code warmupNanos} and no longer, whether or not the windows agree. */
    public Sampler(long warmupNanos, long sampleNanos, int samples) {
        this(warmupNanos, sampleNanos, samples, warmupNanos, 0);
    }

    /** This sampler with a warm-up of at least {@code nanos} (its own if longer), its maximum raised to match. */
    public Sampler warmingUpAtLeast(long nanos) {
        return new Sampler(Math.max(warmupNanos, nanos), sampleNanos, samples, Math.max(maxWarmupNanos, nanos),
                warmupOperations);
    }

    /**
     * What timing a task found.
     *
     * @param nanosPerOperation nanoseconds per operation in each sample, in the order taken
     * @param warmUpWindows     how many windows the warm-up ran
     * @param warmUpNanos       how long the warm-up ran
     * @param settled           whether the warm-up ended on two agreeing windows rather than at its maximum
     */
    public record Timing(double[] nanosPerOperation, int warmUpWindows, long warmUpNanos, boolean settled) {
    }

    /** Nanoseconds per operation in each sample, in the order taken. */
    public double[] nanosPerOperation(Task task) {
        return time(task).nanosPerOperation();
    }

    /** Warms the task up and samples it on the system's clock. */
    public Timing time(Task task) {
        return time(task, System::nanoTime);
    }

    /** Warms the task up and samples it, reading the time from {@code clock} (nanoseconds). */
    Timing time(Task task, LongSupplier clock) {
        long window = Math.max(sampleNanos, warmupNanos / 20);
        long begin = clock.getAsLong();
        int batch = 1;
        long operations = 0;
        int windows = 0;
        double previous = Double.NaN;
        double current;
        boolean settled;
        long spent;
        while (true) {
            long start = clock.getAsLong();
            task.run(batch);
            long end = clock.getAsLong();
            current = (double) (end - start) / batch;
            operations += batch;
            windows++;
            spent = end - begin;
            settled = windows >= 2 && operations >= warmupOperations && agree(previous, current);
            if (windows >= 2 && spent >= warmupNanos && (settled || spent >= maxWarmupNanos)) {
                break;
            }
            if (end - start < window / 2) {
                batch = (int) Math.min(1 << 20, batch * 2L);
            }
            previous = current;
        }
        int repetitions = repetitionsPerSample(current);
        double[] perOperation = new double[samples];
        for (int s = 0; s < samples; s++) {
            long start = clock.getAsLong();
            task.run(repetitions);
            perOperation[s] = (double) (clock.getAsLong() - start) / repetitions;
        }
        return new Timing(perOperation, windows, spent, settled);
    }

    /** Whether two windows' times per operation differ by at most {@link #AGREEMENT} of the smaller. */
    static boolean agree(double a, double b) {
        return Math.abs(a - b) <= AGREEMENT * Math.min(a, b);
    }

    /** Operations per sample: enough to last {@link #sampleNanos} at the given speed, at least one. */
    int repetitionsPerSample(double nanosPerOperation) {
        double wanted = Math.ceil(sampleNanos / Math.max(nanosPerOperation, 1.0));
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, wanted));
    }
}
