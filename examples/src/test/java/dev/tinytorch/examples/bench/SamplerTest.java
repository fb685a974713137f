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
    void rejectsNoSamples() {
        assertThrows(IllegalArgumentException.class, () -> new Sampler(0, 0, 0));
    }
}
