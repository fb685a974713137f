package dev.tinytorch.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.MatrixOps;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TrainValidationSplitTest {

    @Test
    void holdsOutTwentyPercentByDefault() {
        Split<int[]> split = TrainValidationSplit.withSeed(5).indices(569);
        assertEquals(114, split.validation().length); // round(113.8)
        assertEquals(455, split.train().length);
        assertEquals(0.2, TrainValidationSplit.withSeed(5).validationFraction());
    }

    @Test
    void partsAreDisjointAndCoverEveryRow() {
        Split<int[]> split = new TrainValidationSplit(0.3, 11).indices(50);
        int[] all = IntStream.concat(Arrays.stream(split.train()), Arrays.stream(split.validation())).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 50).toArray(), all);
        assertEquals(15, split.validation().length);
    }

    @Test
    void isDeterministicForASeedAndRandomAcrossSeeds() {
        Split<int[]> a = TrainValidationSplit.withSeed(3).indices(100);
        Split<int[]> b = TrainValidationSplit.withSeed(3).indices(100);
        assertArrayEquals(a.train(), b.train());
        assertArrayEquals(a.validation(), b.validation());
        assertFalse(Arrays.equals(a.validation(), TrainValidationSplit.withSeed(4).indices(100).validation()));
        int[] sorted = a.validation().clone();
        Arrays.sort(sorted);
        assertFalse(Arrays.equals(IntStream.range(0, 20).toArray(), sorted), "the held-out rows must be random");
    }

    @Test
    void splittingInputsAndTargetsSeparatelyKeepsThemAligned() {
        double[][] x = new double[20][];
        double[] y = new double[20];
        for (int i = 0; i < 20; i++) {
            x[i] = new double[] {i, -i};
            y[i] = i;
        }
        TrainValidationSplit splitter = TrainValidationSplit.withSeed(8);
        Split<double[][]> xs = splitter.split(x);
        Split<double[]> ys = splitter.split(y);
        assertEquals(4, xs.validation().length);
        for (int i = 0; i < xs.train().length; i++) {
            assertEquals(ys.train()[i], xs.train()[i][0]);
        }
        for (int i = 0; i < xs.validation().length; i++) {
            assertEquals(ys.validation()[i], xs.validation()[i][0]);
            assertSame(x[(int) ys.validation()[i]], xs.validation()[i]);
        }
    }

    @Test
    void splitsADatasetOnItsBackend() {
        MatrixOps ops = Backends.getDefault();
        double[][] x = new double[10][];
        double[] y = new double[10];
        for (int i = 0; i < 10; i++) {
            x[i] = new double[] {i, 10 * i};
            y[i] = i;
        }
        Split<Dataset> split = TrainValidationSplit.withSeed(1).split(Dataset.of(ops, x, y));
        Split<int[]> rows = TrainValidationSplit.withSeed(1).indices(10);
        assertEquals(8, split.train().size());
        assertEquals(2, split.validation().size());
        double[] validationTargets = ops.toRowMajor(split.validation().targets());
        double[][] validationInputs = ops.toArray(split.validation().inputs());
        for (int i = 0; i < 2; i++) {
            assertEquals(rows.validation()[i], validationTargets[i]);
            assertArrayEquals(x[rows.validation()[i]], validationInputs[i]);
        }
    }

    @Test
    void rejectsSplitsThatLeaveAPartEmpty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainValidationSplit.withSeed(0).indices(2));
        assertTrue(e.getMessage().contains("2 rows"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TrainValidationSplit(0.95, 0).indices(10));
        assertThrows(IllegalArgumentException.class, () -> new TrainValidationSplit(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new TrainValidationSplit(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TrainValidationSplit(Double.NaN, 0));
    }
}
