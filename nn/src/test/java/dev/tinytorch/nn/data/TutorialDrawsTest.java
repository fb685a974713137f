package dev.tinytorch.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tinytorch.api.Backends;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.random.NumpyRandom;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The public API draws the breast-cancer tutorial's random numbers, in the tutorial's order from one stream: its
 * scikit-learn split, its weights and its composed epoch shuffles. Every expectation is read from
 * {@code tutorial_draws.json}, written by the tutorial itself ({@code nn/src/test/python/tutorial.py --dump}).
 */
class TutorialDrawsTest {

    private static final JsonNode DRAWS = read();
    private static final int TRAINING_ROWS = 455;
    private static final int BATCH = 64;

    private final MatrixOps ops = Backends.getDefault();

    private static JsonNode read() {
        try (InputStream in = TutorialDrawsTest.class.getResourceAsStream("tutorial_draws.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("tutorial_draws.json", e);
        }
    }

    private static int[] ints(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToInt(JsonNode::intValue).toArray();
    }

    /** A {@code rows x cols} matrix of the fixture, flattened in row-major order. */
    private static double[] rowMajor(JsonNode matrix) {
        return StreamSupport.stream(matrix.spliterator(), false)
                .flatMapToDouble(row -> StreamSupport.stream(row.spliterator(), false).mapToDouble(JsonNode::doubleValue))
                .toArray();
    }

    @Test
    void theSplitIsScikitLearnsTrainTestSplit() {
        int[] permutation = ints(DRAWS.get("train_test_split_permutation"));
        Split<int[]> split = TrainValidationSplit.likeScikitLearn(0.2, 9).indices(569);
        assertEquals(114, DRAWS.get("n_test").intValue());
        assertArrayEquals(Arrays.copyOfRange(permutation, 0, 114), split.validation());
        assertArrayEquals(Arrays.copyOfRange(permutation, 114, 569), split.train());
    }

    @Test
    void theScikitLearnSplitRoundsTheValidationPartUp() {
        assertEquals(4, TrainValidationSplit.likeScikitLearn(0.3, 0).indices(11).validation().length);  // ceil(3.3)
        assertEquals(3, new TrainValidationSplit(0.3, 0).indices(11).validation().length);             // round(3.3)
        assertThrows(IllegalArgumentException.class, () -> TrainValidationSplit.likeScikitLearn(0.2, -1));
    }

    @Test
    void weightsAndShufflesComeFromOneStreamInTheTutorialsOrder() {
        NumpyRandom rng = new NumpyRandom(9);
        DataLoader loader = DataLoader.shufflingWith(numbered(TRAINING_ROWS), BATCH, rng).dropLast();
        JsonNode weights = DRAWS.get("weights");
        JsonNode permutations = DRAWS.get("permutations");
        int[] order = IntStream.range(0, TRAINING_ROWS).toArray();

        assertArrayEquals(rowMajor(weights.get(0)), weights(new Linear(30, 1, rng)), 0.0, "Linear(30, 1)");
        for (int epoch = 0; epoch < 10; epoch++) {
            order = compose(order, ints(permutations.get(epoch)));
            assertArrayEquals(Arrays.copyOf(order, 7 * BATCH), epochIds(loader), "epoch " + epoch);
        }
        assertArrayEquals(rowMajor(weights.get(1)), weights(new Linear(30, 20, rng)), 0.0, "Linear(30, 20)");
        assertArrayEquals(rowMajor(weights.get(2)), weights(new Linear(20, 1, rng)), 0.0, "Linear(20, 1)");
        for (int epoch = 10; epoch < 20; epoch++) {  // the same loader continues from its last order
            order = compose(order, ints(permutations.get(epoch)));
            assertArrayEquals(Arrays.copyOf(order, 7 * BATCH), epochIds(loader), "epoch " + epoch);
        }
        assertEquals(20, permutations.size());
    }

    @Test
    void eachEpochPermutesThePreviousOrderWithAnyGenerator() {
        DataLoader loader = DataLoader.shufflingWith(numbered(10), 4, new SplittableRandom(3));
        SplittableRandom same = new SplittableRandom(3);
        int[] order = IntStream.range(0, 10).toArray();
        for (int epoch = 0; epoch < 3; epoch++) {
            int[] permutation = new int[10];
            Permutations.shuffleIdentity(permutation, same);
            order = compose(order, permutation);
            assertArrayEquals(order, epochIds(loader), "epoch " + epoch + ", the last partial batch kept");
        }
    }

    /** {@code X[permutation]} of the rows {@code order} holds. */
    private static int[] compose(int[] order, int[] permutation) {
        return Arrays.stream(permutation).map(i -> order[i]).toArray();
    }

    private double[] weights(Linear layer) {
        return layer.parameters().get(0).ops().toRowMajor(layer.parameters().get(0).value());
    }

    /** Sample i has input i and target i. */
    private Dataset numbered(int n) {
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = new double[] {i};
            y[i] = i;
        }
        return Dataset.of(ops, x, y);
    }

    /** The sample ids one epoch visits, batch after batch. */
    private int[] epochIds(DataLoader loader) {
        return StreamSupport.stream(loader.spliterator(), false)
                .flatMapToInt(batch -> Arrays.stream(ops.toRowMajor(batch.targets())).mapToInt(v -> (int) v))
                .toArray();
    }
}
