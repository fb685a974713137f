package dev.tinytorch.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SamplerTest {

    @Test
    void takesTheAskedNumberOfSamplesAfterAtLeastTwoWarmUpOperations() {
        int[] calls = new int[1];
        double[] samples = new Sampler(0, 0, 4).nanosPerOperation(times -> calls[0] += times);
        assertEquals(4, samples.length);
        assertTrue(calls[0] >= 2 + 4, "warm-up and samples ran the task, got " + calls[0] + " operations");
        for (double s : samples) {
            assertTrue(s >= 0);
        }
    }

    @Test
    void repeatsShortOperationsToFillASample() {
        Sampler sampler = new Sampler(0, 1_000_000, 1);
        assertEquals(1000, sampler.repetitionsPerSample(1000.0));
        assertEquals(1, sampler.repetitionsPerSample(5e6), "a long operation is run once per sample");
        assertEquals(1_000_000, sampler.repetitionsPerSample(0.0), "a zero reading counts as a nanosecond");
    }

    @Test
    void warmsUpForTheAskedOperationsPastTheWarmUpTime() {
        int[] calls = new int[1];
        // 20 ms are at most 20 operations of a millisecond or more; 40 fit in ten warm-up times unless one takes 5 ms
        new Sampler(20_000_000, 0, 1, 40).nanosPerOperation(times -> calls[0] += sleepMilliseconds(times));
        assertTrue(calls[0] >= 40 + 1, "40 warm-up operations and a sample, got " + calls[0]);
    }

    @Test
    void givesUpTheWarmUpOperationsAfterTenWarmUpTimes() {
        int[] calls = new int[1];
        // a million operations of a millisecond would take 17 minutes
        new Sampler(5_000_000, 0, 1, 1_000_000).nanosPerOperation(times -> calls[0] += sleepMilliseconds(times));
        assertTrue(calls[0] < 1000, "stopped after about " + Sampler.MAX_WARMUP_FACTOR + " x 5 ms, got " + calls[0]
                + " operations");
    }

    @Test
    void lengthensOnlyAShorterWarmUp() {
        assertEquals(new Sampler(5, 1, 2, 3), new Sampler(4, 1, 2, 3).warmingUpAtLeast(5));
        assertEquals(new Sampler(6, 1, 2, 3), new Sampler(6, 1, 2, 3).warmingUpAtLeast(5));
    }

    @Test
    void rejectsNoSamples() {
        assertThrows(IllegalArgumentException.class, () -> new Sampler(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sampler(0, 0, 1, -1));
    }

    /** An operation of at least a millisecond, {@code times} times; returns {@code times}. */
    private static int sleepMilliseconds(int times) {
        try {
            for (int i = 0; i < times; i++) {
                Thread.sleep(1);
            }
            return times;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
