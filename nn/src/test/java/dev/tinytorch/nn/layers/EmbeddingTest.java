package dev.tinytorch.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Fixtures;
import dev.tinytorch.nn.GradientChecker;
import dev.tinytorch.nn.WeightedSumLoss;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EmbeddingTest {

    private final MatrixOps ops = Backends.getDefault();

    @Test
    void forwardLaysTheVectorsOfEachRowsTokensOneAfterAnother() {
        Embedding embedding = new Embedding(3, 2, new Random(0));
        ops.setRowMajor(embedding.parameters().get(0).value(), new double[] {1, 2, 3, 4, 5, 6});
        Matrix y = embedding.forward(ops.fromArray(new double[][] {{2, 0, 2}, {1, 1, 0}}));
        assertArrayEquals(new double[] {5, 6, 1, 2, 5, 6, 3, 4, 3, 4, 1, 2}, ops.toRowMajor(y));
        assertEquals(2, y.rows());
        assertEquals(6, y.cols());
    }

    /** Repeated tokens within and across rows, through a Tanh so the loss is not linear in the weights. */
    @Test
    void weightGradientMatchesFiniteDifferences() {
        Random rng = new Random(7);
        Embedding embedding = new Embedding(5, 3, rng);
        Matrix tokens = ops.fromArray(new double[][] {{0, 3, 3, 1}, {4, 0, 3, 2}, {1, 1, 1, 1}});
        Matrix t = Fixtures.uniform(ops, 3, 12, -1, 1, rng);
        GradientChecker.Report report = GradientChecker.checkParameters(List.of(embedding, new Tanh()),
                new WeightedSumLoss(), tokens, t);
        assertEquals(15, report.entries());
    }

    @Test
    void weightGradientIsTheBatchAverageOfTheRowsThatLookedEachTokenUp() {
        Embedding embedding = new Embedding(3, 1, new Random(0));
        embedding.forward(ops.fromArray(new double[][] {{0, 2}, {2, 2}}));
        embedding.backwardParametersOnly(ops.fromArray(new double[][] {{1, 10}, {100, 1000}}));
        assertArrayEquals(new double[] {0.5, 0, 555}, ops.toRowMajor(embedding.parameters().get(0).grad()));
    }

    @Test
    void weightsStartStandardNormalAsPyTorchs() {
        Matrix w = new Embedding(200, 50, new Random(1)).parameters().get(0).value();
        double[] v = ops.toRowMajor(w);
        double mean = 0;
        double square = 0;
        for (double x : v) {
            mean += x / v.length;
            square += x * x / v.length;
        }
        assertEquals(0.0, mean, 0.02);
        assertEquals(1.0, square - mean * mean, 0.03);
        assertEquals("weight", new Embedding(2, 2).parameters().get(0).name());
    }

    @Test
    void badIndicesAreNamedWithTheirPosition() {
        Embedding embedding = new Embedding(4, 2, new Random(0));
        IllegalArgumentException high = assertThrows(IllegalArgumentException.class,
                () -> embedding.forward(ops.fromArray(new double[][] {{0, 1}, {2, 4}})));
        assertTrue(high.getMessage().contains("row 1, column 1 is 4.0") && high.getMessage().contains("0..3"),
                high.getMessage());
        IllegalArgumentException fraction = assertThrows(IllegalArgumentException.class,
                () -> embedding.forward(ops.fromArray(new double[][] {{0.5}})));
        assertTrue(fraction.getMessage().contains("0.5"), fraction.getMessage());
        assertThrows(IllegalArgumentException.class, () -> embedding.forward(ops.fromArray(new double[][] {{-1}})));
        assertThrows(IllegalArgumentException.class,
                () -> embedding.forward(ops.fromArray(new double[][] {{Double.NaN}})));
        assertThrows(IllegalStateException.class, () -> embedding.backward(ops.zeros(1, 2)));
        assertThrows(IllegalArgumentException.class, () -> new Embedding(0, 2));
    }
}
