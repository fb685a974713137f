package dev.tinytorch.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The default batch size as a function of the training rows. */
class TrainingDefaultsTest {

    @Test
    void aSixteenthOfTheRowsBetween8And32() {
        assertEquals(8, TrainingDefaults.batchSize(1));
        assertEquals(8, TrainingDefaults.batchSize(120));
        assertEquals(9, TrainingDefaults.batchSize(144));
        assertEquals(28, TrainingDefaults.batchSize(455));
        assertEquals(32, TrainingDefaults.batchSize(512));
        assertEquals(32, TrainingDefaults.batchSize(48_000));
    }
}
