package dev.tinytorch.nn.random;

import java.util.random.RandomGenerator;

/**
 * numpy's legacy random stream ({@code numpy.random.RandomState}, the Mersenne Twister MT19937) in Java, so that a
 * program written from a numpy tutorial can draw exactly the tutorial's weights, shuffles and splits, and print
 * its numbers digit for digit.
 *
 * <p>{@code new NumpyRandom(s)} is {@code np.random.RandomState(s)} (and the global stream after
 * {@code np.random.seed(s)}) for an integer seed {@code 0 <= s < 2^32}: MT19937 initialised by
 * {@code init_genrand}. These methods then return what numpy returns, draw for draw, and consume the stream as
 * numpy does, so they may be interleaved in any order:
 * <ul>
 *   <li>{@link #nextDouble()}: {@code random_sample()}, {@code ((a >>> 5) * 2^26 + (b >>> 6)) / 2^53} from two
 *       32-bit outputs {@code a}, {@code b};</li>
 *   <li>{@link #uniform(double, double)}: {@code uniform(low, high)}, {@code low + (high - low) * random_sample()};
 *       an array of them is drawn in row-major order, so {@code fillUniform} of a {@code rows x cols} matrix is
 *       {@code uniform(low, high, (rows, cols))};</li>
 *   <li>{@link #randint(long, long)}, {@link #nextInt(int)}, {@link #nextInt(int, int)},
 *       {@link #nextLong(long)}, {@link #nextLong(long, long)}: {@code randint(low, high)}, drawing the offset from
 *       {@code low} by masked rejection (the smallest all-ones mask covering {@code high - 1 - low}, redrawn while
 *       above it) on 32-bit outputs when the range fits in 32 bits, on 64-bit outputs otherwise;</li>
 *   <li>{@link #permutation(int)} and {@link #shuffle(int[])}: {@code permutation(n)} and {@code shuffle(x)},
 *       swapping each index {@code i} from the last down to 1 with {@code randint(0, i + 1)};</li>
 *   <li>{@link #nextGaussian()} ({@link #standardNormal()}) and {@link #normal(double, double)}: the legacy
 *       {@code standard_normal()} and {@code normal(loc, scale)}, the polar Box-Muller method that makes two
 *       values at a time and keeps the second for the next call;</li>
 *   <li>{@link #nextInt()} and {@link #nextLong()}: the raw 32-bit output (as a signed int) and two of them, high
 *       word first, as numpy's 64-bit output.</li>
 * </ul>
 * The other {@link RandomGenerator} methods ({@code nextFloat}, {@code nextBoolean}, ...) keep their default
 * definitions over these and have no numpy counterpart. Bit-for-bit equality with numpy is tested against draws
 * recorded from numpy 1.24 (the stream has been frozen since numpy 1.17 for backward compatibility). One caveat
 * for the normal draws: numpy takes {@code log} from the C library, this class the correctly rounded logarithm
 * ({@link RoundedLog}, the same on every JVM); the GNU C library's is one unit in the last place off for about one
 * argument in 1,300, and then that pair of normal values may differ from numpy's in its last bits (85 of the first
 * 200,000 normals of seed 1 did, by at most 2 ulps; about 200 ns a normal value).
 *
 * <p>A generator is not safe for use by several threads at once (numpy's holds a lock; give each thread its own).
 */
public final class NumpyRandom implements RandomGenerator {

    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;
    private static final long MAX_SEED = 0xFFFFFFFFL;

    private final int[] key = new int[N];
    private int pos;
    private boolean hasGauss;
    private double gauss;

    /**
     * The stream of {@code np.random.RandomState(seed)}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= seed <= 2^32 - 1}, numpy's range for an integer seed
     */
    public NumpyRandom(long seed) {
        if (seed < 0 || seed > MAX_SEED) {
            throw new IllegalArgumentException("NumpyRandom: the seed must be between 0 and 2^32 - 1 as in numpy,"
                    + " got " + seed);
        }
        int s = (int) seed;
        for (int i = 0; i < N; i++) {
            key[i] = s;
            s = 1812433253 * (s ^ (s >>> 30)) + i + 1;  // init_genrand, modulo 2^32 by int overflow
        }
        pos = N;
    }

    /** The next 32-bit output of MT19937, its bits as a signed int ({@code & 0xFFFFFFFFL} gives numpy's value). */
    @Override
    public int nextInt() {
        if (pos == N) {
            generate();
        }
        int y = key[pos++];
        y ^= y >>> 11;  // tempering
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    /** Refills the state with the next 624 words. */
    private void generate() {
        int i = 0;
        for (; i < N - M; i++) {
            key[i] = key[i + M] ^ twist(key[i], key[i + 1]);
        }
        for (; i < N - 1; i++) {
            key[i] = key[i + M - N] ^ twist(key[i], key[i + 1]);
        }
        key[N - 1] = key[M - 1] ^ twist(key[N - 1], key[0]);
        pos = 0;
    }

    private static int twist(int upper, int lower) {
        int y = (upper & UPPER_MASK) | (lower & LOWER_MASK);
        return (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }

    private long nextUnsigned32() {
        return nextInt() & 0xFFFFFFFFL;
    }

    /** Two 32-bit outputs, the first in the high word: numpy's {@code next_uint64} for MT19937. */
    @Override
    public long nextLong() {
        long high = nextUnsigned32();
        return high << 32 | nextUnsigned32();
    }

    /** {@code random_sample()}: a double in {@code [0, 1)} with 53 random bits, from two 32-bit outputs. */
    @Override
    public double nextDouble() {
        long a = nextUnsigned32() >>> 5;
        long b = nextUnsigned32() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** {@code uniform(low, high)}: {@code low + (high - low) * random_sample()}. */
    public double uniform(double low, double high) {
        return low + (high - low) * nextDouble();
    }

    /** {@code uniform(low, high, size)}: {@code size} draws of {@link #uniform(double, double)}, in order. */
    public double[] uniform(double low, double high, int size) {
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = uniform(low, high);
        }
        return values;
    }

    /**
     * {@code randint(low, high)}: an integer in {@code [low, high)}, by numpy's masked rejection.
     *
     * @throws IllegalArgumentException unless {@code low < high}
     */
    public long randint(long low, long high) {
        if (low >= high) {
            throw new IllegalArgumentException("NumpyRandom.randint: low must be below high, got low=" + low
                    + ", high=" + high);
        }
        return low + interval(high - 1 - low);
    }

    /**
     * A value in {@code [0, max]}, {@code max} read as unsigned: numpy's {@code random_bounded_uint64} with the
     * masked method (legacy {@code randint}); ranges that fit in 32 bits use 32-bit outputs.
     */
    private long interval(long max) {
        if (max == 0) {
            return 0;
        }
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        mask |= mask >>> 32;
        long value;
        if (Long.compareUnsigned(max, 0xFFFFFFFFL) <= 0) {
            do {
                value = nextUnsigned32() & mask;
            } while (value > max);
        } else {
            do {
                value = nextLong() & mask;
            } while (Long.compareUnsigned(value, max) > 0);
        }
        return value;
    }

    /** {@code randint(0, bound)}. */
    @Override
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("NumpyRandom.nextInt: the bound must be positive, got " + bound);
        }
        return (int) interval(bound - 1L);
    }

    /** {@code randint(origin, bound)}. */
    @Override
    public int nextInt(int origin, int bound) {
        return (int) randint(origin, bound);
    }

    /** {@code randint(0, bound)}. */
    @Override
    public long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("NumpyRandom.nextLong: the bound must be positive, got " + bound);
        }
        return interval(bound - 1);
    }

    /** {@code randint(origin, bound)}; the range {@code bound - origin} may exceed {@code Long.MAX_VALUE}. */
    @Override
    public long nextLong(long origin, long bound) {
        return randint(origin, bound);
    }

    /** {@code permutation(n)}: {@code 0 .. n-1} shuffled by {@link #shuffle(int[])}. */
    public int[] permutation(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("NumpyRandom.permutation: n must not be negative, got " + n);
        }
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        shuffle(values);
        return values;
    }

    /**
     * {@code shuffle(values)}: for {@code i} from the last index down to 1, swaps {@code values[i]} with
     * {@code values[randint(0, i + 1)]}.
     *
     * @param values shuffled in place
     */
    public void shuffle(int[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = (int) interval(i);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }

    /**
     * The legacy {@code standard_normal()} ({@code gauss}): a value kept from the previous call if there is one,
     * otherwise the polar Box-Muller method on a pair of {@code random_sample()} draws, returning one of the two
     * normal values it makes and keeping the other.
     */
    @Override
    public double nextGaussian() {
        if (hasGauss) {
            hasGauss = false;
            return gauss;
        }
        double x1;
        double x2;
        double r2;
        do {
            x1 = 2.0 * nextDouble() - 1.0;
            x2 = 2.0 * nextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.sqrt(-2.0 * RoundedLog.log(r2) / r2);
        gauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    /** {@code standard_normal()}, the same as {@link #nextGaussian()}. */
    public double standardNormal() {
        return nextGaussian();
    }

    /**
     * The legacy {@code normal(loc, scale)}: {@code loc + scale * standard_normal()}.
     *
     * @throws IllegalArgumentException if {@code scale} is negative or NaN, as numpy refuses it
     */
    public double normal(double loc, double scale) {
        if (!(scale >= 0)) {
            throw new IllegalArgumentException("NumpyRandom.normal: scale must be non-negative, got " + scale);
        }
        return loc + scale * nextGaussian();
    }

    /** {@link #normal(double, double)}: {@code mean + stddev * standard_normal()}. */
    @Override
    public double nextGaussian(double mean, double stddev) {
        return normal(mean, stddev);
    }

    @Override
    public String toString() {
        return "NumpyRandom[MT19937, numpy's legacy RandomState stream]";
    }
}
