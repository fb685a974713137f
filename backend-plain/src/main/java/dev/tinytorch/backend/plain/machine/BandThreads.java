package dev.tinytorch.backend.plain.machine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Helper threads, one per core beyond the caller's (or as {@value #THREADS_PROPERTY} says), that share the bands of
 * a parallel product with the thread that asked for it. They wait {@value #SPIN_NANOS} ns for the next product
 * before parking, as OpenBLAS's threads do, because waking a parked thread here took longer than half of a 64x784
 * by 784x256 product: through the common fork-join pool the caller usually ran both halves itself. Waits spin for
 * {@value #SPIN_BEFORE_YIELD_NANOS} ns, then yield the core, so that another busy process costs little: with one
 * core taken by another process, the MNIST-size step ran at 0.96x one thread's speed (0.74x when the waits only
 * spun). Bands are claimed from one counter, so a helper that wakes late finds the work done rather than delaying
 * it; the caller always runs the first band itself, so that with one band per thread a core's rows stay on that
 * core from one call to the next on a team of two (a recurrent step's product and cell, see {@code Gemm} and
 * {@code SplitCells}). A second caller that finds the helpers busy runs all its bands itself. Nothing here
 * allocates once the threads have started.
 */
public final class BandThreads {

    /** How long an idle helper keeps spinning before it parks: longer than the gaps inside a training step. */
    static final long SPIN_NANOS = 1_000_000;
    /** How long a wait spins before it starts yielding the core. */
    static final long SPIN_BEFORE_YIELD_NANOS = 20_000;

    /**
     * System property setting how many threads one product may use, the caller's included (1: no helpers); the
     * environment variable {@value #THREADS_ENV} is read when it is unset. The default is one per core.
     */
    static final String THREADS_PROPERTY = "tinytorch.plain.threads";
    /** See {@link #THREADS_PROPERTY}. */
    static final String THREADS_ENV = "TINYTORCH_PLAIN_THREADS";
    private static final int MAX_THREADS = 1024;
    /** Start of every helper thread's name. */
    public static final String HELPER_NAME = "tinytorch-gemm-";

    private static final BandThreads SHARED = new BandThreads(threadCount(
            System.getProperty(THREADS_PROPERTY, System.getenv(THREADS_ENV)),
            Runtime.getRuntime().availableProcessors()));

    private final Helper[] helpers;
    private final AtomicInteger busy = new AtomicInteger();
    /** Generation of the current product in the high half, index of the next unclaimed band in the low half. */
    private final AtomicLong next = new AtomicLong();
    /** Bands of the current product not yet finished. */
    private final AtomicInteger unfinished = new AtomicInteger();
    private volatile long generation;
    private IntConsumer task;
    private int bands;
    private volatile Throwable failure;

    /**
     * A team of {@code threads} threads, the caller's included, whose helpers start with its first shared call. The
     * backend uses {@link #shared()}; tests make teams of other sizes to show that a result does not depend on it.
     */
    public BandThreads(int threads) {
        this.helpers = new Helper[Math.max(0, threads - 1)];
    }

    /** The helpers shared by every product in this process: threads are a resource of the machine, not of a backend. */
    public static BandThreads shared() {
        return SHARED;
    }

    /**
     * The thread count {@code setting} asks for, or {@code cores} when it is unset. A setting that is not a whole
     * number from 1 to {@value #MAX_THREADS} is reported in the log and ignored, as OpenMP does with a bad
     * {@code OMP_NUM_THREADS}: a typo should not stop a training run, nor move it to another backend.
     */
    static int threadCount(String setting, int cores) {
        if (setting == null || setting.isBlank()) {
            return cores;
        }
        try {
            int count = Integer.parseInt(setting.trim());
            if (count >= 1 && count <= MAX_THREADS) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        System.getLogger(BandThreads.class.getName()).log(System.Logger.Level.WARNING, THREADS_PROPERTY + " (or "
                + THREADS_ENV + ") must be a whole number from 1 to " + MAX_THREADS + ", not '" + setting
                + "'; using " + cores + ", one thread per core");
        return cores;
    }

    /** Threads that can work on one product at once, the caller's included. */
    public int threads() {
        return helpers.length + 1;
    }

    /**
     * Runs {@code task.accept(band)} for every band in {@code [0, bands)}, on the caller and the helpers, and
     * returns when all are done, rethrowing what a band threw (one of them, if several did).
     */
    public void run(IntConsumer task, int bands) {
        if (helpers.length == 0 || bands <= 1 || !busy.compareAndSet(0, 1)) {
            for (int band = 0; band < bands; band++) {
                task.accept(band);
            }
            return;
        }
        try {
            startHelpers();
            long gen = generation + 1;
            // Closed first: a helper still looking at the last product must not pair its counter with these fields.
            next.set(gen << 32 | Integer.MAX_VALUE);
            this.task = task;
            this.bands = bands;
            this.failure = null;
            unfinished.set(bands);
            next.set(gen << 32 | 1);  // band 0 is the caller's
            generation = gen;
            for (Helper helper : helpers) {
                if (helper.parked) {
                    LockSupport.unpark(helper);
                }
            }
            runBand(0);
            work(gen);
            long start = System.nanoTime();
            while (unfinished.get() > 0) {
                pause(start);
            }
            this.task = null;
            Throwable thrown = failure;
            if (thrown instanceof Error e) {
                throw e;
            } else if (thrown != null) {
                throw (RuntimeException) thrown;
            }
        } finally {
            busy.set(0);
        }
    }

    /** Claims and runs bands of product {@code gen} until none is left. */
    private void work(long gen) {
        while (true) {
            long claim = next.get();
            if (claim >>> 32 != gen) {
                return;
            }
            int band = (int) claim;
            if (band >= bands) {
                return;
            }
            if (!next.compareAndSet(claim, claim + 1)) {
                continue;
            }
            runBand(band);
        }
    }

    /** Runs one band of the current product, keeping what it throws for the caller. */
    private void runBand(int band) {
        try {
            task.accept(band);
        } catch (Throwable t) {
            failure = t;
        } finally {
            unfinished.decrementAndGet();
        }
    }

    /**
     * One turn of a wait that began at {@code since}: a spin at first, then a yield, which costs a system call when
     * nothing else is waiting for the core, and gives the core away when something is (another process, or a helper
     * that was descheduled holding a band the caller waits for). Public for the waits of a shared product's
     * threads on one another's work (a packed panel).
     */
    public static void pause(long since) {
        if (System.nanoTime() - since < SPIN_BEFORE_YIELD_NANOS) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    private void startHelpers() {
        if (helpers.length == 0 || helpers[0] != null) {
            return;
        }
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = new Helper(i + 1);
            helpers[i].start();
        }
    }

    /** A helper thread: spins while products come often, parks when they stop. */
    private final class Helper extends Thread {
        volatile boolean parked;

        Helper(int number) {
            super(HELPER_NAME + number);
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = generation;
            while (true) {
                long idleSince = System.nanoTime();
                long gen;
                while ((gen = generation) == seen) {
                    if (System.nanoTime() - idleSince < SPIN_NANOS) {
                        pause(idleSince);
                        continue;
                    }
                    parked = true;
                    if (generation == seen) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    idleSince = System.nanoTime();
                }
                seen = gen;
                work(gen);
            }
        }
    }
}
