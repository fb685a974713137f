package dev.tinytorch.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Fixtures;
import dev.tinytorch.nn.GradientChecker;
import dev.tinytorch.nn.ImageShape;
import dev.tinytorch.nn.Parameter;
import dev.tinytorch.nn.WeightedSumLoss;
import dev.tinytorch.nn.losses.MSELoss;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchNorm2dTest {

    private final MatrixOps ops = Backends.getDefault();

    @Test
    void passesImageShapesOnAndRefusesAnotherNumberOfChannels() {
        BatchNorm2d bn = new BatchNorm2d(3);
        assertEquals(new ImageShape(3, 5, 4), bn.connect(new ImageShape(3, 5, 4)));
        assertNull(bn.connect(null));
        assertNull(bn.connect(new ImageShape(12, 1, 1)), "a Linear's flat output: height and width unknown");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bn.connect(new ImageShape(2, 5, 4)));
        assertEquals("BatchNorm2d(3) expects 3 input channels, the previous layer gives 2x5x4", e.getMessage());
    }

    @Test
    void matchesTheTorchFixtureInTraining() {
        BatchNormFixture.matchesPyTorch(new BatchNorm2d(2), "batchnorm2d.train", ops);
    }

    @Test
    void matchesTheTorchFixtureInEvaluation() {
        BatchNormFixture.matchesPyTorch(new BatchNorm2d(2), "batchnorm2d.eval", ops);
    }

    @Test
    void eachChannelIsNormalisedOverAllItsPixelsOfTheBatch() {
        BatchNorm2d bn = new BatchNorm2d(2);
        // two images of 2 channels of 2 pixels: channel 0 holds 1, 3 | 5, 7; channel 1 holds 10, 10 | 10, 14
        Matrix y = bn.forward(ops.fromArray(new double[][] {{1, 3, 10, 10}, {5, 7, 10, 14}}));
        // channel 0: mean 4, biased variance 5; channel 1: mean 11, biased variance 3
        double a = 1 / Math.sqrt(5 + 1e-5);
        double b = 1 / Math.sqrt(3 + 1e-5);
        assertArrayEquals(new double[] {-3 * a, -a, -b, -b, a, 3 * a, -b, 3 * b}, ops.toRowMajor(y), 1e-15);
        // running = 0.9 * (0, 1) + 0.1 * batch, the variance unbiased over M = 4 values: 5 * 4/3 and 3 * 4/3
        assertArrayEquals(new double[] {0.4, 1.1}, bn.runningMean(), 1e-15);
        assertArrayEquals(new double[] {0.9 + 0.1 * 20 / 3.0, 0.9 + 0.4}, bn.runningVar(), 1e-15);
        assertEquals(1, bn.numBatchesTracked());
    }

    @Test
    void oneValuePerChannelIsExactlyBatchNorm1d() {
        Random rng = new Random(41);
        Matrix x = Fixtures.uniform(ops, 5, 3, -2, 2, rng);
        Matrix g = Fixtures.uniform(ops, 5, 3, -1, 1, rng);
        BatchNorm2d bn2 = new BatchNorm2d(3);
        BatchNorm1d bn1 = new BatchNorm1d(3);
        for (BatchNorm bn : List.of(bn1, bn2)) {
            ops.setRowMajor(bn.parameters().get(0).value(), new double[] {1.5, -0.5, 2});
        }
        bn2.forward(Fixtures.uniform(ops, 2, 12, -1, 1, rng));  // an earlier batch of 2x2 images
        bn2.setRunningStatistics(new double[3], new double[] {1, 1, 1}, 0);
        assertArrayEquals(ops.toRowMajor(bn1.forward(x)), ops.toRowMajor(bn2.forward(x)));
        assertArrayEquals(ops.toRowMajor(bn1.backward(g)), ops.toRowMajor(bn2.backward(g)));
        assertArrayEquals(bn1.runningVar(), bn2.runningVar());
        assertArrayEquals(ops.toRowMajor(bn1.parameters().get(0).grad()), ops.toRowMajor(bn2.parameters().get(0).grad()));
    }

    @Test
    void gradientsMatchFiniteDifferencesInTraining() {
        Random rng = new Random(42);
        Matrix x = Fixtures.uniform(ops, 4, 5, -1, 1, rng);
        Matrix t = Fixtures.uniform(ops, 4, 12, -1, 1, rng);
        BatchNorm2d bn = new BatchNorm2d(3);  // 3 channels of 2x2
        ops.fillUniform(weight(bn).value(), 0.5, 2, rng);
        ops.fillUniform(bias(bn).value(), -1, 1, rng);
        GradientChecker.Report report =
                GradientChecker.check(List.of(new Linear(5, 12, rng), bn, new Tanh()), new WeightedSumLoss(), x, t);
        assertEquals(4 * 5 + 5 * 12 + 12 + 3 + 3, report.entries(), "input, Linear's and BatchNorm2d's parameters");
        assertEquals(1 + 2L * report.entries(), bn.numBatchesTracked(), "every forward of the check ran in training");
    }

    @Test
    void gradientsMatchFiniteDifferencesInTrainingWithASquaredLossAndABatchOfOne() {
        Random rng = new Random(43);
        Matrix x = Fixtures.uniform(ops, 1, 8, -2, 2, rng);
        Matrix t = Fixtures.uniform(ops, 1, 8, -1, 1, rng);
        BatchNorm2d bn = new BatchNorm2d(2);  // one image of 2 channels of 4 pixels
        ops.fillUniform(weight(bn).value(), -2, 2, rng);
        GradientChecker.check(List.of(bn), new MSELoss(), x, t);
    }

    @Test
    void gradientsMatchFiniteDifferencesInEvaluation() {
        Random rng = new Random(44);
        Matrix x = Fixtures.uniform(ops, 3, 6, -1, 1, rng);
        Matrix t = Fixtures.uniform(ops, 3, 6, -1, 1, rng);
        BatchNorm2d bn = new BatchNorm2d(2);
        bn.setRunningStatistics(new double[] {0.5, -0.2}, new double[] {0.3, 2.0}, 7);
        ops.fillUniform(weight(bn).value(), 0.5, 2, rng);
        ops.fillUniform(bias(bn).value(), -1, 1, rng);
        bn.train(false);
        GradientChecker.check(List.of(bn, new Tanh()), new WeightedSumLoss(), x, t);
        assertEquals(7, bn.numBatchesTracked());
    }

    @Test
    void oneValuePerChannelInTrainingIsRefusedLikePyTorch() {
        BatchNorm2d bn = new BatchNorm2d(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bn.forward(ops.zeros(1, 2)));
        assertTrue(e.getMessage().contains("BatchNorm2d(2): expected more than 1 value per channel when training"),
                e.getMessage());
        assertEquals(0, bn.numBatchesTracked(), "nothing changed");
        bn.forward(ops.fromArray(new double[][] {{1, 2, 3, 4}}));  // one image of 2 pixels per channel is enough
        assertEquals(1, bn.numBatchesTracked());
        bn.train(false);
        assertEquals(2, bn.forward(ops.zeros(1, 2)).cols());
    }

    @Test
    void columnsThatAreNotAMultipleOfTheChannelsAreNamedWithThem() {
        BatchNorm2d bn = new BatchNorm2d(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bn.forward(ops.zeros(4, 5)));
        assertTrue(e.getMessage().contains("4x5") && e.getMessage().contains("BatchNorm2d(3)")
                && e.getMessage().contains("multiple of 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(0));
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(2, -1, 0.1));
    }

    @Test
    void buffersAreReusedWhileTheBatchShapeStays() {
        BatchNorm2d bn = new BatchNorm2d(3);
        Matrix x = Fixtures.uniform(ops, 4, 12, -1, 1, new Random(1));
        Matrix y = bn.forward(x);
        Matrix dx = bn.backward(ops.zeros(4, 12));
        assertSame(y, bn.forward(x));
        assertSame(dx, bn.backward(ops.zeros(4, 12)));
    }

    @Test
    void startsLikePyTorch() {
        BatchNorm2d bn = new BatchNorm2d(4);
        assertArrayEquals(new double[] {1, 1, 1, 1}, ops.toRowMajor(weight(bn).value()));
        assertArrayEquals(new double[4], ops.toRowMajor(bias(bn).value()));
        assertArrayEquals(new double[4], bn.runningMean());
        assertArrayEquals(new double[] {1, 1, 1, 1}, bn.runningVar());
        assertEquals(List.of("weight", "bias"), bn.parameters().stream().map(Parameter::name).toList());
        assertEquals(4, bn.numFeatures());
        assertEquals(1e-5, bn.eps());
        assertEquals(0.1, bn.momentum());
        assertTrue(bn.isTraining());
        assertEquals("BatchNorm2d(4)", bn.toString());
    }

    private static Parameter weight(BatchNorm bn) {
        return bn.parameters().get(0);
    }

    private static Parameter bias(BatchNorm bn) {
        return bn.parameters().get(1);
    }
}
