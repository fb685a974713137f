package dev.tinytorch.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Loss;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A NaN or infinite loss, or a parameter gone NaN or infinite, stops training with an exception naming the epoch and the batch. The model is a bare
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
        return poisonAtStep(model, at, poison);
    }

    private static Optimizer poisonAtStep(Sequential model, int at, double poison) {
        Parameter weight = model.parameters().get(0);
        int[] steps = {0};
        return () -> {
            if (steps[0]++ == at) {
                weight.ops().setRowMajor(weight.value(), new double[] {poison, poison});
            }
        };
    }

    private Trainer trainer(Optimizer optimizer) {
        return trainer(model, optimizer);
    }

    private Trainer trainer(Sequential model, Optimizer optimizer) {
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
        // the last batch of epoch 1 leaves finite weights so large that the validation loss overflows
        Trainer trainer = trainer(poisonAtStep(7, Double.MAX_VALUE));

        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.train(10, 1));

        assertEquals(1, e.epoch());
        assertEquals(3, e.batch());
        assertTrue(e.getMessage().contains("validation loss"), e.getMessage());
        assertEquals(Optional.empty(), e.parameter());
        assertEquals(1, trainer.history().size());
    }

    @Test
    void aNaNLeftByTheEpochsLastUpdateIsFoundInTheParameters() {
        Trainer trainer = trainer(poisonAtStep(7, Double.NaN));  // the last batch of epoch 1

        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.train(10, 1));

        assertEquals(1, e.epoch());
        assertEquals(3, e.batch());
        assertEquals(Optional.of("0.weight (layer 0, Linear(2 -> 1))"), e.parameter());
        assertEquals(1, trainer.history().size());
    }

    /**
     * A loss blind to its input, as a loss that clips NaN into its range is: it is 0 whatever the predictions, so
     * only the check of the parameters at the end of an epoch can see that they went bad.
     */
    private static final class BlindLoss implements Loss {

        private MatrixOps ops = Backends.getDefault();
        private Matrix gradient;

        @Override
        public Matrix forward(Matrix predictions, Matrix targets) {
            gradient = ops.zeros(predictions.rows(), predictions.cols());
            return ops.zeros(predictions.rows(), 1);
        }

        @Override
        public Matrix backward() {
            return gradient;
        }

        @Override
        public void to(MatrixOps target) {
            ops = target;
        }
    }

    @Test
    void aParameterGoneBadIsFoundAtTheEndOfTheEpochEvenIfTheLossHidesIt() {
        Sequential blind = new Sequential(List.of(new Linear(2, 1, new SplittableRandom(3))), new BlindLoss());
        Trainer trainer = trainer(blind, poisonAtStep(blind, 5, Double.NaN));  // epoch 1, batch 1
        List<EpochRecord> seen = new ArrayList<>();
        trainer.onEpochEnd(seen::add);

        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.train(10, 1));

        assertEquals(1, e.epoch());
        assertEquals(3, e.batch(), "blamed on the epoch's last update");
        assertTrue(Double.isNaN(e.loss()));
        assertEquals(Optional.of("0.weight (layer 0, Linear(2 -> 1))"), e.parameter());
        assertEquals("training diverged in epoch 1, batch 3 of 4: after its update parameter 0.weight (layer 0,"
                + " Linear(2 -> 1)) holds NaN; try a lower learning rate or check the data for extreme values",
                e.getMessage());
        assertEquals(1, trainer.history().size(), "the bad epoch has no record");
        assertEquals(1, seen.size(), "no listener (a checkpoint) sees the bad epoch");
    }

    @Test
    void anInfiniteParameterCountsAndHugeFiniteOnesDoNot() {
        Sequential blind = new Sequential(List.of(new Linear(2, 1, new SplittableRandom(3))), new BlindLoss());
        assertDoesNotThrow(() -> trainer(blind, poisonAtStep(blind, 0, Double.MAX_VALUE)).trainOneEpoch(),
                "a sum that overflows is no divergence while every value is finite");
        Sequential other = new Sequential(List.of(new Linear(2, 1, new SplittableRandom(3))), new BlindLoss());
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> trainer(other, poisonAtStep(other, 2, Double.NEGATIVE_INFINITY)).trainOneEpoch());
        assertEquals(Double.NEGATIVE_INFINITY, e.loss());
        assertEquals(0, e.epoch());
    }
}
