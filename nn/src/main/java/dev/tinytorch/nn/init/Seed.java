package dev.tinytorch.nn.init;

import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * The process-wide random generator that layers draw their initial weights from when none is given, like
 * {@code torch.manual_seed}: reseeding it makes a run repeatable.
 *
 * <p>It starts seeded with {@value #DEFAULT_SEED}, so even a program that never calls {@link #manualSeed} builds the
 * same network every time. It is a {@link Random}, so it may be shared between threads.
 */
public final class Seed {

    /** The seed the generator starts with. */
    public static final long DEFAULT_SEED = 42L;

    private static final Random GENERATOR = new Random(DEFAULT_SEED);

    private Seed() {
    }

    /** Restarts the shared generator from {@code seed}; later draws repeat those of any run with the same seed. */
    public static void manualSeed(long seed) {
        GENERATOR.setSeed(seed);
    }

    /** The shared generator; every caller gets the same instance, so reseeding affects them all. */
    public static RandomGenerator generator() {
        return GENERATOR;
    }
}
