package dev.tinytorch.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Help, versions and every kind of bad usage: exit code 2 and one line on stderr naming what to fix. */
class UsageTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "train", "evaluate", "predict", "backends"})
    void everyCommandHasHelp(String command) {
        Cli help = command.isEmpty() ? Cli.run("--help") : Cli.run(command, "--help");
        help.succeeds();
        assertTrue(help.out().startsWith("Usage: tinytorch" + (command.isEmpty() ? "" : " " + command)), help.out());
        assertTrue(help.out().contains("-h, --help"), help.out());
        assertEquals("", help.err());
    }

    @Test
    void helpOfTrainListsEveryOptionOfTheIssue() {
        String help = Cli.run("train", "--help").succeeds().out();
        for (String option : new String[] {"--data=FILE", "--labels=FILE.idx", "--layers=FILE.json",
                "--input-shape=C,H,W", "--target=COLUMN", "--hidden=SIZES", "--activation",
                "--task=TASK", "--epochs=N", "--patience=N", "--batch-size=N", "--lr=X", "--optimizer",
                "--val-fraction=F", "--seed=N", "--backend=NAME", "--out=DIR"}) {
            assertTrue(help.contains(option), option + " not in " + help);
        }
    }

    /** --data is shared by evaluate and predict, its description is each command's own (a resource bundle). */
    @Test
    void evaluateAndPredictDescribeTheirDataFileEachTheirOwnWay() {
        String evaluate = Cli.run("evaluate", "--help").succeeds().out();
        assertTrue(evaluate.matches("(?s).*--data=FILE\\s+Labelled data to score it on.*"), evaluate);
        String predict = Cli.run("predict", "--help").succeeds().out();
        assertTrue(predict.matches("(?s).*--data=FILE\\s+The rows to predict.*"), predict);
    }

    @Test
    void theVersionIsTheLibrarys() {
        assertTrue(Cli.run("--version").succeeds().out().startsWith("tinytorch 0."));
    }

    @Test
    void noCommandOrAnUnknownOneIsBadUsage() {
        Cli.run().fails(TinyTorch.USAGE, "tinytorch: a command is needed", "see 'tinytorch --help'");
        Cli.run("fit").fails(TinyTorch.USAGE, "Unmatched argument", "'fit'");
    }

    @Test
    void missingOrMalformedOptionsAreBadUsage() {
        Path data = Path.of("unused.csv");
        Cli.run("train", "--data", data).fails(TinyTorch.USAGE, "tinytorch train: Missing required option: '--out=DIR'",
                "see 'tinytorch train --help'");
        Cli.run("train", "--data", data, "--out", "m", "--epochs", "many").fails(TinyTorch.USAGE, "--epochs", "'many'");
        Cli.run("train", "--data", data, "--out", "m", "--epochs", "0").fails(TinyTorch.USAGE,
                "--epochs must be at least 1, got 0");
        Cli.run("train", "--data", data, "--out", "m", "--patience", "-1").fails(TinyTorch.USAGE,
                "--patience must be 0 or more, got -1");
        Cli.run("train", "--data", data, "--out", "m", "--batch-size", "-3").fails(TinyTorch.USAGE, "--batch-size");
        Cli.run("train", "--data", data, "--out", "m", "--lr", "-0.1").fails(TinyTorch.USAGE,
                "--lr must be a positive number");
        Cli.run("train", "--data", data, "--out", "m", "--val-fraction", "1.5").fails(TinyTorch.USAGE,
                "--val-fraction must be between 0 and 1, got 1.5");
        Cli.run("train", "--data", data, "--out", "m", "--hidden", "64,,32").fails(TinyTorch.USAGE,
                "--hidden: '' is not a positive layer size");
        Cli.run("train", "--data", data, "--out", "m", "--optimizer", "lbfgs").fails(TinyTorch.USAGE,
                "--optimizer", "SGD, MOMENTUM, ADAM, ADAMW", "'lbfgs'");
        Cli.run("train", "--data", data, "--out", "m", "--task", "ordinal").fails(TinyTorch.USAGE,
                "--task", "BINARY, MULTICLASS, REGRESSION");
        Cli.run("train", "--data", data, "--out", "m", "--activation", "gelu").fails(TinyTorch.USAGE, "--activation");
        Cli.run("train", "--data", data, "--out", "m", "--backend", "cuda").fails(TinyTorch.USAGE,
                "--backend: unknown backend 'cuda'; available:", "plain");
        Cli.run("evaluate", "--model", "m").fails(TinyTorch.USAGE, "Missing required option: '--data=FILE'");
        Cli.run("predict", "--data", data).fails(TinyTorch.USAGE, "Missing required option: '--model=DIR'");
        Cli.run("train", "--data", data, "--out", "m", "--frobnicate").fails(TinyTorch.USAGE,
                "Unknown option: '--frobnicate'");
    }

    @Test
    void optionValuesAreCaseInsensitive() {
        String help = Cli.run("train", "--data", "missing.csv", "--out", "m", "--optimizer", "AdamW", "--task",
                "Binary", "--activation", "TANH").fails(TinyTorch.FAILURE, "missing.csv").err();
        assertTrue(help.contains("no such file"), help);
    }
}
