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
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * With the library's own seeded generators ({@link BreastCancer.Draws#SEEDED_JAVA}, seed 1 and seeds 0 to 9) the
 * walk-through reaches the tutorial's accuracy on the default backend and prints its epoch lines;
 * {@link BreastCancerTutorialTest} checks the default, the tutorial's own draws.
 */
class BreastCancerTest {

    @Test
    void bothModelsReachAtLeast95PercentValidationAccuracy() {
        MatrixOps ops = Backends.getDefault();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        BreastCancer.Results results = new BreastCancer(
                new DemoSetup(ops, new PrintStream(printed, true, StandardCharsets.UTF_8), BreastCancer.JAVA_SEED),
                BreastCancer.Draws.SEEDED_JAVA).run();

        assertTrue(results.logistic().metric() >= 0.95, "logistic regression: " + results.logistic());
        assertTrue(results.deeper().metric() >= 0.95, "deeper net: " + results.deeper());
        long epochLines = printed.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.matches("epoch= {0,2}\\d+ \\| loss= *\\d\\.\\d{3} \\| val_loss= *\\d\\.\\d{3} \\| val_metric= *\\d\\.\\d{3}"))
                .count();
        assertEquals(20, epochLines, printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theReferenceIsTheExactOptimumOnTheSameSplit() {
        MatrixOps ops = Backends.getDefault();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        BreastCancer.Results results = new BreastCancer(
                new DemoSetup(ops, new PrintStream(printed, true, StandardCharsets.UTF_8), BreastCancer.JAVA_SEED),
                BreastCancer.Draws.SEEDED_JAVA).run();

        assertTrue(results.reference().gradientNorm() < 1e-8, results.reference().toString());
        assertTrue(results.referenceAccuracy() >= 0.95, "reference: " + results.referenceAccuracy());
        String reference = printed.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("-- reference:")).findFirst().orElseThrow();
        assertTrue(reference.endsWith(String.format(Locale.ROOT, "val_metric=%6.3f", results.referenceAccuracy())),
                reference);
    }

    @Test
    void theMedianAccuracyOverTenSplitsIsAtLeast95PercentForAllThree() {
        MatrixOps ops = Backends.getDefault();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        double[] logistic = new double[10];
        double[] deeper = new double[10];
        double[] reference = new double[10];
        for (int seed = 0; seed < 10; seed++) {
            BreastCancer.Results results = new BreastCancer(new DemoSetup(ops, quiet, seed),
                    BreastCancer.Draws.SEEDED_JAVA).run();
            logistic[seed] = results.logistic().metric();
            deeper[seed] = results.deeper().metric();
            reference[seed] = results.referenceAccuracy();
        }
        assertTrue(median(logistic) >= 0.95, "logistic regression over seeds 0..9: " + Arrays.toString(logistic));
        assertTrue(median(deeper) >= 0.95, "deeper net over seeds 0..9: " + Arrays.toString(deeper));
        assertTrue(median(reference) >= 0.95, "reference over seeds 0..9: " + Arrays.toString(reference));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    @Test
    void theShippedDataHas569RowsOf30Features() {
        var data = BreastCancer.load(Backends.getDefault());
        assertEquals(569, data.size());
        assertEquals(30, data.features());
    }
}
