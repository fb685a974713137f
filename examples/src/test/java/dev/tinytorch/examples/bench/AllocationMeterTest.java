package dev.tinytorch.examples.bench;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

class AllocationMeterTest {

    private static final int MEGABYTE = 1 << 20;
    private volatile Object kept;  // keeps each allocation observable, so the JIT cannot remove it

    @Test
    void countsWhatTheCallingThreadAllocates() {
        double bytes = AllocationMeter.create().bytesPerOperation(times -> {
            for (int i = 0; i < times; i++) {
                kept = new byte[MEGABYTE];
            }
        }, 10);
        assertTrue(bytes >= MEGABYTE && bytes < 2 * MEGABYTE, "one megabyte per operation, counted " + bytes);
    }

    @Test
    void countsWhatAForkJoinWorkerAllocatesForIt() {
        double bytes = AllocationMeter.create().bytesPerOperation(times -> {
            for (int i = 0; i < times; i++) {
                kept = ForkJoinPool.commonPool().submit(() -> new byte[MEGABYTE]).join();
            }
        }, 10);
        assertTrue(bytes >= MEGABYTE, "the worker's megabyte is counted, got " + bytes);
    }

    @Test
    void needsAtLeastOneOperation() {
        assertThrows(IllegalArgumentException.class, () -> AllocationMeter.create().bytesPerOperation(t -> { }, 0));
    }
}
