package dev.tinytorch.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class LearningRateSchedulerTest {

    @Test
    void stepLRHalvesEveryThreeEpochs() {
        StepLR schedule = new StepLR(3, 0.5);
        double[] expected = {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025};
        for (int epoch = 0; epoch < expected.length; epoch++) {
            assertEquals(expected[epoch], schedule.lr(0.1, epoch), 1e-17, "epoch " + epoch);
        }
    }

    @Test
    void cosineAnnealingFollowsHalfACosineToItsMinimum() {
        CosineAnnealingLR schedule = new CosineAnnealingLR(4, 0.01);
        // 0.01 + 0.09 (1 + cos(pi e / 4)) / 2, with cos(pi / 4) = 0.70710678...
        double[] expected = {0.1, 0.01 + 0.045 * (1 + Math.sqrt(0.5)), 0.055, 0.01 + 0.045 * (1 - Math.sqrt(0.5)), 0.01};
        for (int epoch = 0; epoch < expected.length; epoch++) {
            assertEquals(expected[epoch], schedule.lr(0.1, epoch), 1e-16, "epoch " + epoch);
        }
        assertEquals(expected[3], schedule.lr(0.1, 5), 1e-16, "past tMax the cosine rises again, as in PyTorch");
    }

    @Test
    void theSchedulerSetsTheOptimizersRateEachEpoch() {
        SGD sgd = new SGD(List.of(), 0.2);
        LearningRateScheduler scheduler = new LearningRateScheduler(sgd, new StepLR(2, 0.1));
        assertEquals(0, scheduler.epoch());
        assertEquals(0.2, scheduler.initialLr());
        double[] expected = {0.2, 0.2, 0.02, 0.02, 0.002};
        for (int epoch = 0; epoch < expected.length; epoch++) {
            assertEquals(expected[epoch], sgd.lr(), 1e-17, "epoch " + epoch);
            scheduler.step();
        }
        assertEquals(5, scheduler.epoch());
    }

    @Test
    void annealingToZeroIsAllowed() {
        Adam adam = new Adam(List.of(), 0.01);
        LearningRateScheduler scheduler = new LearningRateScheduler(adam, new CosineAnnealingLR(2, 0));
        scheduler.step();
        scheduler.step();
        assertEquals(0, adam.lr(), 1e-18);
    }

    @Test
    void aScheduleGivingANegativeRateIsRejected() {
        SGD sgd = new SGD(List.of(), 0.1);
        LearningRateScheduler scheduler = new LearningRateScheduler(sgd, (initial, epoch) -> initial - epoch);
        assertThrows(IllegalArgumentException.class, scheduler::step);
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new StepLR(0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new StepLR(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new CosineAnnealingLR(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new CosineAnnealingLR(10, -0.1));
    }
}
