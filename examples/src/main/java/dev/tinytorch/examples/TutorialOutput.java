package dev.tinytorch.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the numpy tutorial's breast-cancer walk-through prints (seed 9), as shipped in {@code tutorial_output.txt}:
 * ten epoch lines of the logistic regression, scikit-learn's validation accuracy, ten epoch lines of the deeper
 * net. {@link BreastCancer} compares its own output with it, so a reader can tell a bug from chance. The file is
 * written by {@code nn/src/test/python/make_numpy_fixtures.py}, which runs the tutorial with numpy 1.24 and
 * scikit-learn 1.2.1.
 *
 * @param logisticEpochs       the epoch lines of {@code Linear(30, 1)}
 * @param scikitLearnAccuracy  {@code LogisticRegression(random_state=9)}'s validation accuracy on the same split
 * @param deeperEpochs         the epoch lines of {@code Linear(30, 20), ReLU, Linear(20, 1)}
 */
record TutorialOutput(List<String> logisticEpochs, double scikitLearnAccuracy, List<String> deeperEpochs) {

    static final String RESOURCE = "tutorial_output.txt";

    /** The shipped output. */
    static TutorialOutput load() {
        try (InputStream in = TutorialOutput.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the examples jar");
            }
            List<String> lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
            if (lines.size() != 21) {
                throw new IllegalStateException(RESOURCE + ": expected 21 lines (10 epochs, a score, 10 epochs), got "
                        + lines.size());
            }
            return new TutorialOutput(lines.subList(0, 10), Double.parseDouble(lines.get(10)), lines.subList(11, 21));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
