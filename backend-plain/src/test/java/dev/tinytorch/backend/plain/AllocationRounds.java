package dev.tinytorch.backend.plain;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tinytorch.backend.plain.machine.BandThreads;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;

/**
 * Runs rounds of a step until one round allocates nothing, and fails with the bytes of the last round if none does
 * within the cap: how the allocation tests wait for the JIT without a time limit. Skips the test on a JVM that does
 * not count allocations per thread.
 */
final class AllocationRounds {

    private AllocationRounds() {
    }

    /**
     * Asserts that some round of {@code stepsPerRound} steps, within {@code maxRounds} rounds, allocates nothing on
     * this thread and, if {@code withHelpers}, on the helper threads of {@link BandThreads}.
     */
    static void assertSomeRoundAllocatesNothing(Runnable step, int stepsPerRound, int maxRounds,
                                                boolean withHelpers) {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "this JVM does not count allocations per thread");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        long self = Thread.currentThread().getId();
        long allocated = -1;
        for (int round = 0; round < maxRounds && allocated != 0; round++) {
            long[] workers = withHelpers ? helpers(threads) : new long[0];
            // The arrays of workers' counts are made on this thread: outside its own count.
            long[] workersBefore = threads.getThreadAllocatedBytes(workers);
            long before = threads.getThreadAllocatedBytes(self);
            for (int i = 0; i < stepsPerRound; i++) {
                step.run();
            }
            allocated = threads.getThreadAllocatedBytes(self) - before;
            long[] workersAfter = threads.getThreadAllocatedBytes(workers);
            for (int t = 0; t < workers.length; t++) {
                allocated += workersAfter[t] - workersBefore[t];
            }
        }
        if (allocated != 0) {
            fail("after " + maxRounds * stepsPerRound + " steps, " + stepsPerRound + " steps still allocate "
                    + allocated + " bytes on this thread" + (withHelpers ? " and the helper threads" : ""));
        }
    }

    /** The helper threads alive now. */
    private static long[] helpers(com.sun.management.ThreadMXBean threads) {
        return Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
                .filter(info -> info != null && info.getThreadName().startsWith(BandThreads.HELPER_NAME))
                .mapToLong(ThreadInfo::getThreadId)
                .toArray();
    }
}
