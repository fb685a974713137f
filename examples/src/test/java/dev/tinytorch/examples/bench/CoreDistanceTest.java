package dev.tinytorch.examples.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** {@link CoreDistance} hands the line over every pass and reports a time per round trip. */
class CoreDistanceTest {

    @Test
    void aRoundTripTakesSomeTimeButLessThanAMillisecond() {
        assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "needs two processors");
        double nanos = CoreDistance.roundTripNanos(2_000, 3);
        assertTrue(nanos > 1 && nanos < 1_000_000, "round trip " + nanos + " ns");
    }
}
