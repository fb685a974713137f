package dev.tinytorch.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

class SamplerTest {

    private static final long MS = 1_000_000L;
    private static final long S = 1000 * MS;

    /** A task on a fake clock: each operation advances it by {@code cost} of the operation's index. */
    private static class FakeTask implements Task {
        final long[] now = new long[1];
        final LongUnaryOperator cost;
        long operations;

        FakeTask(LongUnaryOperator cost) {
            this.cost = cost;
        }

        @Override
        public void run(int times) {
            for (int i = 0; i < times; i++) {
                now[0] += cost.applyAsLong(operations++);
            }
        }

        Sampler.Timing timeWith(Sampler sampler) {
            return sampler.time(this, () -> now[0]);
        }
    }

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
    void waitsPastTheMinimumUntilTheSpeedSettles() {
        // erratic until 5 s of fake time have passed, 80 or 130 us an operation by turns from one call to the
        // next; then compiled, 10 us each
        FakeTask task = new FakeTask(null) {
            private int calls;

            @Override
            public void run(int times) {
                for (int i = 0; i < times; i++) {
                    now[0] += now[0] < 5 * S ? (calls % 2 == 0 ? 80_000 : 130_000) : 10_000;
                    operations++;
                }
                calls++;
            }
        };
        Sampler.Timing timing = task.timeWith(new Sampler(3 * S, 200 * MS, 3, 30 * S, 0));
        assertTrue(timing.settled());
        assertTrue(timing.warmUpNanos() > 5 * S && timing.warmUpNanos() < 6 * S,
                "ended in the second window after the change, got " + timing.warmUpNanos() + " ns");
        for (double sample : timing.nanosPerOperation()) {
            assertEquals(10_000, sample, 1e-9, "the samples see only the compiled speed");
        }
    }

    @Test
    void aSteadyTaskStopsAtTheMinimum() {
        FakeTask task = new FakeTask(op -> 50_000);
        Sampler.Timing timing = task.timeWith(new Sampler(3 * S, 200 * MS, 1, 30 * S, 0));
        assertTrue(timing.settled());
        assertTrue(timing.warmUpNanos() >= 3 * S && timing.warmUpNanos() < 3 * S + 200 * MS,
                "one window past the minimum at most, got " + timing.warmUpNanos() + " ns");
    }

    @Test
    void windowsThatNeverAgreeStopAtTheMaximum() {
        // every operation outlasts a window, so each is a window of its own: 200 and 250 ms by turns
        FakeTask task = new FakeTask(op -> 200 * MS + (op % 2) * 50 * MS);
        Sampler.Timing timing = task.timeWith(new Sampler(1 * S, 100 * MS, 1, 10 * S, 0));
        assertFalse(timing.settled());
        assertTrue(timing.warmUpNanos() >= 10 * S && timing.warmUpNanos() < 10 * S + 250 * MS,
                "stopped in the window reaching the maximum, got " + timing.warmUpNanos() + " ns");
        assertEquals(task.operations - 1, timing.warmUpWindows(), "one operation a window, plus the sample");
    }

    @Test
    void aSteadyTaskStillRunsTheAskedOperations() {
        // steady at 1 ms an operation: settled at once, but 5,000 operations take 5 s of fake time
        FakeTask task = new FakeTask(op -> MS);
        Sampler.Timing timing = task.timeWith(new Sampler(1 * S, 100 * MS, 1, 30 * S, 5000));
        assertTrue(timing.settled());
        assertTrue(task.operations >= 5000 + 1, "5,000 warm-up operations and a sample, got " + task.operations);
        assertTrue(timing.warmUpNanos() < 6 * S, "then stopped, got " + timing.warmUpNanos() + " ns");
    }

    @Test
    void givesUpTheAskedOperationsAtTheMaximum() {
        FakeTask task = new FakeTask(op -> MS);
        Sampler.Timing timing = task.timeWith(new Sampler(1 * S, 100 * MS, 1, 2 * S, 1_000_000));
        assertFalse(timing.settled());
        assertTrue(timing.warmUpNanos() >= 2 * S && timing.warmUpNanos() < 3 * S, "got " + timing.warmUpNanos());
    }

    @Test
    void lengthensOnlyAShorterWarmUp() {
        assertEquals(new Sampler(5, 1, 2, 5, 3), new Sampler(4, 1, 2, 4, 3).warmingUpAtLeast(5));
        assertEquals(new Sampler(6, 1, 2, 9, 3), new Sampler(6, 1, 2, 9, 3).warmingUpAtLeast(5));
    }

    @Test
    void aFixedWarmUpEndsAtItsLengthAgreeingOrNot() {
        FakeTask task = new FakeTask(op -> 200 * MS + (op % 2) * 50 * MS);
        Sampler.Timing timing = task.timeWith(new Sampler(1 * S, 100 * MS, 1));
        assertTrue(timing.warmUpNanos() >= 1 * S && timing.warmUpNanos() < 1 * S + 250 * MS,
                "got " + timing.warmUpNanos() + " ns");
    }

    @Test
    void windowsAgreeWithinThreePercentOfTheSmaller() {
        assertTrue(Sampler.agree(100, 102.9));
        assertTrue(Sampler.agree(102.9, 100));
        assertFalse(Sampler.agree(100, 103.5));
        assertTrue(Sampler.agree(0, 0), "a task too quick for the clock has settled");
        assertFalse(Sampler.agree(Double.NaN, 1));
    }

    @Test
    void repeatsShortOperationsToFillASample() {
        Sampler sampler = new Sampler(0, 1_000_000, 1);
        assertEquals(1000, sampler.repetitionsPerSample(1000.0));
        assertEquals(1, sampler.repetitionsPerSample(5e6), "a long operation is run once per sample");
        assertEquals(1_000_000, sampler.repetitionsPerSample(0.0), "a zero reading counts as a nanosecond");
    }

    @Test
    void rejectsNoSamplesAMaximumBelowTheMinimumAndNegativeOperations() {
        assertThrows(IllegalArgumentException.class, () -> new Sampler(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sampler(2 * S, 0, 1, S, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sampler(0, 0, 1, 0, -1));
    }
}
