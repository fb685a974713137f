package dev.tinytorch.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code tinytorch train} with nothing but the data given: on the shipped tables and on small synthetic ones its
 * validation accuracy reaches the exact logistic regression's on the same split, by the median over five seeds (the
 * seed drives the split, the shuffling and the initial weights), and it stops when the validation loss stops
 * improving rather than at a fixed epoch.
 */
class DefaultsTest {

    private static final int SEEDS = 5;
    private static final Pattern ACCURACY = Pattern.compile("\n  accuracy +([0-9.]+)\n");
    private static final Pattern SAVED_EPOCH = Pattern.compile("saved the model of epoch (\\d+) ");
    private static final Pattern EPOCH_LINE = Pattern.compile("(?m)^epoch= *(\\d+) \\|");
    /** The printed accuracy has four decimals. */
    private static final double PRINTED = 0.5e-4;

    @TempDir
    Path dir;

    /** The five seeds' runs of {@code train} on {@code data} with {@code options}, and the baseline's accuracies. */
    private record Runs(double[] accuracy, double[] baseline, int[] bestEpoch, int[] lastEpoch) {

        double median(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            return sorted[sorted.length / 2];
        }

        boolean anyStoppedEarly() {
            for (int s = 0; s < SEEDS; s++) {
                if (bestEpoch[s] < lastEpoch[s] && lastEpoch[s] < TrainingDefaults.MAX_EPOCHS - 1) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return "network " + Arrays.toString(accuracy) + " against logistic regression " + Arrays.toString(baseline)
                    + ", best epochs " + Arrays.toString(bestEpoch) + " of " + Arrays.toString(lastEpoch);
        }
    }

    private Runs train(Path data, String... options) throws IOException {
        Runs runs = new Runs(new double[SEEDS], new double[SEEDS], new int[SEEDS], new int[SEEDS]);
        for (int s = 0; s < SEEDS; s++) {
            long seed = s + 1;
            Object[] args = {"train", "--data", data, "--seed", seed, "--out", dir.resolve("model-" + seed)};
            Object[] all = Arrays.copyOf(args, args.length + options.length);
            System.arraycopy(options, 0, all, args.length, options.length);
            String out = Cli.run(all).succeeds().out();
            runs.accuracy[s] = Double.parseDouble(find(ACCURACY, out));
            runs.bestEpoch[s] = Integer.parseInt(find(SAVED_EPOCH, out));
            Matcher lines = EPOCH_LINE.matcher(out);
            while (lines.find()) {
                runs.lastEpoch[s] = Integer.parseInt(lines.group(1));
            }
            runs.baseline[s] = LogisticBaseline.validationAccuracy(data, seed);
        }
        return runs;
    }

    private static String find(Pattern pattern, String out) {
        Matcher m = pattern.matcher(out);
        assertTrue(m.find(), pattern + " not in " + out);
        return m.group(1);
    }

    private Path table(String name) throws IOException {
        return switch (name) {
            case "breast_cancer.csv", "digits.csv" -> Cli.shipped(dir, name);
            case "noisy hyperplane" -> SmallTables.noisyHyperplane(dir);
            case "few informative" -> SmallTables.fewInformative(dir);
            case "three blobs" -> SmallTables.threeBlobs(dir);
            case "wine-like" -> SmallTables.wineLike(dir);
            case "iris-like" -> SmallTables.irisLike(dir);
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"breast_cancer.csv", "digits.csv", "noisy hyperplane", "few informative", "three blobs",
            "wine-like", "iris-like"})
    void theDefaultsReachLogisticRegressionAndStopWhenLearningStops(String name) throws IOException {
        Runs runs = train(table(name));
        assertTrue(runs.median(runs.accuracy) >= runs.median(runs.baseline) - PRINTED, runs.toString());
        assertTrue(runs.anyStoppedEarly(), "no run stopped before its last epoch: " + runs);
    }

    /** The table above that shows the old defaults (30 epochs of 32 rows, about 150 updates) underfitting. */
    @Test
    void thirtyEpochsOfBatch32FallShortOnTheIrisLikeTable() throws IOException {
        Runs runs = train(table("iris-like"), "--epochs", "30", "--patience", "0", "--batch-size", "32");
        assertTrue(runs.median(runs.accuracy) < runs.median(runs.baseline) - PRINTED, runs.toString());
        assertEquals(29, runs.median(Arrays.stream(runs.bestEpoch).asDoubleStream().toArray()),
                "the best epoch is the last: still learning; " + runs);
    }

    @Test
    void theRunSaysHowLongItTrainsAndOnWhatBatches() throws IOException {
        String out = Cli.run("train", "--data", table("iris-like"), "--out", dir.resolve("m")).succeeds().out();
        assertTrue(out.contains("optimizer: adam, lr 0.001, batch size 8 (the default for 120 training rows)"), out);
        assertTrue(out.contains("epochs: up to 200, stopping after 10 without a lower val_loss"), out);
        assertTrue(out.contains("early stopping: no improvement of val_loss for 10 epochs"), out);
        String fixed = Cli.run("train", "--data", table("iris-like"), "--epochs", "3", "--patience", "0",
                "--batch-size", "50", "--out", dir.resolve("m")).succeeds().out();
        assertTrue(fixed.contains("optimizer: adam, lr 0.001, batch size 50, backend"), fixed);
        assertTrue(fixed.contains("epochs: 3 (--patience 0: no early stopping)"), fixed);
    }
}
