package dev.tinytorch.nn;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;

/**
 * Heap bytes allocated on every thread while a task runs, and the least over windows of training steps: how the
 * plain backend's zero-allocation tests count the backend's helper threads too and wait for the JIT, which compiles
 * a step's code at its own pace (until it has, plain's Vector API loops run as C1 code that allocates every vector).
 * Skips the calling test on a JVM that does not count allocations per thread.
 */
final class AllThreadsAllocation {

    private static final String TEST_RUNNER_THREADS = "surefire-";
    /**
     * Nanoseconds of windows, at the least, before a test gives up on a clean one, however few windows that is: on a
     * machine with other work on both cores, the JIT's queue behind a whole test suite's methods can take longer
     * than a test's windows (a GRU(3, 8) test allocated in each of its 400 windows of 20 steps at load 10, and
     * passed alone).
     */
    private static final long PATIENCE_NANOS = 30_000_000_000L;

    private final com.sun.management.ThreadMXBean threads;

    AllThreadsAllocation() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "this JVM does not count allocations per thread");
        threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocations per thread");
    }

    /**
     * Runs {@code window} until one run allocates nothing, or until it has run {@code maxWindows} times and for
     * {@link #PATIENCE_NANOS} at least, and returns the least any run allocated (0 once one was clean), less what
     * measuring an empty task costs. Run the window once before, so that the threads it starts are alive, and
     * counted, from the first measured run on.
     */
    long leastOverWindows(Runnable window, int maxWindows) {
        long least = Long.MAX_VALUE;
        long start = System.nanoTime();
        for (int w = 0; least > 0 && (w < maxWindows || System.nanoTime() - start < PATIENCE_NANOS); w++) {
            long overhead = allocatedDuring(() -> { });
            least = Math.min(least, allocatedDuring(window) - overhead);
        }
        return least;
    }

    /**
     * Heap bytes allocated while {@code task} runs, summed over the threads alive before it starts but those of the
     * test runner (Surefire's, which flush its output at their own times).
     */
    private long allocatedDuring(Runnable task) {
        long[] ids = Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
                .filter(info -> info != null && !info.getThreadName().startsWith(TEST_RUNNER_THREADS))
                .mapToLong(ThreadInfo::getThreadId)
                .toArray();
        long[] before = threads.getThreadAllocatedBytes(ids);
        task.run();
        long[] after = threads.getThreadAllocatedBytes(ids);
        long sum = 0;
        for (int i = 0; i < ids.length; i++) {
            if (before[i] >= 0 && after[i] >= 0) {
                sum += after[i] - before[i];
            }
        }
        return sum;
    }
}
