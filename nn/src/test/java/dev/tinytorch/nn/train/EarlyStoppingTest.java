package dev.tinytorch.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Parameter;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.data.DataLoader;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.Sigmoid;
import dev.tinytorch.nn.losses.BinaryCrossEntropy;
import dev.tinytorch.nn.metrics.Metrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Early stopping, driven by a {@link ScriptedOptimizer} so that exactly the scripted epochs improve. */
class EarlyStoppingTest {

    private final MatrixOps ops = Backends.getDefault();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final Sequential model = new Sequential(
            List.of(new Linear(2, 1, new SplittableRandom(3)), new Sigmoid()), new BinaryCrossEntropy());
    private final DataLoader train = new DataLoader(Separable.points(ops, 40, 1), 64, false, 0); // one batch
    private final DataLoader validation = new DataLoader(Separable.points(ops, 30, 2), 64, false, 0);

    private Trainer trainer(ScriptedOptimizer script) {
        Trainer trainer = new Trainer(model, script, train, validation, Metrics.accuracy());
        trainer.setOutput(new PrintStream(printed, true, StandardCharsets.UTF_8));
        return trainer;
    }

    private double[] parameters() {
        List<Parameter> p = model.parameters();
        double[] w = ops.toRowMajor(p.get(0).value());
        return new double[] {w[0], w[1], ops.get(p.get(1).value(), 0, 0)};
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovementAndRestoresTheBestParameters() {
        ScriptedOptimizer script = new ScriptedOptimizer(model.parameters(), 1, 2, 3, 0.5, 0.4, 0.3, 0.2, 0.1);
        Trainer trainer = trainer(script);
        trainer.setEarlyStopping(2, 0.0);

        Evaluation result = trainer.train(8, 1);

        List<EpochRecord> history = trainer.history();
        assertEquals(List.of(true, true, true, false, false), history.stream().map(EpochRecord::best).toList());
        assertArrayEquals(script.parametersAt(2), parameters(), 0.0, "the parameters after epoch 2");
        assertEquals(new Evaluation(history.get(2).validationLoss(), history.get(2).validationMetric()), result);
        assertEquals(result, trainer.evaluate(validation), "the restored model evaluates as epoch 2 did");
        String output = printed.toString(StandardCharsets.UTF_8);
        assertTrue(output.contains("epoch=  4 | "), output);
        assertTrue(output.contains("early stopping: no improvement of val_loss for 2 epochs"), output);
        assertTrue(output.contains("restored the parameters of epoch 2 (val_loss="), output);
    }

    @Test
    void improvementsSmallerThanMinDeltaDoNotCount() {
        ScriptedOptimizer script = new ScriptedOptimizer(model.parameters(), 1, 2, 2.001, 2.002, 2.003, 2.004);
        Trainer trainer = trainer(script);
        trainer.setEarlyStopping(3, 0.01);

        trainer.train(6, 1);

        List<EpochRecord> history = trainer.history();
        assertEquals(List.of(true, true, false, false, false), history.stream().map(EpochRecord::best).toList());
        for (int e = 2; e < 5; e++) {
            assertTrue(history.get(e).validationLoss() < history.get(1).validationLoss(),
                    "epoch " + e + " is lower, but by less than minDelta: " + history);
        }
        assertArrayEquals(script.parametersAt(1), parameters(), 0.0);
    }

    @Test
    void restoresTheBestParametersWhenTheEpochsRunOutFirst() {
        ScriptedOptimizer script = new ScriptedOptimizer(model.parameters(), 1, 3, 2, 2.5);
        Trainer trainer = trainer(script);
        trainer.setEarlyStopping(5, 0.0);

        Evaluation result = trainer.train(4, 1);

        assertEquals(4, trainer.history().size());
        assertArrayEquals(script.parametersAt(1), parameters(), 0.0);
        assertEquals(trainer.history().get(1).validationLoss(), result.loss());
    }

    @Test
    void keepsTheLastParametersWhenTheLastEpochIsBest() {
        ScriptedOptimizer script = new ScriptedOptimizer(model.parameters(), 1, 0.5, 2);
        Trainer trainer = trainer(script);
        trainer.setEarlyStopping(2, 0.0);

        trainer.train(3, 1);

        assertArrayEquals(script.parametersAt(2), parameters(), 0.0);
        assertTrue(!printed.toString(StandardCharsets.UTF_8).contains("restored"));
    }

    @Test
    void withoutEarlyStoppingAllEpochsRunAndTheLastParametersStay() {
        ScriptedOptimizer script = new ScriptedOptimizer(model.parameters(), 3, 1, 0.5, 0.4);
        Trainer trainer = trainer(script);

        trainer.train(4, 1);

        assertEquals(4, trainer.history().size());
        assertArrayEquals(script.parametersAt(3), parameters(), 0.0);
    }

    @Test
    void rejectsMeaninglessSettings() {
        Trainer trainer = trainer(new ScriptedOptimizer(model.parameters()));
        assertThrows(IllegalArgumentException.class, () -> trainer.setEarlyStopping(0, 0.0));
        assertThrows(IllegalArgumentException.class, () -> trainer.setEarlyStopping(3, -0.1));
        assertThrows(IllegalArgumentException.class, () -> trainer.setEarlyStopping(3, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> trainer.setEarlyStopping(3, Double.POSITIVE_INFINITY));
    }
}
