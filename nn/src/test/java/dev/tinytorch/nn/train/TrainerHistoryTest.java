package dev.tinytorch.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.data.DataLoader;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.Sigmoid;
import dev.tinytorch.nn.losses.BinaryCrossEntropy;
import dev.tinytorch.nn.metrics.Metrics;
import dev.tinytorch.nn.optim.LearningRateScheduler;
import dev.tinytorch.nn.optim.SGD;
import dev.tinytorch.nn.optim.StepLR;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrainerHistoryTest {

    private final MatrixOps ops = Backends.getDefault();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private SGD sgd;

    private Trainer trainer() {
        Sequential model = new Sequential(List.of(new Linear(2, 1, new SplittableRandom(3)), new Sigmoid()),
                new BinaryCrossEntropy());
        sgd = new SGD(model.parameters(), 0.5);
        Trainer trainer = new Trainer(model, sgd,
                new DataLoader(Separable.points(ops, 100, 1), 32, true, 5),
                new DataLoader(Separable.points(ops, 30, 2), 32, false, 0), Metrics.accuracy());
        trainer.setOutput(new PrintStream(printed, true, StandardCharsets.UTF_8));
        return trainer;
    }

    @Test
    void recordsEveryEpochAsPrinted() {
        Trainer trainer = trainer();
        Evaluation last = trainer.train(6, 1);

        List<EpochRecord> history = trainer.history();
        assertEquals(6, history.size());
        String[] lines = printed.toString(StandardCharsets.UTF_8).split("\\R");
        double lowest = Double.POSITIVE_INFINITY;
        for (int e = 0; e < 6; e++) {
            EpochRecord r = history.get(e);
            assertEquals(e, r.epoch());
            assertEquals(String.format(java.util.Locale.ROOT,
                    "epoch=%3d | loss=%6.3f | val_loss=%6.3f | val_metric=%6.3f",
                    e, r.trainLoss(), r.validationLoss(), r.validationMetric()), lines[e]);
            assertEquals(r.validationLoss() < lowest, r.best(), "epoch " + e);
            lowest = Math.min(lowest, r.validationLoss());
        }
        assertTrue(history.get(0).best());
        assertEquals(new Evaluation(history.get(5).validationLoss(), history.get(5).validationMetric()), last);
        assertTrue(history.get(5).trainLoss() < history.get(0).trainLoss(), history.toString());
    }

    @Test
    void aSecondCallContinuesTheNumberingAndTheHistory() {
        Trainer trainer = trainer();
        trainer.train(3, 1);
        printed.reset();
        trainer.train(4, 2);

        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), trainer.history().stream().map(EpochRecord::epoch).toList());
        String[] lines = printed.toString(StandardCharsets.UTF_8).split("\\R");
        assertEquals(2, lines.length, String.join("\n", lines));  // epochs 4 and 6: divisible by 2, 6 the last
        assertTrue(lines[0].startsWith("epoch=  4 | "), lines[0]);
        assertTrue(lines[1].startsWith("epoch=  6 | "), lines[1]);
        assertTrue(trainer.history().get(3).best(), "the first epoch of a call is best");
    }

    @Test
    void theHistoryIsAReadOnlyViewThatGrows() {
        Trainer trainer = trainer();
        List<EpochRecord> history = trainer.history();
        assertTrue(history.isEmpty());
        trainer.train(2, 1);
        assertEquals(2, history.size());
        assertThrows(UnsupportedOperationException.class, () -> history.add(history.get(0)));
    }

    @Test
    void listenersSeeEachRecordInOrderAfterItIsInTheHistory() {
        Trainer trainer = trainer();
        List<String> calls = new ArrayList<>();
        trainer.onEpochEnd(r -> {
            assertSame(r, trainer.history().get(trainer.history().size() - 1));
            calls.add("first " + r.epoch());
        });
        trainer.onEpochEnd(r -> calls.add("second " + r.epoch()));

        trainer.train(2, 1);

        assertEquals(List.of("first 0", "second 0", "first 1", "second 1"), calls);
        assertThrows(NullPointerException.class, () -> trainer.onEpochEnd(null));
    }

    @Test
    void stepsTheLearningRateScheduleOncePerEpochBeforeTheListeners() {
        Trainer trainer = trainer();
        LearningRateScheduler scheduler = new LearningRateScheduler(sgd, new StepLR(1, 0.5));
        trainer.setLrScheduler(scheduler);
        List<Double> seenByListeners = new ArrayList<>();
        trainer.onEpochEnd(r -> seenByListeners.add(sgd.lr()));

        trainer.train(3, 1);

        assertEquals(3, scheduler.epoch());
        assertEquals(List.of(0.25, 0.125, 0.0625), seenByListeners);
        trainer.setLrScheduler(null);
        trainer.train(1, 1);
        assertEquals(0.0625, sgd.lr());
    }
}
