package dev.tinytorch.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Multi-class and regression targets, inferred or given, on small files the test writes. */
class TasksTest {

    @TempDir
    Path dir;

    private Path write(String name, List<String> lines) throws IOException {
        return Files.write(dir.resolve(name), lines);
    }

    /** Three well separated clusters labelled 3, 5 and 7, the label in the middle column. */
    private Path clusters() throws IOException {
        Random rng = new Random(1);
        List<String> lines = new ArrayList<>(List.of("x,species,y"));
        for (int i = 0; i < 240; i++) {
            int k = 3 + 2 * (i % 3);
            lines.add(String.format(Locale.ROOT, "%.4f,%d,%.4f", k + 0.3 * rng.nextGaussian(), k,
                    -k + 0.3 * rng.nextGaussian()));
        }
        return write("clusters.csv", lines);
    }

    @Test
    void aTargetOfFewWholeNumbersIsMultiClassAndReportsTheOriginalLabels() throws IOException {
        Path data = clusters();
        Path model = dir.resolve("m");
        String out = Cli.run("train", "--data", data, "--target", "species", "--epochs", "30", "--out", model)
                .succeeds().out();
        assertTrue(out.contains("task: multiclass (inferred: 'species' has 3 distinct whole-number values (3, 5, 7)"),
                out);
        assertTrue(out.contains("Linear(32 -> 3)] with CrossEntropyLoss"), out);

        String evaluation = Cli.run("evaluate", "--model", model, "--data", data).succeeds().out();
        double accuracy = Double.parseDouble(evaluation.lines().filter(l -> l.startsWith("accuracy"))
                .findFirst().orElseThrow().substring("accuracy".length()).trim());
        assertTrue(accuracy > 0.95, evaluation);
        assertTrue(evaluation.contains("\n           3     5     7\n     3    "), evaluation);

        List<String> predictions = Cli.run("predict", "--model", model, "--data", data).succeeds().out()
                .lines().toList();
        assertEquals("line,prediction,p_3,p_5,p_7,error", predictions.get(0));
        assertTrue(predictions.get(1).startsWith("2,3,"), predictions.get(1));
        assertTrue(predictions.get(2).startsWith("3,5,"), predictions.get(2));
    }

    @Test
    void aContinuousTargetIsRegressionAnsweredInItsOwnUnits() throws IOException {
        Random rng = new Random(2);
        List<String> lines = new ArrayList<>(List.of("a,b,price"));
        for (int i = 0; i < 200; i++) {
            double a = 10 * rng.nextDouble();
            double b = 10 * rng.nextDouble() - 5;
            lines.add(String.format(Locale.ROOT, "%.4f,%.4f,%.2f", a, b, 20000 + 1000 * a + 500 * b));
        }
        Path data = write("prices.csv", lines);
        Path model = dir.resolve("m");
        String out = Cli.run("train", "--data", data, "--hidden", "none", "--epochs", "60", "--lr", "0.05",
                "--out", model).succeeds().out();
        assertTrue(out.contains("task: regression (inferred: 'price' has 200 distinct values; override with --task)"),
                out);
        assertTrue(out.contains("val_metric is R²"), out);

        String evaluation = Cli.run("evaluate", "--model", model, "--data", data).succeeds().out();
        double r2 = Double.parseDouble(evaluation.lines().filter(l -> l.startsWith("R²")).findFirst().orElseThrow()
                .substring(2).trim());
        assertTrue(r2 > 0.999, evaluation);

        String first = Cli.run("predict", "--model", model, "--data", data).succeeds().out().lines().skip(1)
                .findFirst().orElseThrow();
        double predicted = Double.parseDouble(first.split(",")[1]);
        double actual = Double.parseDouble(lines.get(1).split(",")[2]);
        assertEquals(actual, predicted, 0.01 * actual, "in the target's units, not standardised ones");
    }

    @Test
    void anExplicitTaskOverridesTheInference() throws IOException {
        Path data = clusters();
        String out = Cli.run("train", "--data", data, "--target", "species", "--task", "regression", "--epochs", "2",
                "--out", dir.resolve("r")).succeeds().out();
        assertTrue(out.contains("task: regression (--task regression)"), out);
        Cli.run("train", "--data", data, "--target", "species", "--task", "binary", "--out", dir.resolve("b"))
                .fails(TinyTorch.FAILURE, "--task binary needs a target with exactly 2 distinct values, but 'species'"
                        + " has 3: 3, 5, 7");
    }
}
