package dev.tinytorch.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void oddCountHasTheMiddleValueAsMedianWhateverTheOrder() {
        Stats s = Stats.of(5, 1, 4, 2, 3);
        assertEquals(3, s.median());
        assertEquals(1, s.min());
        assertEquals(5, s.max());
        assertEquals(2, s.q1());
        assertEquals(4, s.q3());
        assertEquals(5, s.samples());
    }

    @Test
    void evenCountInterpolatesLikeNumpysDefaultPercentile() {
        // numpy.percentile([1, 2, 3, 4], [25, 50, 75]) == [1.75, 2.5, 3.25]
        Stats s = Stats.of(4, 3, 2, 1);
        assertEquals(2.5, s.median());
        assertEquals(1.75, s.q1());
        assertEquals(3.25, s.q3());
    }

    @Test
    void oneValueIsEverySummary() {
        Stats s = Stats.of(7.5);
        assertEquals(new Stats(7.5, 7.5, 7.5, 7.5, 7.5, 1), s);
    }

    @Test
    void theInputIsNotReordered() {
        double[] values = {3, 1, 2};
        Stats.of(values);
        assertEquals(3, values[0]);
    }

    @Test
    void rejectsNoValuesAndNaN() {
        assertThrows(IllegalArgumentException.class, Stats::of);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Stats.of(1, Double.NaN));
        assertEquals("Stats: a value is NaN in [1.0, NaN]", e.getMessage());
    }
}
