package dev.tinytorch.examples.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link CoreDistance} hands the line over every pass (it would wait for ever otherwise) and reports a time per
 * round trip. No upper bound: a round trip took 2.6 ms once on this machine at load 15.
 */
class CoreDistanceTest {

    @Test
    void aRoundTripTakesSomeTime() {
        assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "needs two processors");
        double nanos = CoreDistance.roundTripNanos(2_000, 3);
        assertTrue(nanos > 1 && Double.isFinite(nanos), "round trip " + nanos + " ns");
    }
}
