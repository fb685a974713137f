package dev.tinytorch.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * By default the walk-through prints the numpy tutorial's output, character for character, on every backend: the
 * lines below are those the tutorial published (and that {@code nn/src/test/python/tutorial.py} recomputes).
 */
class BreastCancerTutorialTest {

    private static final List<String> TUTORIAL = """
            epoch=  0 | loss= 0.421 | val_loss= 0.263 | val_metric= 0.939
            epoch=  1 | loss= 0.246 | val_loss= 0.198 | val_metric= 0.956
            epoch=  2 | loss= 0.199 | val_loss= 0.169 | val_metric= 0.965
            epoch=  3 | loss= 0.170 | val_loss= 0.152 | val_metric= 0.965
            epoch=  4 | loss= 0.158 | val_loss= 0.140 | val_metric= 0.965
            epoch=  5 | loss= 0.144 | val_loss= 0.132 | val_metric= 0.965
            epoch=  6 | loss= 0.138 | val_loss= 0.125 | val_metric= 0.965
            epoch=  7 | loss= 0.131 | val_loss= 0.120 | val_metric= 0.965
            epoch=  8 | loss= 0.126 | val_loss= 0.116 | val_metric= 0.965
            epoch=  9 | loss= 0.120 | val_loss= 0.112 | val_metric= 0.965
            epoch=  0 | loss= 0.617 | val_loss= 0.496 | val_metric= 0.930
            epoch=  1 | loss= 0.457 | val_loss= 0.352 | val_metric= 0.939
            epoch=  2 | loss= 0.340 | val_loss= 0.258 | val_metric= 0.939
            epoch=  3 | loss= 0.258 | val_loss= 0.204 | val_metric= 0.939
            epoch=  4 | loss= 0.210 | val_loss= 0.173 | val_metric= 0.939
            epoch=  5 | loss= 0.183 | val_loss= 0.153 | val_metric= 0.939
            epoch=  6 | loss= 0.162 | val_loss= 0.139 | val_metric= 0.939
            epoch=  7 | loss= 0.141 | val_loss= 0.128 | val_metric= 0.947
            epoch=  8 | loss= 0.133 | val_loss= 0.120 | val_metric= 0.965
            epoch=  9 | loss= 0.122 | val_loss= 0.114 | val_metric= 0.974
            """.lines().toList();

    /** scikit-learn's {@code LogisticRegression(random_state=9)} on the tutorial's split: 112 of 114. */
    private static final double SCIKIT_LEARN = 0.9824561403508771;

    private record Run(BreastCancer.Results results, List<String> printed) {
    }

    private static Run tutorialOn(String backend) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BreastCancer.Results results = new BreastCancer(new DemoSetup(Backends.get(backend),
                new PrintStream(out, true, StandardCharsets.UTF_8), BreastCancer.TUTORIAL_SEED),
                BreastCancer.Draws.TUTORIAL).run();
        return new Run(results, out.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "ejml", "nd4j"})
    void printsTheTutorialsTwentyEpochLinesOnEveryBackend(String backend) {
        Run run = tutorialOn(backend);
        List<String> epochLines = run.printed().stream().filter(l -> l.startsWith("epoch=")).toList();
        assertEquals(TUTORIAL, epochLines, String.join("\n", run.printed()));
        assertEquals(TUTORIAL, run.results().epochLines());
        assertEquals(0.965, run.results().logistic().metric(), 5e-4);
        assertEquals(0.974, run.results().deeper().metric(), 5e-4);
    }

    @Test
    void saysWhereItsNumbersComeFromThenThatTheyAllMatched() {
        List<String> printed = tutorialOn("plain").printed();
        assertTrue(printed.get(0).startsWith("numpy-compatible random stream, seed 9, scikit-learn's split"),
                printed.get(0));
        assertEquals("455 training rows, 114 validation rows", printed.get(1));
        String last = printed.get(printed.size() - 1);
        assertTrue(last.startsWith("every number matched the tutorial: its 20 epoch lines, digit for digit"), last);
    }

    @Test
    void theReferenceOptimumScoresAsScikitLearnOnTheSameSplit() {
        Run run = tutorialOn("plain");
        assertEquals(SCIKIT_LEARN, run.results().referenceAccuracy(), 0.0);
        assertTrue(run.results().reference().gradientNorm() < 1e-8, run.results().reference().toString());
        assertEquals(SCIKIT_LEARN, TutorialOutput.load().scikitLearnAccuracy(), 0.0);
    }

    @Test
    void theShippedTutorialOutputIsTheOneAbove() {
        TutorialOutput shipped = TutorialOutput.load();
        List<String> lines = new ArrayList<>(shipped.logisticEpochs());
        lines.addAll(shipped.deeperEpochs());
        assertEquals(TUTORIAL, lines);
    }

    @Test
    void aDifferenceIsReportedWithTheFirstLineThatDiffers() {
        BreastCancer.Results results = tutorialOn("plain").results();
        List<String> altered = new ArrayList<>(results.epochLines());
        altered.set(12, altered.get(12).replace("0.340", "0.341"));
        BreastCancer.Results wrong = new BreastCancer.Results(results.logistic(), results.deeper(),
                results.reference(), 0.9736842105263158, altered);
        assertEquals("NOT every number matched the tutorial: 1 of 20 epoch lines differ (first at line 13: tutorial"
                + " '" + TUTORIAL.get(12) + "', here '" + altered.get(12) + "'); the reference's validation accuracy"
                + " 0.974 against scikit-learn's 0.982", BreastCancer.comparison(wrong, TutorialOutput.load()));
    }
}
