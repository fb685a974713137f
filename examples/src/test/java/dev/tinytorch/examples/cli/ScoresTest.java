package dev.tinytorch.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.io.Task;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.losses.BCEWithLogits;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What the commands make of a network's outputs: never a "probability" outside [0, 1] or a score of NaN. */
class ScoresTest {

    private final MatrixOps ops = Backends.getDefault();

    @Test
    void aBinaryOutputOutsideZeroToOneIsNotAProbability() {
        Sequential logits = new Sequential(List.of(new Linear(1, 1, new SplittableRandom(1))), new BCEWithLogits());
        assertArrayEquals(new double[] {0.75, 0.25},
                Scores.probabilities(Task.Kind.BINARY, logits, ops, ops.fromArray(new double[][] {{0.25}}))[0]);
        CommandFailure e = assertThrows(CommandFailure.class, () -> Scores.probabilities(Task.Kind.BINARY, logits,
                ops, ops.fromArray(new double[][] {{0.25}, {1.14}})));
        assertEquals("the model's output for sample 2 is 1.14, not a probability: a binary model must end in a"
                + " Sigmoid", e.getMessage());
    }

    @Test
    void regressionErrorsThatOverflowAreNotScored() {
        assertEquals("RMSE               0.5000", Scores.regression(new double[] {1, 2}, new double[] {1.5, 2.5}).get(0));
        CommandFailure e = assertThrows(CommandFailure.class,
                () -> Scores.regression(new double[] {0, 0}, new double[] {1e200, -1e200}));
        assertEquals("the errors cannot be scored: their squares overflow double precision (targets or predictions"
                + " beyond about 1e154); rescale the target", e.getMessage());
    }
}
