package dev.tinytorch.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Optimizer;
import dev.tinytorch.nn.Parameter;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.WeightedSumLoss;
import dev.tinytorch.nn.data.DataLoader;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.metrics.Metrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A NaN or infinite loss stops training with an exception naming the epoch and the batch. The model is a bare
 * {@code Linear(2, 1)} under a loss linear in its output, so a poisoned weight shows in the loss unclipped.
 */
class DivergenceTest {

    private final MatrixOps ops = Backends.getDefault();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final Sequential model =
            new Sequential(List.of(new Linear(2, 1, new SplittableRandom(3))), new WeightedSumLoss());
    private final DataLoader train = new DataLoader(Separable.points(ops, 50, 1), 16, true, 4); // 4 batches
    private final DataLoader validation = new DataLoader(Separable.points(ops, 20, 2), 16, false, 0);

    /** Does nothing until its {@code at}-th step (counted from 0 over all epochs), where it writes {@code poison}. */
    private Optimizer poisonAtStep(int at, double poison) {
        Parameter weight = model.parameters().get(0);
        int[] steps = {0};
        return () -> {
            if (steps[0]++ == at) {
                weight.ops().setRowMajor(weight.value(), new double[] {poison, poison});
            }
        };
    }

    private Trainer trainer(Optimizer optimizer) {
        Trainer trainer = new Trainer(model, optimizer, train, validation, Metrics.accuracy());
        trainer.setOutput(new PrintStream(printed, true, StandardCharsets.UTF_8));
        return trainer;
    }

    @Test
    void aNaNLossStopsTrainingNamingTheEpochAndBatch() {
        Trainer trainer = trainer(poisonAtStep(5, Double.NaN));  // epoch 1, batch 1 poisons; batch 2 sees NaN

        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.train(10, 1));

        assertEquals(1, e.epoch());
        assertEquals(2, e.batch());
        assertTrue(Double.isNaN(e.loss()));
        assertTrue(e.getMessage().contains("epoch 1, batch 2 of 4") && e.getMessage().contains("NaN"),
                e.getMessage());
        assertEquals(1, trainer.history().size(), "only epoch 0 completed");
        assertEquals(1, printed.toString(StandardCharsets.UTF_8).lines().count(), "no line of NaNs is printed");
    }

    @Test
    void anInfiniteLossCountsAsDivergence() {
        Trainer trainer = trainer(poisonAtStep(0, Double.POSITIVE_INFINITY));

        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.train(10, 1));

        assertEquals(0, e.epoch());
        assertEquals(1, e.batch());
        assertTrue(Double.isInfinite(e.loss()) || Double.isNaN(e.loss()), "loss " + e.loss());
    }

    @Test
    void theFailingBatchIsNotApplied() {
        Parameter weight = model.parameters().get(0);
        double[] before = {Double.NaN, Double.NaN};
        Optimizer poison = poisonAtStep(0, Double.NaN);
        Optimizer recording = () -> {
            poison.step();
            weight.ops().getRowMajor(weight.value(), before);
        };
        Trainer trainer = trainer(recording);
        assertThrows(TrainingDivergedException.class, trainer::trainOneEpoch);
        assertArrayEquals(before, ops.toRowMajor(weight.value()));
    }

    @Test
    void aValidationLossGoneBadIsBlamedOnTheEpochsLastUpdate() {
        Trainer trainer = trainer(poisonAtStep(7, Double.NaN));  // the last batch of epoch 1

        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.train(10, 1));

        assertEquals(1, e.epoch());
        assertEquals(3, e.batch());
        assertTrue(e.getMessage().contains("validation loss"), e.getMessage());
        assertEquals(1, trainer.history().size());
    }
}
