package dev.tinytorch.examples.bench;

/**
 * Times a {@link Task} the way a careful benchmark does by hand: run it for a while first (so the JIT compiles the
 * hot code and caches and buffers settle), choose how many operations make one sample long enough for the clock,
 * then take several samples and return the time per operation in each.
 *
 * @param warmupNanos how long to run the task before timing it (at least two operations are run regardless)
 * @param sampleNanos the least duration of one sample; short operations are repeated within a sample to reach it
 * @param samples     how many samples to take
 */
public record Sampler(long warmupNanos, long sampleNanos, int samples) {

    public Sampler {
        if (warmupNanos < 0 || sampleNanos < 0 || samples < 1) {
            throw new IllegalArgumentException("Sampler: need non-negative durations and at least one sample, got "
                    + "warm-up " + warmupNanos + " ns, sample " + sampleNanos + " ns, " + samples + " samples");
        }
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

    /** Runs the task for the warm-up time, in growing batches; returns the nanoseconds per operation last seen. */
    private double warmUp(Task task) {
        long deadline = System.nanoTime() + warmupNanos;
        int batch = 1;
        int rounds = 0;
        double perOperation;
        do {
            long start = System.nanoTime();
            task.run(batch);
            long elapsed = System.nanoTime() - start;
            perOperation = (double) elapsed / batch;
            rounds++;
            if (elapsed < warmupNanos / 20) {
                batch = (int) Math.min(1 << 20, batch * 2L);
            }
        } while (rounds < 2 || System.nanoTime() < deadline);
        return perOperation;
    }

    /** Operations per sample: enough to last {@link #sampleNanos} at the given speed, at least one. */
    int repetitionsPerSample(double nanosPerOperation) {
        double wanted = Math.ceil(sampleNanos / Math.max(nanosPerOperation, 1.0));
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, wanted));
    }
}
