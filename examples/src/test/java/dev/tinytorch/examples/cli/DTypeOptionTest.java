package dev.tinytorch.examples.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --dtype} on train, evaluate and predict: the precision the backend computes in, recorded in the saved
 * model; an unknown precision is bad usage naming the valid ones, and one no backend offers says where it is.
 */
class DTypeOptionTest {

    @TempDir
    Path dir;

    private static boolean plainHasFloat32() {
        try {
            Backends.get("plain", DType.FLOAT32);
            return true;
        } catch (IllegalArgumentException | IllegalStateException none) {
            return false;
        }
    }

    @Test
    void everyComputingCommandTakesIt() {
        for (String command : new String[] {"train", "evaluate", "predict"}) {
            String help = Cli.run(command, "--help").succeeds().out();
            assertTrue(help.contains("--dtype=DTYPE") && help.contains("float32"), command + ": " + help);
        }
    }

    @Test
    void anUnknownPrecisionIsBadUsageNamingTheValidOnes() {
        Path data = Path.of("unused.csv");
        Cli.run("train", "--data", data, "--out", "m", "--dtype", "half").fails(TinyTorch.USAGE,
                "--dtype: unknown dtype 'half'; valid: float64, float32");
        Cli.run("evaluate", "--model", "m", "--data", data, "--dtype", "float16").fails(TinyTorch.USAGE,
                "--dtype", "'float16'", "float64, float32");
        Cli.run("predict", "--model", "m", "--data", data, "--dtype", "").fails(TinyTorch.USAGE, "--dtype");
    }

    @Test
    void float64IsRecordedAndTheModelLoadsInEitherPrecisionAsked() throws IOException {
        Path data = SmallTables.noisyHyperplane(dir);
        Path model = dir.resolve("m64");
        String out = Cli.run("train", "--data", data, "--epochs", "3", "--backend", "plain", "--dtype", "float64",
                "--out", model).succeeds().out();
        assertTrue(out.contains("backend plain (float64)"), out);
        assertTrue(Files.readString(model.resolve("config.json")).contains("\"dtype\" : \"float64\""));
        Cli.run("evaluate", "--model", model, "--data", data, "--dtype", "float64").succeeds();
        Cli.run("predict", "--model", model, "--data", data, "--dtype", "double").succeeds();
    }

    @Test
    void float32RunsWhereABackendOffersItAndOtherwiseSaysWhichDo() throws IOException {
        Path data = SmallTables.noisyHyperplane(dir);
        Path model = dir.resolve("m32");
        Cli run = Cli.run("train", "--data", data, "--epochs", "3", "--backend", "plain", "--dtype", "float32",
                "--out", model);
        if (plainHasFloat32()) {
            assertTrue(run.succeeds().out().contains("backend plain (float32)"), run.out());
            assertTrue(Files.readString(model.resolve("config.json")).contains("\"dtype\" : \"float32\""));
            Cli.run("evaluate", "--model", model, "--data", data, "--dtype", "float64").succeeds();
            Cli.run("predict", "--model", model, "--data", data, "--dtype", "float32").succeeds();
        } else {
            run.fails(TinyTorch.USAGE, "--backend: backend 'plain' has no float32");
        }
    }
}
