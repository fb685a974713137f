package dev.tinytorch.nn.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private final MatrixOps ops = Backends.getDefault();

    private Matrix column(double... values) {
        return ops.fromRowMajor(values.length, 1, values);
    }

    /**
     * Six samples of three classes; predicted (argmax) 0, 1, 2, 0, 2, 1 against actual 0, 1, 1, 2, 2, 1, so the
     * confusion matrix (rows actual) is [[1, 0, 0], [0, 2, 1], [1, 0, 1]].
     */
    private Matrix threeClassScores() {
        return ops.fromArray(new double[][] {
                {0.7, 0.2, 0.1},
                {0.1, 0.8, 0.1},
                {0.2, 0.3, 0.5},
                {0.6, 0.3, 0.1},
                {0.1, 0.1, 0.8},
                {0.3, 0.4, 0.3}});
    }

    private Matrix threeClassTargets() {
        return column(0, 1, 1, 2, 2, 1);
    }

    @Test
    void accuracyThresholdsProbabilitiesAtOneHalf() {
        Matrix yHat = column(0.9, 0.51, 0.49, 0.1, 0.7, 0.2, 0.5, 0.0);
        Matrix y = column(1, 1, 0, 0, 0, 1, 0, 0);
        // wrong: 0.7 (predicted 1, is 0) and 0.2 (predicted 0, is 1); 0.5 is predicted 0, which is right here
        assertEquals(6.0 / 8.0, Metrics.accuracy(ops, yHat, y), 1e-15);
        assertEquals(6.0 / 8.0, Metrics.accuracy().compute(ops, yHat, y), 1e-15);
    }

    @Test
    void accuracyOfPerfectAndInvertedPredictions() {
        Matrix y = column(1, 0, 1);
        assertEquals(1.0, Metrics.accuracy(ops, column(0.99, 0.01, 0.6), y));
        assertEquals(0.0, Metrics.accuracy(ops, column(0.01, 0.99, 0.4), y));
    }

    @Test
    void accuracyLeavesItsInputsAlone() {
        Matrix yHat = column(0.9, 0.2);
        Matrix y = column(1, 1);
        Metrics.accuracy(ops, yHat, y);
        assertEquals(0.9, ops.get(yHat, 0, 0));
        assertEquals(1.0, ops.get(y, 1, 0));
    }

    @Test
    void accuracyRejectsMismatchedShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.accuracy(ops, column(0.1, 0.2, 0.3), column(1, 0)));
        assertTrue(e.getMessage().contains("3x1") && e.getMessage().contains("2x1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(ops, ops.zeros(2, 2), ops.zeros(2, 2)));
    }

    @Test
    void multiClassAccuracyComparesTheArgmaxWithTheTargets() {
        assertEquals(4.0 / 6.0, Metrics.accuracy(ops, threeClassScores(), threeClassTargets()), 1e-15);
        Matrix logits = ops.fromArray(new double[][] {{-3, 5, 1}, {2, -1, 7}, {0, 0, -1}});
        // argmax 1, 2 and 0 (the first of a tie)
        assertEquals(1.0, Metrics.accuracy(ops, logits, column(1, 2, 0)));
        assertEquals(1.0 / 3.0, Metrics.accuracy(ops, logits, column(1, 0, 1)), 1e-15);
    }

    @Test
    void confusionMatrixCountsActualByPredicted() {
        ConfusionMatrix cm = Metrics.confusionMatrix(ops, threeClassScores(), threeClassTargets());
        int[][] expected = {{1, 0, 0}, {0, 2, 1}, {1, 0, 1}};
        assertEquals(3, cm.classes());
        assertEquals(6, cm.total());
        for (int a = 0; a < 3; a++) {
            for (int p = 0; p < 3; p++) {
                assertEquals(expected[a][p], cm.count(a, p), "actual " + a + ", predicted " + p);
            }
        }
        assertEquals(ConfusionMatrix.of(new int[] {0, 1, 1, 2, 2, 1}, new int[] {0, 1, 2, 0, 2, 1}, 3), cm);
    }

    @Test
    void perClassAndMacroScoresOfThreeClasses() {
        ConfusionMatrix cm = Metrics.confusionMatrix(ops, threeClassScores(), threeClassTargets());
        // precision = diagonal / column sum, recall = diagonal / row sum, F1 = 2 tp / (row sum + column sum)
        assertEquals(1.0 / 2.0, cm.precision(0), 1e-15);
        assertEquals(1.0, cm.precision(1), 1e-15);
        assertEquals(1.0 / 2.0, cm.precision(2), 1e-15);
        assertEquals(1.0, cm.recall(0), 1e-15);
        assertEquals(2.0 / 3.0, cm.recall(1), 1e-15);
        assertEquals(1.0 / 2.0, cm.recall(2), 1e-15);
        assertEquals(2.0 / 3.0, cm.f1(0), 1e-15);
        assertEquals(4.0 / 5.0, cm.f1(1), 1e-15);
        assertEquals(1.0 / 2.0, cm.f1(2), 1e-15);

        Matrix scores = threeClassScores();
        Matrix y = threeClassTargets();
        assertEquals(2.0 / 3.0, Metrics.macroPrecision().compute(ops, scores, y), 1e-15);
        assertEquals(13.0 / 18.0, Metrics.macroRecall().compute(ops, scores, y), 1e-15);
        assertEquals(59.0 / 90.0, Metrics.macroF1().compute(ops, scores, y), 1e-15);
    }

    @Test
    void binaryPrecisionRecallAndF1() {
        Matrix yHat = column(0.9, 0.51, 0.49, 0.1, 0.7, 0.2, 0.5, 0.0);
        Matrix y = column(1, 1, 0, 0, 0, 1, 0, 0);
        ConfusionMatrix cm = Metrics.confusionMatrix(ops, yHat, y);
        assertEquals(4, cm.count(0, 0));
        assertEquals(1, cm.count(0, 1));
        assertEquals(1, cm.count(1, 0));
        assertEquals(2, cm.count(1, 1));
        assertEquals(2.0 / 3.0, cm.precision(1), 1e-15);
        assertEquals(2.0 / 3.0, cm.recall(1), 1e-15);
        assertEquals(4.0 / 5.0, cm.precision(0), 1e-15);
        assertEquals(11.0 / 15.0, Metrics.macroPrecision().compute(ops, yHat, y), 1e-15);
        assertEquals(11.0 / 15.0, Metrics.macroRecall().compute(ops, yHat, y), 1e-15);
        assertEquals(11.0 / 15.0, Metrics.macroF1().compute(ops, yHat, y), 1e-15);
    }

    @Test
    void macroAveragesSkipClassesThatNeitherOccurNorArePredicted() {
        // a fourth class that no sample has and no row predicts: the three-class averages are unchanged
        double[][] four = ops.toArray(threeClassScores());
        double[][] padded = new double[four.length][];
        for (int i = 0; i < four.length; i++) {
            padded[i] = new double[] {four[i][0], four[i][1], four[i][2], 0.0};
        }
        Matrix scores = ops.fromArray(padded);
        assertEquals(2.0 / 3.0, Metrics.macroPrecision().compute(ops, scores, threeClassTargets()), 1e-15);
        assertEquals(59.0 / 90.0, Metrics.macroF1().compute(ops, scores, threeClassTargets()), 1e-15);

        // a class that is predicted but never occurs counts, with recall 0 and precision 0
        ConfusionMatrix cm = ConfusionMatrix.of(new int[] {0, 0, 1}, new int[] {0, 2, 1}, 3);
        assertEquals(0.0, cm.precision(2));
        assertEquals(0.0, cm.recall(2));
        assertEquals((1.0 + 1.0 + 0.0) / 3, cm.macroPrecision(), 1e-15);
        assertEquals((0.5 + 1.0 + 0.0) / 3, cm.macroRecall(), 1e-15);
    }

    @Test
    void confusionMatrixPrintsAsATable() {
        ConfusionMatrix cm = ConfusionMatrix.of(new int[] {0, 0, 1, 1, 1}, new int[] {0, 1, 1, 1, 1}, 2);
        assertEquals("""
                actual \\ predicted  0  1
                                 0  1  1
                                 1  0  3""", cm.toString());
        ConfusionMatrix wide = ConfusionMatrix.of(new int[150], new int[150], 11);
        String[] lines = wide.toString().split("\n");
        assertEquals(12, lines.length);
        assertTrue(lines[0].endsWith("    9   10"), lines[0]);
        assertTrue(lines[1].endsWith("0  150    0    0    0    0    0    0    0    0    0    0"), lines[1]);
    }

    @Test
    void logLossOfBinaryAndMultiClassProbabilities() {
        // -(ln 0.9 + ln 0.8 + ln 0.4) / 3
        assertEquals(0.414931599615397, Metrics.logLoss(ops, column(0.9, 0.2, 0.6), column(1, 0, 0)), 1e-15);
        // -(ln 0.7 + ln 0.8 + ln 0.3 + ln 0.1 + ln 0.8 + ln 0.4) / 6
        assertEquals(0.8709684459602148, Metrics.logLoss().compute(ops, threeClassScores(), threeClassTargets()),
                1e-15);
    }

    @Test
    void logLossClipsCertainMistakesToAFiniteCost() {
        assertEquals(-Math.log(1e-15), Metrics.logLoss(ops, column(0.0), column(1)), 1e-12);
        assertEquals(-Math.log(1e-15), Metrics.logLoss(ops, column(1.0), column(0)), 1e-12);
        assertEquals(0.0, Metrics.logLoss(ops, column(1.0, 0.0), column(1, 0)), 1e-14);
    }

    @Test
    void logLossRejectsLogits() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.logLoss(ops, ops.fromArray(new double[][] {{0.2, 0.8}, {2.5, -1}}), column(1, 0)));
        assertTrue(e.getMessage().contains("row 1, column 0 holds 2.5"), e.getMessage());
    }

    @Test
    void targetsMustBeClassIndices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.accuracy(ops, threeClassScores(), column(0, 1, 3, 0, 0, 0)));
        assertTrue(e.getMessage().contains("row 2 holds 3.0") && e.getMessage().contains("[0, 3)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(ops, column(0.2, 0.7), column(0, 0.5)));
        assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(ops, column(0.2, 0.7), column(-1, 1)));
    }

    @Test
    void confusionMatrixRejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new int[] {0}, new int[] {0, 1}, 2));
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new int[0], new int[0], 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(new int[] {0, 1}, new int[] {0, 2}, 2));
        assertTrue(e.getMessage().contains("sample 1 has predicted class 2"), e.getMessage());
    }
}
