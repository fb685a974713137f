package dev.tinytorch.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.nn.io.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train, evaluate and predict on the shipped breast-cancer data, end to end through the command line. */
class ShippedDataTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    static Path dir;
    private static Path data;
    private static Path model;
    private static Cli training;

    @BeforeAll
    static void train() throws IOException {
        data = Cli.shipped(dir, "breast_cancer.csv");
        model = dir.resolve("model");
        training = Cli.run("train", "--data", data, "--target", "target", "--hidden", "16", "--epochs", "8",
                "--seed", "3", "--out", model).succeeds();
    }

    private static double score(String output, String name) {
        Matcher m = Pattern.compile(Pattern.quote(name) + " +([0-9.]+)").matcher(output);
        assertTrue(m.find(), name + " not in " + output);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void trainingInfersTheTaskPrintsTheEpochsAndTheFinalMetrics() {
        String out = training.out();
        assertTrue(out.contains("569 rows, 30 input columns, target 'target'"), out);
        assertTrue(out.contains("task: binary (inferred: 'target' has 2 distinct whole-number values (0, 1)"), out);
        assertTrue(out.contains("split: 455 training rows, 114 validation rows (seed 3)"), out);
        assertTrue(out.contains("Linear(30 -> 16), ReLU, Linear(16 -> 1), Sigmoid] with BinaryCrossEntropy"), out);
        assertEquals(8, out.lines().filter(l -> l.startsWith("epoch=")).count(), out);
        assertTrue(out.contains("(lowest val_loss) to " + model), out);
        assertTrue(score(out, "accuracy") > 0.9, out);
        assertTrue(out.contains("confusion matrix"), out);
        assertEquals("", training.err(), "no progress bar without a terminal, no warning");
    }

    @Test
    void trainingLeavesTheModelAndAPngOfTheCurves() throws IOException {
        assertTrue(Files.isRegularFile(model.resolve(ModelFiles.CONFIG)));
        assertTrue(Files.isRegularFile(model.resolve(ModelFiles.WEIGHTS)));
        byte[] png = Files.readAllBytes(model.resolve("training.png"));
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, 8));
        String config = Files.readString(model.resolve(ModelFiles.CONFIG));
        assertTrue(config.contains("\"target\" : \"target\""), config);
        assertTrue(config.contains("\"type\" : \"Standardizer\""), config);
    }

    @Test
    void evaluatePrintsTheMetricsAndTheConfusionMatrixOfTheSavedModel() {
        Cli run = Cli.run("evaluate", "--model", model, "--data", data).succeeds();
        String out = run.out();
        assertTrue(out.contains("model: " + model + " (binary, target 'target')"), out);
        assertTrue(out.contains("data: " + data + ", 569 rows"), out);
        assertTrue(score(out, "accuracy") > 0.9, out);
        for (String metric : List.of("precision (macro)", "recall (macro)", "F1 (macro)", "log loss")) {
            assertTrue(score(out, metric) > 0, out);
        }
        List<String> lines = out.lines().toList();
        int table = lines.indexOf("confusion matrix (rows: actual, columns: predicted):");
        assertTrue(table > 0, out);
        assertEquals(List.of("0", "1"), List.of(lines.get(table + 1).trim().split(" +")));
        int total = 0;
        for (String row : lines.subList(table + 2, table + 4)) {
            String[] cells = row.trim().split(" +");
            total += Integer.parseInt(cells[1]) + Integer.parseInt(cells[2]);
        }
        assertEquals(569, total);
        assertEquals("", run.err());
    }

    @Test
    void predictWritesOneRowPerLineWithClassAndProbabilities() throws IOException {
        Path predictions = dir.resolve("predictions.csv");
        Cli run = Cli.run("predict", "--model", model, "--data", data, "--out", predictions).succeeds();
        assertEquals("wrote 569 predictions of 569 lines to " + predictions, run.out().strip());
        List<String> lines = Files.readAllLines(predictions);
        assertEquals("line,prediction,p_0,p_1,error", lines.get(0));
        assertEquals(570, lines.size());
        String[] first = lines.get(1).split(",", -1);
        assertEquals("2", first[0], "data starts on line 2");
        double p0 = Double.parseDouble(first[2]);
        double p1 = Double.parseDouble(first[3]);
        assertEquals(1.0, p0 + p1, 1e-12);
        assertEquals(p1 > 0.5 ? "1" : "0", first[1]);
        assertEquals("", first[4]);
        assertEquals(Cli.run("predict", "--model", model, "--data", data).succeeds().out().strip(),
                String.join("\n", lines), "standard output when --out is not given");
    }

    @Test
    void theDigitsAreTenClassesAndTheirBlankBorderPixelsAreReported() throws IOException {
        Path digits = Cli.shipped(dir, "digits.csv");
        Cli run = Cli.run("train", "--data", digits, "--hidden", "64", "--epochs", "10", "--out",
                dir.resolve("digits-model")).succeeds();
        assertTrue(run.out().contains("task: multiclass (inferred: 'target' has 10 distinct whole-number values"
                + " (0, 1, 2, 3, 4, 5, 6, 7, 8, 9)"), run.out());
        assertTrue(score(run.out(), "accuracy") > 0.9, run.out());
        List<String> warnings = run.err().lines().toList();
        assertEquals(1, warnings.size(), "one line for all the constant columns: " + run.err());
        assertTrue(warnings.get(0).matches("tinytorch train: warning: \\d+ columns have the same value in every row"
                + " and cannot help the model: pixel_0_0, .*"), warnings.get(0));
    }

    @Test
    void theProgressBarCanBeForced() {
        Cli run = Cli.run("train", "--data", data, "--hidden", "none", "--epochs", "2", "--progress", "always",
                "--out", dir.resolve("with-bar")).succeeds();
        assertTrue(run.err().contains("training 100%"), run.err());
        assertTrue(run.err().contains("epoch 2/2 val_loss"), run.err());
    }
}
