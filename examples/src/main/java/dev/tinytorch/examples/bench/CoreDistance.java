package dev.tinytorch.examples.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far apart two cores are, in nanoseconds: the round trip of one cache line that two threads pass back and
 * forth. The plain backend's two-thread products depend on it, and on a virtual machine it can change from one hour
 * to the next: on the 2-core AMD EPYC it measured 430 to 530 ns at some times (the vCPUs on distant cores: each core
 * ran at full speed, a shared product lost to the traffic) and 65 to 70 ns at others (close, but two single-thread
 * processes then ran at 60 % of their speed each, as if they shared one core). Every comparison run records it, so
 * that figures from different runs can be told apart by it. With one processor, or threads that were descheduled,
 * the figure means nothing; the median of a few repeats keeps one descheduling from deciding it.
 */
final class CoreDistance {

    private static final int PASSES = 200_000;
    private static final int REPEATS = 5;

    private CoreDistance() {
    }

    /** The median round trip, in ns, of {@value #REPEATS} runs of {@value #PASSES} passes each. */
    static double roundTripNanos() {
        return roundTripNanos(PASSES, REPEATS);
    }

    /** The median round trip, in ns, of {@code repeats} runs of {@code passes} passes each. */
    static double roundTripNanos(int passes, int repeats) {
        double[] trips = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            trips[i] = oneRun(passes);
        }
        Arrays.sort(trips);
        return trips[repeats / 2];
    }

    /** One run: the caller writes the even values and waits for the odd ones, a second thread the reverse. */
    private static double oneRun(int passes) {
        AtomicLong line = new AtomicLong();
        Thread partner = new Thread(() -> {
            for (long i = 1; i < 2L * passes; i += 2) {
                while (line.get() != i) {
                    Thread.onSpinWait();
                }
                line.set(i + 1);
            }
        }, "core-distance");
        partner.setDaemon(true);
        partner.start();
        long start = System.nanoTime();
        for (long i = 0; i < 2L * passes; i += 2) {
            while (line.get() != i) {
                Thread.onSpinWait();
            }
            line.set(i + 1);
        }
        while (line.get() != 2L * passes) {
            Thread.onSpinWait();
        }
        double nanos = (System.nanoTime() - start) / (double) passes;
        try {
            partner.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return nanos;
    }
}
