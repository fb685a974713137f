package dev.tinytorch.nn.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * {@link NumpyRandom} returns numpy's legacy {@code RandomState} draws bit for bit: every expectation is read from
 * {@code numpy_draws.json}, recorded from numpy 1.24 by {@code nn/src/test/python/make_numpy_fixtures.py}.
 */
class NumpyRandomTest {

    static final JsonNode DRAWS = read("numpy_draws.json");

    static JsonNode read(String resource) {
        try (InputStream in = NumpyRandomTest.class.getResourceAsStream(resource)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(resource, e);
        }
    }

    static double[] doubles(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToDouble(JsonNode::doubleValue).toArray();
    }

    private static long[] longs(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToLong(JsonNode::longValue).toArray();
    }

    private static int[] ints(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToInt(JsonNode::intValue).toArray();
    }

    /** Exact equality, bit for bit (assertArrayEquals with delta 0 would also accept -0.0 for 0.0). */
    static void assertBitsEqual(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    what + " draw " + i + ": numpy " + expected[i] + ", NumpyRandom " + actual[i]);
        }
    }

    @Test
    void integerSeedsGiveNumpysRaw32BitOutputs() {
        for (Map.Entry<String, JsonNode> seed : DRAWS.get("raw32").properties()) {
            NumpyRandom rng = new NumpyRandom(Long.parseLong(seed.getKey()));
            long[] expected = longs(seed.getValue());
            long[] actual = new long[expected.length];
            for (int i = 0; i < actual.length; i++) {
                actual[i] = rng.nextInt() & 0xFFFFFFFFL;
            }
            assertArrayEquals(expected, actual, "seed " + seed.getKey());
        }
    }

    @Test
    void theStateIsRegeneratedEvery624Outputs() {
        NumpyRandom rng = new NumpyRandom(5489);
        for (int i = 0; i < 1000; i++) {
            rng.nextInt();
        }
        long[] expected = longs(DRAWS.get("raw32_after_1000"));
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], rng.nextInt() & 0xFFFFFFFFL, "output " + (1000 + i));
        }
    }

    @Test
    void nextLongIsTwo32BitOutputsHighWordFirst() {
        long[] raw = longs(DRAWS.get("raw32").get("9"));
        NumpyRandom rng = new NumpyRandom(9);
        assertEquals(raw[0] << 32 | raw[1], rng.nextLong());
        assertEquals(raw[2] << 32 | raw[3], rng.nextLong());
    }

    @Test
    void nextDoubleIsRandomSample() {
        for (Map.Entry<String, JsonNode> seed : DRAWS.get("random_sample").properties()) {
            NumpyRandom rng = new NumpyRandom(Long.parseLong(seed.getKey()));
            double[] expected = doubles(seed.getValue());
            double[] actual = new double[expected.length];
            for (int i = 0; i < actual.length; i++) {
                actual[i] = rng.nextDouble();
            }
            assertBitsEqual(expected, actual, "random_sample, seed " + seed.getKey());
        }
    }

    @Test
    void uniformIsLowPlusRangeTimesRandomSample() {
        assertBitsEqual(doubles(DRAWS.get("uniform_seed3")), new NumpyRandom(3).uniform(-0.3, 0.7, 10),
                "uniform(-0.3, 0.7, 10)");
    }

    @Test
    void consecutiveWeightMatricesContinueTheStream() {
        JsonNode weights = DRAWS.get("uniform_30x20_after_30x1_seed9");
        NumpyRandom rng = new NumpyRandom(9);
        double bound = 1 / Math.sqrt(30);
        assertBitsEqual(doubles(weights.get(0)), rng.uniform(-bound, bound, 30), "uniform(-k, k, (30, 1))");
        assertBitsEqual(doubles(weights.get(1)), rng.uniform(-bound, bound, 600), "then uniform(-k, k, (30, 20))");
    }

    @Test
    void permutationsOfSeveralSizesFollowOneAnother() {
        JsonNode permutation = DRAWS.get("permutation");
        NumpyRandom rng = new NumpyRandom(permutation.get("seed").longValue());
        int[] sizes = ints(permutation.get("n"));
        for (int k = 0; k < sizes.length; k++) {
            assertArrayEquals(ints(permutation.get("values").get(k)), rng.permutation(sizes[k]),
                    "permutation(" + sizes[k] + ")");
        }
    }

    @Test
    void shufflePermutesInPlace() {
        int[] values = new int[20];
        for (int i = 0; i < values.length; i++) {
            values[i] = 100 + i;
        }
        new NumpyRandom(4).shuffle(values);
        assertArrayEquals(ints(DRAWS.get("shuffle_100_to_119_seed4")), values);
    }

    @Test
    void randintUsesMaskedRejectionOn32Or64BitOutputs() {
        for (JsonNode call : DRAWS.get("randint")) {
            long low = call.get("low").longValue();
            long high = call.get("high").longValue();
            NumpyRandom rng = new NumpyRandom(call.get("seed").longValue());
            long[] expected = longs(call.get("values"));
            long[] actual = new long[expected.length];
            for (int i = 0; i < actual.length; i++) {
                actual[i] = rng.randint(low, high);
            }
            assertArrayEquals(expected, actual, "randint(" + low + ", " + high + ")");
        }
    }

    @Test
    void boundedNextIntAndNextLongAreRandint() {
        JsonNode small = DRAWS.get("randint").get(0);  // seed 2, randint(0, 10)
        NumpyRandom ints = new NumpyRandom(2);
        NumpyRandom longs = new NumpyRandom(2);
        for (long expected : longs(small.get("values"))) {
            assertEquals(expected, ints.nextInt(10));
            assertEquals(expected, longs.nextLong(10));
        }
        JsonNode shifted = DRAWS.get("randint").get(1);  // seed 2, randint(-5, 1000)
        NumpyRandom rng = new NumpyRandom(2);
        for (long expected : longs(shifted.get("values"))) {
            assertEquals(expected, rng.nextInt(-5, 1000));
        }
        JsonNode wide = DRAWS.get("randint").get(7);  // seed 11, randint(-2^62, 2^62): 64-bit outputs
        NumpyRandom wideRng = new NumpyRandom(11);
        for (long expected : longs(wide.get("values"))) {
            assertEquals(expected, wideRng.nextLong(-(1L << 62), 1L << 62));
        }
    }

    @Test
    void standardNormalIsLegacyGaussKeepingTheSecondValue() {
        double[] expected = doubles(DRAWS.get("standard_normal_seed9_201"));
        NumpyRandom rng = new NumpyRandom(9);
        double[] actual = new double[expected.length];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = i % 2 == 0 ? rng.nextGaussian() : rng.standardNormal();
        }
        assertBitsEqual(expected, actual, "standard_normal(201)");
    }

    @Test
    void normalScalesAndShiftsStandardNormal() {
        double[] expected = doubles(DRAWS.get("normal_seed5"));
        NumpyRandom rng = new NumpyRandom(5);
        double[] actual = new double[expected.length];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = i < 4 ? rng.normal(2.0, 3.0) : rng.nextGaussian(2.0, 3.0);
        }
        assertBitsEqual(expected, actual, "normal(2, 3, 7)");
    }

    @Test
    void theKeptNormalValueSurvivesOtherDraws() {
        NumpyRandom rng = new NumpyRandom(6);
        double[] actual = {rng.standardNormal(), rng.nextDouble(), rng.standardNormal(), rng.standardNormal(),
                rng.randint(0, 100), rng.standardNormal()};
        assertBitsEqual(doubles(DRAWS.get("interleaved_seed6")), actual, "normal, sample, normal, normal, randint, normal");
    }

    @Test
    void refusesWhatNumpyRefuses() {
        assertThrows(IllegalArgumentException.class, () -> new NumpyRandom(-1));
        assertThrows(IllegalArgumentException.class, () -> new NumpyRandom(1L << 32));
        NumpyRandom rng = new NumpyRandom(0);
        assertThrows(IllegalArgumentException.class, () -> rng.randint(3, 3));
        assertThrows(IllegalArgumentException.class, () -> rng.nextInt(0));
        assertThrows(IllegalArgumentException.class, () -> rng.nextLong(-1));
        assertThrows(IllegalArgumentException.class, () -> rng.permutation(-1));
        assertThrows(IllegalArgumentException.class, () -> rng.normal(0, -1));
        assertThrows(IllegalArgumentException.class, () -> rng.normal(0, Double.NaN));
    }
}
