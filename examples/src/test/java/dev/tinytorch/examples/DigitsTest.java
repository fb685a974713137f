package dev.tinytorch.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.MatrixOps;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The digits program reaches 0.95 validation accuracy on the default backend and prints its confusion matrix. A
 * validation set of 359 images moves accuracy by about a hundredth from one split to another, so besides the fixed
 * seed the test checks every one of ten seeds.
 */
class DigitsTest {

    @Test
    void reachesAtLeast95PercentValidationAccuracyAndPrintsTheConfusionMatrix() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Digits.Results results = new Digits(new DemoSetup(Backends.getDefault(),
                new PrintStream(printed, true, StandardCharsets.UTF_8), Digits.SEED)).run();

        assertTrue(results.validation().metric() >= 0.95, "validation: " + results.validation());
        assertEquals(results.validation().metric(), results.confusion().accuracy(), 1e-12,
                "the confusion matrix is of the final model");
        assertEquals(359, results.confusion().total());
        String output = printed.toString(StandardCharsets.UTF_8);
        assertEquals(Digits.EPOCHS, output.lines().filter(l -> l.startsWith("epoch=")).count(), output);
        assertTrue(output.contains(results.confusion().toString()), output);
    }

    @Test
    void everyOfTenSplitsReaches95Percent() {
        MatrixOps ops = Backends.getDefault();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        double[] accuracy = new double[10];
        for (int seed = 0; seed < 10; seed++) {
            accuracy[seed] = new Digits(new DemoSetup(ops, quiet, seed)).run().validation().metric();
        }
        assertTrue(Arrays.stream(accuracy).min().orElseThrow() >= 0.95, "seeds 0..9: " + Arrays.toString(accuracy));
    }

    @Test
    void theShippedDataHas1797ImagesOf64Pixels() {
        var data = Digits.load(Backends.getDefault());
        assertEquals(1797, data.size());
        assertEquals(64, data.features());
    }
}
