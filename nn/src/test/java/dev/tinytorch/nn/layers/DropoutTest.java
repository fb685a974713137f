package dev.tinytorch.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Fixtures;
import dev.tinytorch.nn.GradientChecker;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.WeightedSumLoss;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class DropoutTest {

    private final MatrixOps ops = Backends.getDefault();

    @Test
    void gradientsMatchFiniteDifferencesInEvaluationMode() {
        Random rng = new Random(101);
        Matrix x = Fixtures.uniform(ops, 5, 4, -1, 1, rng);
        Matrix t = Fixtures.uniform(ops, 5, 3, -1, 1, rng);
        Dropout dropout = new Dropout(0.5, rng);
        dropout.train(false);
        GradientChecker.check(List.of(new Linear(4, 3, rng), dropout), new WeightedSumLoss(), x, t);
    }

    @Test
    void gradientsMatchFiniteDifferencesInTrainingModeWithAFixedMask() {
        Random rng = new Random(102);
        Matrix x = Fixtures.uniform(ops, 5, 4, -1, 1, rng);
        Matrix t = Fixtures.uniform(ops, 5, 3, -1, 1, rng);
        // the same 15 draws for every forward the checker makes: one mask throughout, about a third dropped
        double[] draws = new Random(103).doubles(5 * 3).toArray();
        Dropout dropout = new Dropout(0.3, new Replay(draws));
        GradientChecker.check(List.of(new Linear(4, 3, rng), dropout), new WeightedSumLoss(), x, t);
        double[] y = ops.toRowMajor(dropout.forward(ops.fromArray(filled(5, 3, 1.0))));
        assertTrue(Arrays.stream(y).anyMatch(v -> v == 0), "the checked mask drops something");
        assertTrue(Arrays.stream(y).anyMatch(v -> v != 0), "the checked mask keeps something");
    }

    @Test
    void trainingZeroesAboutPOfTheUnitsAndScalesTheRest() {
        double p = 0.3;
        Dropout dropout = new Dropout(p, new Random(104));
        double[] y = ops.toRowMajor(dropout.forward(ops.fromArray(filled(100, 100, 2.0))));
        long dropped = Arrays.stream(y).filter(v -> v == 0).count();
        // 10000 draws: the dropped fraction has standard deviation sqrt(0.3 * 0.7 / 10000) = 0.0046
        assertEquals(p, dropped / 10000.0, 0.02);
        assertTrue(Arrays.stream(y).allMatch(v -> v == 0 || v == 2.0 / (1 - p)), "kept units are scaled by 1/(1-p)");
        assertEquals(2.0, Arrays.stream(y).average().orElseThrow(), 0.05, "the expected value is unchanged");
    }

    @Test
    void backwardReusesTheMaskOfTheLastForward() {
        Dropout dropout = new Dropout(0.5, new Random(105));
        double[] y = ops.toRowMajor(dropout.forward(ops.fromArray(filled(8, 8, 1.0))));
        double[] dx = ops.toRowMajor(dropout.backward(ops.fromArray(filled(8, 8, 1.0))));
        assertArrayEquals(y, dx, "dx = d * 1 with the forward's d");
        double[] again = ops.toRowMajor(dropout.forward(ops.fromArray(filled(8, 8, 1.0))));
        assertFalse(Arrays.equals(y, again), "each forward draws a new mask");
    }

    @Test
    void evaluationModeIsTheIdentity() {
        Dropout dropout = new Dropout(0.9, new Random(106));
        dropout.train(false);
        assertFalse(dropout.isTraining());
        Matrix x = Fixtures.uniform(ops, 3, 4, -1, 1, new Random(107));
        Matrix g = Fixtures.uniform(ops, 3, 4, -1, 1, new Random(108));
        assertSame(x, dropout.forward(x));
        assertSame(g, dropout.backward(g));
    }

    @Test
    void sequentialSwitchesTheMode() {
        Dropout dropout = new Dropout(0.5, new Random(109));
        Sequential model = new Sequential(List.of(dropout), new WeightedSumLoss());
        Matrix x = ops.fromArray(filled(4, 4, 1.0));
        model.eval();
        assertArrayEquals(ops.toRowMajor(x), ops.toRowMajor(model.forward(x)));
        model.train();
        assertTrue(dropout.isTraining());
        assertTrue(Arrays.stream(ops.toRowMajor(model.forward(x))).anyMatch(v -> v == 0));
    }

    @Test
    void aProbabilityOfZeroIsTheIdentityEvenInTraining() {
        Dropout dropout = new Dropout(0.0, new Replay(new double[0]));  // would fail if it drew
        Matrix x = Fixtures.uniform(ops, 3, 4, -1, 1, new Random(110));
        assertSame(x, dropout.forward(x));
    }

    @Test
    void theSameSeedDrawsTheSameMask() {
        Matrix x = ops.fromArray(filled(6, 6, 1.0));
        double[] first = ops.toRowMajor(new Dropout(0.5, new Random(111)).forward(x));
        assertArrayEquals(first, ops.toRowMajor(new Dropout(0.5, new Random(111)).forward(x)));
    }

    @Test
    void rejectsAProbabilityOutsideZeroToOne() {
        for (double p : new double[] {-0.1, 1.0, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(p), "p " + p);
            assertTrue(e.getMessage().contains(String.valueOf(p)), e.getMessage());
        }
    }

    @Test
    void aWrongGradientShapeNamesBothShapes() {
        Dropout dropout = new Dropout(0.5, new Random(112));
        dropout.forward(ops.zeros(2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dropout.backward(ops.zeros(3, 2)));
        assertTrue(e.getMessage().contains("2x3") && e.getMessage().contains("3x2"), e.getMessage());
    }

    @Test
    void backwardBeforeForwardFails() {
        assertThrows(IllegalStateException.class, () -> new Dropout(0.5).backward(ops.zeros(1, 1)));
    }

    private static double[][] filled(int rows, int cols, double value) {
        double[][] data = new double[rows][cols];
        for (double[] row : data) {
            Arrays.fill(row, value);
        }
        return data;
    }

    /** A generator that replays the same doubles over and over: every mask of one shape comes out the same. */
    private static final class Replay implements RandomGenerator {

        private final double[] draws;
        private int next;

        Replay(double[] draws) {
            this.draws = draws;
        }

        @Override
        public double nextDouble() {
            double d = draws[next];
            next = (next + 1) % draws.length;
            return d;
        }

        @Override
        public long nextLong() {
            throw new UnsupportedOperationException("Replay only replays doubles");
        }
    }
}
