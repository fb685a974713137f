package dev.tinytorch.nn.data;

import java.util.random.RandomGenerator;

/** The one shuffle that loaders and splits share, so that a seed means the same permutation in both. */
final class Permutations {

    private Permutations() {
    }

    /** Overwrites {@code order} with {@code 0 .. n-1} in a uniformly random order (Fisher-Yates) drawn from {@code rng}. */
    static void shuffleIdentity(int[] order, RandomGenerator rng) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }
}
