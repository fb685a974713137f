package dev.tinytorch.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Layer;
import dev.tinytorch.nn.Optimizer;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.data.DataLoader;
import dev.tinytorch.nn.data.Dataset;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.Sigmoid;
import dev.tinytorch.nn.losses.BinaryCrossEntropy;
import dev.tinytorch.nn.metrics.Metrics;
import dev.tinytorch.nn.optim.SGD;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TrainerTest {

    private static final Pattern LINE = Pattern.compile(
            "epoch=( {2}\\d| \\d{2}|\\d{3}) \\| loss= {0,2}\\d\\.\\d{3} \\| val_loss= {0,2}\\d\\.\\d{3}"
                    + " \\| val_metric= {0,2}\\d\\.\\d{3}");
    private static final Optimizer FROZEN = () -> { };

    private final MatrixOps ops = Backends.getDefault();

    private Dataset separable(int n, long seed) {
        return Separable.points(ops, n, seed);
    }

    private static Sequential logisticRegression(Layer... extra) {
        List<Layer> layers = new ArrayList<>(List.of(new Linear(2, 1, new SplittableRandom(3)), new Sigmoid()));
        layers.addAll(List.of(extra));
        return new Sequential(layers, new BinaryCrossEntropy());
    }

    @Test
    void lossDecreasesOnASeparableProblem() {
        Sequential model = logisticRegression();
        DataLoader train = new DataLoader(separable(200, 1), 16, true, 5);
        DataLoader val = new DataLoader(separable(50, 2), 16, false, 0);
        Trainer trainer = new Trainer(model, new SGD(model.parameters(), 0.5), train, val, Metrics.accuracy());
        double first = trainer.trainOneEpoch();
        Evaluation before = trainer.evaluate(val);
        double last = first;
        for (int epoch = 0; epoch < 30; epoch++) {
            last = trainer.trainOneEpoch();
        }
        Evaluation after = trainer.evaluate(val);
        assertTrue(last < 0.6 * first, "training loss went from " + first + " to " + last);
        assertTrue(after.loss() < before.loss(), "validation loss went from " + before.loss() + " to " + after.loss());
        assertTrue(after.metric() >= 0.9, "validation accuracy " + after.metric());
    }

    @Test
    void printsTheTutorialsLineEveryLogEveryEpochsAndTheLast() {
        Sequential model = logisticRegression();
        DataLoader train = new DataLoader(separable(100, 1), 32, true, 5);
        DataLoader val = new DataLoader(separable(30, 2), 32, false, 0);
        Trainer trainer = new Trainer(model, new SGD(model.parameters(), 0.5), train, val, Metrics.accuracy());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        trainer.setOutput(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        Evaluation result = trainer.train(10, 4);

        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\\R");
        assertEquals(4, lines.length, String.join("\n", lines));
        int[] epochs = {0, 4, 8, 9};
        for (int i = 0; i < lines.length; i++) {
            Matcher m = LINE.matcher(lines[i]);
            assertTrue(m.matches(), "line does not match the tutorial's format: '" + lines[i] + "'");
            assertEquals(epochs[i], Integer.parseInt(m.group(1).trim()));
        }
        assertTrue(lines[3].endsWith(String.format(java.util.Locale.ROOT, "| val_loss=%6.3f | val_metric=%6.3f",
                result.loss(), result.metric())), lines[3] + " vs " + result);
    }

    @Test
    void formatsLikeTheTutorial() {
        Sequential model = logisticRegression();
        DataLoader data = new DataLoader(separable(20, 1), 8, false, 0);
        Trainer trainer = new Trainer(model, FROZEN, data, data, (o, p, t) -> 0.939);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        trainer.setOutput(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        trainer.train(1, 1);
        String line = bytes.toString(StandardCharsets.UTF_8).strip();
        assertTrue(line.startsWith("epoch=  0 | loss= "), line);
        assertTrue(line.endsWith(" | val_metric= 0.939"), line);
        assertEquals("epoch=  0 | loss= 0.421 | val_loss= 0.263 | val_metric= 0.939".length(), line.length(), line);
    }

    @Test
    void gradientClippingLimitsTheNormTheOptimizerSees() {
        Sequential model = logisticRegression();
        DataLoader train = new DataLoader(separable(64, 4), 16, true, 9);
        List<Double> norms = new ArrayList<>();
        Optimizer recorder = () -> {
            double sum = 0;
            for (var p : model.parameters()) {
                for (double g : ops.toRowMajor(p.grad())) {
                    sum += g * g;
                }
            }
            norms.add(Math.sqrt(sum));
        };
        Trainer trainer = new Trainer(model, recorder, train, train, Metrics.accuracy());
        trainer.trainOneEpoch();
        assertTrue(norms.stream().allMatch(n -> n > 1e-3), "unclipped norms " + norms);
        norms.clear();
        trainer.setGradientClipping(1e-3);
        trainer.trainOneEpoch();
        assertEquals(4, norms.size());
        for (double n : norms) {
            assertEquals(1e-3, n, 1e-8, "1e-3 * total / (total + 1e-6)");
        }
    }

    @Test
    void trainingLossIsTheMeanPerSampleNotPerBatch() {
        Sequential model = logisticRegression();
        DataLoader train = new DataLoader(separable(50, 4), 16, true, 9); // batches of 16, 16, 16 and 2
        Trainer trainer = new Trainer(model, FROZEN, train, train, Metrics.accuracy());
        double epochLoss = trainer.trainOneEpoch();

        model.eval();
        Matrix all = model.forward(train.dataset().inputs());
        double expected = ops.sum(model.loss(all, train.dataset().targets())) / 50;
        assertEquals(expected, epochLoss, 1e-12);
    }

    @Test
    void evaluationCoversEveryValidationSample() {
        Sequential model = logisticRegression();
        Dataset validation = separable(53, 6);
        DataLoader val = new DataLoader(validation, 10, true, 1); // shuffled, last batch of 3
        Trainer trainer = new Trainer(model, FROZEN, val, val, Metrics.accuracy());

        Evaluation evaluation = trainer.evaluate(val);

        Matrix all = model.forward(validation.inputs());
        double accuracy = Metrics.accuracy(ops, all, validation.targets());
        double loss = ops.sum(model.loss(all, validation.targets())) / 53;
        assertEquals(loss, evaluation.loss(), 1e-12);
        assertEquals(accuracy, evaluation.metric(), 1e-12);
        assertTrue(accuracy > 0 && accuracy < 1, "a test that cannot tell partial from full coverage: " + accuracy);
        assertEquals(evaluation, trainer.evaluate(val), "a second pass must reuse its buffers to the same effect");
    }

    @Test
    void evaluatesInEvalModeAndReturnsToTraining() {
        ModeRecorder recorder = new ModeRecorder();
        Sequential model = logisticRegression(recorder);
        DataLoader data = new DataLoader(separable(20, 1), 8, false, 0);
        Trainer trainer = new Trainer(model, FROZEN, data, data, Metrics.accuracy());
        model.eval();
        trainer.trainOneEpoch();
        assertEquals(List.of(true, true, true), recorder.forwardModes);
        recorder.forwardModes.clear();
        trainer.evaluate(data);
        assertEquals(List.of(false, false, false), recorder.forwardModes);
        assertTrue(recorder.training());
    }

    @Test
    void rejectsBadEpochCounts() {
        Sequential model = logisticRegression();
        DataLoader data = new DataLoader(separable(20, 1), 8, false, 0);
        Trainer trainer = new Trainer(model, FROZEN, data, data, Metrics.accuracy());
        assertThrows(IllegalArgumentException.class, () -> trainer.train(0, 1));
        assertThrows(IllegalArgumentException.class, () -> trainer.train(5, 0));
        trainer.setOutput(new PrintStream(OutputStream.nullOutputStream()));
        assertFalse(Double.isNaN(trainer.train(1, 1).loss()));
    }
}
