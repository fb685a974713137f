package dev.tinytorch.backend.plain.f64;

import java.util.function.IntFunction;

/**
 * A scratch array of each thread's, grown on demand: the working space of an operation that runs on several threads
 * (its callers', or the {@code BandThreads} that share its bands), so that a call allocates only while its shapes
 * grow and a training step, whose shapes repeat, allocates nothing. Each thread that asks gets its own array, which
 * grows to the largest size that thread has asked for and is then reused for as long as the thread and this instance
 * live.
 *
 * <p>{@link #get} modifies nothing but the calling thread's array, replacing it when it is too short; it never
 * clears one it reuses, so a caller overwrites or zeroes whatever part it reads. The array's type is a parameter
 * because the float32 copy of this package needs two kinds: arrays of its element type, and the float64 ones
 * ({@code @AlwaysDouble}) that hold the accumulators of {@code WideSums}.
 *
 * @param <A> the array type, such as {@code double[]}
 */
final class ThreadScratch<A> {

    private final IntFunction<A> allocate;
    private final ThreadLocal<Held<A>> held = ThreadLocal.withInitial(Held::new);

    /** Arrays made by {@code allocate}, which returns a new array of the size it is given: {@code double[]::new}. */
    ThreadScratch(IntFunction<A> allocate) {
        this.allocate = allocate;
    }

    /**
     * The calling thread's array, at least {@code size} long: the one it was last given, holding what that use left
     * in it, if that is long enough; otherwise a new one of exactly {@code size} elements, which replaces it.
     */
    A get(int size) {
        Held<A> mine = held.get();
        if (mine.array == null || mine.length < size) {
            mine.array = allocate.apply(size);
            mine.length = size;
        }
        return mine.array;
    }

    /** One thread's array and its length. */
    private static final class Held<A> {
        private A array;
        private int length;
    }
}
