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
import dev.tinytorch.nn.Parameter;
import dev.tinytorch.nn.WeightedSumLoss;
import dev.tinytorch.nn.losses.MSELoss;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchNorm1dTest {

    // Printed by nn/src/test/python/batchnorm1d_reference.py (torch.nn.BatchNorm1d in float64, torch 1.13.0a0).
    private static final double[] RUNNING_MEAN = {0.1375, 0.07, 0.14375000000000002};
    private static final double[] RUNNING_VAR = {1.2199166666666668, 1.2866666666666668, 1.6822083333333333};
    private static final double[] TRAINING_OUTPUT = {-0.488421357688055, 0.7818670865372557, -0.7483443214149577,
        1.165642483533188, -0.26062236217908524, -3.9695370073034995, -1.7880429472190318, -0.5646817847213514,
        1.6675501930014491, 2.1108218213738983, 0.04343706036318087, -0.9496688642829915};
    private static final double[] EVAL_OUTPUT = {0.06326441143117802, 0.03085555281290725, -1.221664766723907,
        1.4213414192044287, 0.4716491644258679, 1.8623667703043634};
    private static final double[] PER_SAMPLE_INPUT_GRADIENT = {1.0774794359728932, 0.0989681364066462,
        -1.1475127663472642, -1.1942975999302807, -0.2501746806181197, 2.467800785155854, -0.4288023729413726,
        0.24525157774339384, 2.9357053918215406, 0.5456205368987604, -0.09404503353192026, -4.25599341063013};
    private static final double[] WEIGHT_GRADIENT = {0.836877538713129, 1.0533487138071362, -0.43725174154151114};
    private static final double[] BIAS_GRADIENT = {0.5, -0.125, 1.125};
    private static final double CLOSE = 1e-14;

    private final MatrixOps ops = Backends.getDefault();

    @Test
    void runningStatisticsOutputsAndGradientsMatchPyTorch() {
        BatchNorm1d bn = new BatchNorm1d(3);
        ops.setRowMajor(weight(bn).value(), new double[] {1.5, -0.5, 2.0});
        ops.setRowMajor(bias(bn).value(), new double[] {0.25, 0.0, -1.0});
        bn.forward(ops.fromArray(new double[][] {{1.0, 2.0, -3.0}, {0.5, -1.0, 4.0}, {2.0, 0.0, 1.0}, {-1.5, 3.0, 0.5}}));
        Matrix y = bn.forward(ops.fromArray(
                new double[][] {{0.3, -2.0, 1.0}, {1.7, 0.4, -0.6}, {-0.8, 1.1, 2.2}, {2.5, -0.3, 0.9}}));
        assertArrayEquals(TRAINING_OUTPUT, ops.toRowMajor(y), CLOSE);
        Matrix dx = bn.backward(ops.fromArray(
                new double[][] {{1.0, -2.0, 0.5}, {0.0, 1.0, 3.0}, {-1.0, 0.5, 2.0}, {2.0, 0.0, -1.0}}));
        assertArrayEquals(PER_SAMPLE_INPUT_GRADIENT, ops.toRowMajor(dx), CLOSE);
        assertArrayEquals(WEIGHT_GRADIENT, ops.toRowMajor(weight(bn).grad()), CLOSE);
        assertArrayEquals(BIAS_GRADIENT, ops.toRowMajor(bias(bn).grad()), CLOSE);
        assertArrayEquals(RUNNING_MEAN, bn.runningMean(), CLOSE);
        assertArrayEquals(RUNNING_VAR, bn.runningVar(), CLOSE);
        assertEquals(2, bn.numBatchesTracked());

        bn.train(false);
        Matrix yEval = bn.forward(ops.fromArray(new double[][] {{0, 0, 0}, {1, -1, 2}}));
        assertArrayEquals(EVAL_OUTPUT, ops.toRowMajor(yEval), CLOSE);
        assertArrayEquals(RUNNING_VAR, bn.runningVar(), 0.0, "evaluation leaves the running statistics alone");
        assertEquals(2, bn.numBatchesTracked());
    }

    @Test
    void matchesTheTorchFixtureInTraining() {
        BatchNormFixture.matchesPyTorch(new BatchNorm1d(3), "batchnorm1d.train", ops);
    }

    @Test
    void matchesTheTorchFixtureInEvaluation() {
        BatchNormFixture.matchesPyTorch(new BatchNorm1d(3), "batchnorm1d.eval", ops);
    }

    @Test
    void runningStatisticsByHand() {
        BatchNorm1d bn = new BatchNorm1d(1);
        bn.forward(ops.fromArray(new double[][] {{1}, {3}}));
        // batch mean 2, unbiased variance 2: running = 0.9 * (0, 1) + 0.1 * (2, 2)
        assertArrayEquals(new double[] {0.2}, bn.runningMean(), 1e-15);
        assertArrayEquals(new double[] {1.1}, bn.runningVar(), 1e-15);
        assertEquals(1, bn.numBatchesTracked());
    }

    @Test
    void trainingOutputIsNormalisedWithTheBiasedBatchVariance() {
        BatchNorm1d bn = new BatchNorm1d(1);
        Matrix y = bn.forward(ops.fromArray(new double[][] {{1}, {3}}));
        // mean 2, biased variance 1: (x - 2) / sqrt(1 + 1e-5)
        double s = 1 / Math.sqrt(1 + 1e-5);
        assertArrayEquals(new double[] {-s, s}, ops.toRowMajor(y), 1e-15);
    }

    @Test
    void startsLikePyTorch() {
        BatchNorm1d bn = new BatchNorm1d(4);
        assertArrayEquals(new double[] {1, 1, 1, 1}, ops.toRowMajor(weight(bn).value()));
        assertArrayEquals(new double[4], ops.toRowMajor(bias(bn).value()));
        assertArrayEquals(new double[4], bn.runningMean());
        assertArrayEquals(new double[] {1, 1, 1, 1}, bn.runningVar());
        assertEquals(0, bn.numBatchesTracked());
        assertTrue(bn.isTraining());
        assertEquals(List.of("weight", "bias"), bn.parameters().stream().map(Parameter::name).toList());
        assertEquals(1e-5, bn.eps());
        assertEquals(0.1, bn.momentum());
    }

    @Test
    void gradientsMatchFiniteDifferencesInTraining() {
        Random rng = new Random(31);
        Matrix x = Fixtures.uniform(ops, 6, 4, -1, 1, rng);
        Matrix t = Fixtures.uniform(ops, 6, 3, -1, 1, rng);
        BatchNorm1d bn = new BatchNorm1d(3);
        ops.fillUniform(weight(bn).value(), 0.5, 2, rng);
        ops.fillUniform(bias(bn).value(), -1, 1, rng);
        GradientChecker.Report report =
                GradientChecker.check(List.of(new Linear(4, 3, rng), bn, new Tanh()), new WeightedSumLoss(), x, t);
        assertEquals(6 * 4 + 4 * 3 + 3 + 3 + 3, report.entries(), "input, Linear's and BatchNorm1d's parameters");
        assertEquals(1 + 2L * report.entries(), bn.numBatchesTracked(), "every forward of the check ran in training");
    }

    @Test
    void gradientsMatchFiniteDifferencesInTrainingWithASquaredLoss() {
        Random rng = new Random(32);
        Matrix x = Fixtures.uniform(ops, 5, 3, -2, 2, rng);
        Matrix t = Fixtures.uniform(ops, 5, 3, -1, 1, rng);
        BatchNorm1d bn = new BatchNorm1d(3);
        ops.fillUniform(weight(bn).value(), -2, 2, rng);
        GradientChecker.check(List.of(bn), new MSELoss(), x, t);
    }

    @Test
    void gradientsMatchFiniteDifferencesInEvaluation() {
        Random rng = new Random(33);
        Matrix x = Fixtures.uniform(ops, 5, 3, -1, 1, rng);
        Matrix t = Fixtures.uniform(ops, 5, 3, -1, 1, rng);
        BatchNorm1d bn = new BatchNorm1d(3);
        bn.setRunningStatistics(new double[] {0.5, -0.2, 0.1}, new double[] {0.3, 2.0, 1.2}, 7);
        ops.fillUniform(weight(bn).value(), 0.5, 2, rng);
        ops.fillUniform(bias(bn).value(), -1, 1, rng);
        bn.train(false);
        GradientChecker.check(List.of(bn, new Tanh()), new WeightedSumLoss(), x, t);
        assertEquals(7, bn.numBatchesTracked());
    }

    @Test
    void aBatchOfOneIsRefusedInTrainingButNotInEvaluation() {
        BatchNorm1d bn = new BatchNorm1d(2);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> bn.forward(ops.zeros(1, 2)));
        assertTrue(e.getMessage().contains("expected more than 1 value per feature when training"), e.getMessage());
        assertEquals(0, bn.numBatchesTracked(), "nothing changed");
        bn.train(false);
        assertArrayEquals(new double[] {0, 0}, ops.toRowMajor(bn.forward(ops.zeros(1, 2))));
    }

    @Test
    void aWrongInputShapeNamesItAndTheFeatures() {
        BatchNorm1d bn = new BatchNorm1d(3);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> bn.forward(ops.zeros(4, 5)));
        assertTrue(e.getMessage().contains("4x5") && e.getMessage().contains("BatchNorm1d(3)"), e.getMessage());
    }

    @Test
    void backwardBeforeForwardSaysSo() {
        BatchNorm1d bn = new BatchNorm1d(3);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> bn.backward(ops.zeros(2, 3)));
        assertTrue(e.getMessage().contains("before forward"), e.getMessage());
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(0));
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(2, 0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(2, 1e-5, 1.5));
        BatchNorm1d bn = new BatchNorm1d(2);
        assertThrows(IllegalArgumentException.class, () -> bn.setRunningStatistics(new double[3], new double[2], 0));
        assertThrows(IllegalArgumentException.class, () -> bn.setRunningStatistics(new double[2], new double[2], -1));
    }

    @Test
    void buffersAreReusedWhileTheBatchShapeStays() {
        BatchNorm1d bn = new BatchNorm1d(3);
        Matrix x = Fixtures.uniform(ops, 4, 3, -1, 1, new Random(1));
        Matrix y = bn.forward(x);
        Matrix dx = bn.backward(ops.zeros(4, 3));
        assertSame(y, bn.forward(x));
        assertSame(dx, bn.backward(ops.zeros(4, 3)));
        assertFalse(y == bn.forward(ops.zeros(2, 3)));
    }

    @Test
    void runningStatisticsMoveWithTheLayer() {
        BatchNorm1d bn = new BatchNorm1d(2);
        bn.setRunningStatistics(new double[] {1, 2}, new double[] {3, 4}, 5);
        bn.to(ops);
        assertArrayEquals(new double[] {1, 2}, bn.runningMean());
        assertArrayEquals(new double[] {3, 4}, bn.runningVar());
        assertEquals(5, bn.numBatchesTracked());
    }

    private static Parameter weight(BatchNorm1d bn) {
        return bn.parameters().get(0);
    }

    private static Parameter bias(BatchNorm1d bn) {
        return bn.parameters().get(1);
    }
}
