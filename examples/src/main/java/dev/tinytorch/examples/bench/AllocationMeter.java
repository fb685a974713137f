package dev.tinytorch.examples.bench;

import java.lang.management.ManagementFactory;

/**
 * Counts the heap bytes an operation allocates, summed over <em>every</em> thread of the JVM.
 *
 * <p>{@link com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long)} counts one thread; the current thread's
 * counter alone would miss what a backend allocates on the worker threads of a fork-join pool (the plain backend
 * splits large products over the common pool). So the counters of all live threads are summed before and after
 * the operations; a thread that ends in between is left out of the count, one that starts is counted from zero.
 * What the meter itself allocates is measured once on an empty run and subtracted. Off-heap memory (ND4J's
 * buffers) is not heap and is not counted.
 */
public final class AllocationMeter {

    private final com.sun.management.ThreadMXBean threads;

    private AllocationMeter(com.sun.management.ThreadMXBean threads) {
        this.threads = threads;
    }

    /**
     * The meter of this JVM.
     *
     * @throws UnsupportedOperationException if the JVM does not count allocations per thread
     */
    public static AllocationMeter create() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean)
                || !bean.isThreadAllocatedMemorySupported()) {
            throw new UnsupportedOperationException("this JVM does not count allocated bytes per thread");
        }
        bean.setThreadAllocatedMemoryEnabled(true);
        return new AllocationMeter(bean);
    }

    /** Heap bytes allocated per operation, over {@code times} operations of {@code task}, on all threads. */
    public double bytesPerOperation(Task task, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("AllocationMeter: need at least one operation, got " + times);
        }
        long overhead = allocatedDuring(none -> { }, 0);
        long total = allocatedDuring(task, times);
        return Math.max(0, total - overhead) / (double) times;
    }

    private long allocatedDuring(Task task, int times) {
        long[] idsBefore = threads.getAllThreadIds();
        long[] before = threads.getThreadAllocatedBytes(idsBefore);
        task.run(times);
        long[] idsAfter = threads.getAllThreadIds();
        long[] after = threads.getThreadAllocatedBytes(idsAfter);
        long sum = 0;
        for (int i = 0; i < idsAfter.length; i++) {
            if (after[i] < 0) {
                continue;  // ended between the two calls
            }
            sum += after[i] - previous(idsAfter[i], idsBefore, before);
        }
        return sum;
    }

    /** The count {@code before} holds for thread {@code id}, or 0 for a thread that started since. */
    private static long previous(long id, long[] ids, long[] before) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == id) {
                return Math.max(0, before[i]);
            }
        }
        return 0;
    }
}
