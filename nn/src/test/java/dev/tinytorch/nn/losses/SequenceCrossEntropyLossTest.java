package dev.tinytorch.nn.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Fixtures;
import dev.tinytorch.nn.GradientChecker;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.Tanh;
import dev.tinytorch.nn.layers.TimeDistributed;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SequenceCrossEntropyLossTest {

    private final MatrixOps ops = Backends.getDefault();

    private Matrix classes(int rows, int steps, int k, Random rng) {
        double[] c = new double[rows * steps];
        for (int i = 0; i < c.length; i++) {
            c[i] = rng.nextInt(k);
        }
        return ops.fromRowMajor(rows, steps, c);
    }

    @Test
    void gradientMatchesFiniteDifferencesOnTheLogits() {
        Random rng = new Random(131);
        GradientChecker.check(List.of(), new SequenceCrossEntropyLoss(), Fixtures.uniform(ops, 4, 3 * 5, -3, 3, rng),
                classes(4, 3, 5, rng));
    }

    @Test
    void gradientMatchesFiniteDifferencesThroughAPerStepNetwork() {
        Random rng = new Random(132);
        Matrix x = Fixtures.uniform(ops, 3, 4 * 2, -1, 1, rng);
        GradientChecker.check(List.of(new TimeDistributed(2, new Linear(2, 5, rng)), new Tanh(),
                new TimeDistributed(5, new Linear(5, 3, rng))), new SequenceCrossEntropyLoss(), x,
                classes(3, 4, 3, rng));
    }

    /** The batch mean is PyTorch's mean over every step: CrossEntropyLoss on the (batch * steps) x V rows. */
    @Test
    void isTheMeanOfTheCrossEntropyOfEveryStep() {
        Random rng = new Random(133);
        double[] logits = ops.toRowMajor(Fixtures.uniform(ops, 3, 4 * 6, -4, 4, rng));
        double[] targets = ops.toRowMajor(classes(3, 4, 6, rng));
        Matrix perSample = new SequenceCrossEntropyLoss().forward(ops.fromRowMajor(3, 24, logits),
                ops.fromRowMajor(3, 4, targets));
        double flat = ops.sum(new CrossEntropyLoss().forward(ops.fromRowMajor(12, 6, logits),
                ops.fromRowMajor(12, 1, targets))) / 12;
        assertEquals(flat, ops.sum(perSample) / 3, 1e-14);
        double first = ops.sum(new CrossEntropyLoss().forward(ops.fromRowMajor(4, 6, Arrays.copyOf(logits, 24)),
                ops.fromRowMajor(4, 1, Arrays.copyOf(targets, 4)))) / 4;
        assertEquals(first, ops.get(perSample, 0, 0), 1e-14);
    }

    @Test
    void rejectsTargetsThatAreNotOnePerStep() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SequenceCrossEntropyLoss().forward(ops.zeros(2, 10), ops.zeros(2, 3)));
        assertEquals("SequenceCrossEntropyLoss forward: targets must be 2 rows of class indices, one per step, and the "
                + "logits as many steps of scores; got logits 2x10 and targets 2x3", e.getMessage());
    }
}
