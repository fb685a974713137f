package dev.tinytorch.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.nn.io.ModelFiles;
import dev.tinytorch.nn.io.SafeTensors;
import dev.tinytorch.nn.io.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A model that is not finite is never saved, never loaded silently and never reported as a success: training that
 * diverges on any backend leaves the previous model as it was, data whose statistics overflow is refused before
 * training, and a model whose weights or task were damaged by hand is refused on load.
 */
class NonFiniteModelsTest {

    @TempDir
    Path dir;

    private static byte[][] files(Path model) throws IOException {
        return new byte[][] {Files.readAllBytes(model.resolve(ModelFiles.CONFIG)),
                Files.readAllBytes(model.resolve(ModelFiles.WEIGHTS))};
    }

    private static void assertUnchanged(byte[][] before, Path model) throws IOException {
        byte[][] after = files(model);
        assertArrayEquals(before[0], after[0], ModelFiles.CONFIG);
        assertArrayEquals(before[1], after[1], ModelFiles.WEIGHTS);
    }

    /** A CSV file of {@code rows} rows: columns a and b uniform in [0, 1), and y computed from them by {@code y}. */
    private Path table(String name, int rows, DoubleBinaryOperator y) throws IOException {
        Random rng = new Random(5);
        StringBuilder csv = new StringBuilder("a,b,y\n");
        for (int i = 0; i < rows; i++) {
            double a = rng.nextDouble();
            double b = rng.nextDouble();
            csv.append(a).append(',').append(b).append(',').append(y.applyAsDouble(a, b)).append('\n');
        }
        return Files.writeString(dir.resolve(name), csv);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "ejml", "nd4j"})
    void trainingThatDivergesLeavesThePreviousModelByteForByte(String backend) throws IOException {
        Path data = Cli.shipped(dir, "breast_cancer.csv");
        Path model = dir.resolve("model");
        Cli.run("train", "--data", data, "--hidden", "8", "--epochs", "1", "--out", model).succeeds();
        byte[][] before = files(model);

        Cli run = Cli.run("train", "--data", data, "--backend", backend, "--optimizer", "sgd", "--lr", "1e300",
                "--epochs", "3", "--out", model)
                .fails(TinyTorch.FAILURE, "tinytorch train: training diverged in epoch 0");

        assertUnchanged(before, model);
        assertFalse(run.out().contains("saved the model"), run.out());
        Cli.run("evaluate", "--model", model, "--data", data).succeeds();
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "nd4j"})
    void everyTaskDivergesCleanly(String backend) throws IOException {
        Map<String, DoubleBinaryOperator> targets = Map.of(
                "regression", (a, b) -> 3 * a - b, "multiclass", (a, b) -> a < 0.33 ? 0 : a < 0.66 ? 1 : 2);
        for (Map.Entry<String, DoubleBinaryOperator> task : targets.entrySet()) {
            Path model = dir.resolve(task.getKey());
            Path data = table(task.getKey() + ".csv", 60, task.getValue());
            Cli.run("train", "--data", data, "--hidden", "4", "--epochs", "1", "--out", model).succeeds();
            byte[][] before = files(model);

            Cli.run("train", "--data", data, "--backend", backend, "--hidden", "4", "--optimizer", "sgd", "--lr",
                    "1e300", "--epochs", "3", "--out", model).fails(TinyTorch.FAILURE, "training diverged");

            assertUnchanged(before, model);
        }
    }

    @Test
    void aRegressionTargetWhoseVarianceOverflowsIsRefusedBeforeTraining() throws IOException {
        Path model = dir.resolve("model");
        Cli.run("train", "--data", table("fine.csv", 40, (a, b) -> a + b), "--epochs", "1", "--out", model)
                .succeeds();
        byte[][] before = files(model);

        Cli run = Cli.run("train", "--data", table("huge.csv", 40, (a, b) -> (a + b) * 1e200), "--epochs", "1",
                "--out", model);

        run.fails(TinyTorch.FAILURE, "the target column 'y' has mean", "standard deviation Infinity",
                "not finite", "rescale the column");
        assertFalse(run.out().contains("epoch="), "refused before training: " + run.out());
        assertUnchanged(before, model);
    }

    @Test
    void anInputColumnWhoseStatisticsOverflowIsNamed() throws IOException {
        Path data = Files.writeString(dir.resolve("wide.csv"), "a,b,y\n1,-1e300,0\n2,1e300,1\n3,-1e300,0\n"
                + "4,1e300,1\n5,-1e300,0\n6,1e300,1\n");
        Cli.run("train", "--data", data, "--epochs", "1", "--out", dir.resolve("model"))
                .fails(TinyTorch.FAILURE, "column 'b' has mean", "standard deviation Infinity", "not finite");
        assertFalse(Files.exists(dir.resolve("model")), "nothing is written");
    }

    /** Writes {@code value} over the first element of tensor {@code name}, keeping the pair consistent. */
    private static void poison(Path model, String name, double value) throws IOException {
        Path weights = model.resolve(ModelFiles.WEIGHTS);
        Map<String, Tensor> tensors = SafeTensors.decode(Files.readAllBytes(weights), weights);
        tensors.get(name).data()[0] = value;
        byte[] bytes = SafeTensors.encode(tensors, Map.of("format", "pt"));
        Path config = model.resolve(ModelFiles.CONFIG);
        String text = Files.readString(config);
        Files.writeString(config, text.replaceFirst("\"weights_sha256\" : \"[0-9a-f]+\"",
                "\"weights_sha256\" : \"" + sha256(bytes) + "\""));
        Files.write(weights, bytes);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aModelWithANaNWeightIsRefusedByPredictAndEvaluateNamingTheTensor() throws IOException {
        Path data = table("data.csv", 40, (a, b) -> a > b ? 1 : 0);
        Path model = dir.resolve("model");
        Cli.run("train", "--data", data, "--hidden", "4", "--epochs", "1", "--out", model).succeeds();
        poison(model, "2.weight", Double.NaN);

        Path weights = model.resolve(ModelFiles.WEIGHTS);
        for (String command : List.of("predict", "evaluate")) {
            Cli run = Cli.run(command, "--model", model, "--data", data).fails(TinyTorch.FAILURE,
                    weights + ": tensor \"2.weight\" holds NaN (element 0 of its 4)", "not finite");
            assertEquals("", run.out(), command + " printed no result");
        }
    }

    @Test
    void predictionsThatOverflowAreErrorsNotNumbers() throws IOException {
        Path model = dir.resolve("model");
        Path data = Files.writeString(dir.resolve("line.csv"),
                "a,y\n0,0\n0.001,2\n0.002,4.1\n0.003,6\n0.004,7.9\n0.005,10\n0.006,12\n");
        Cli.run("train", "--data", data, "--hidden", "none", "--epochs", "5", "--out", model).succeeds();
        Path far = Files.writeString(dir.resolve("far.csv"), "a,y\n1,2\n1e308,3\n");

        Cli predicted = Cli.run("predict", "--model", model, "--data", far);
        assertEquals(TinyTorch.FAILURE, predicted.exit());
        List<String> out = predicted.out().lines().toList();
        assertTrue(out.get(1).matches("2,[0-9.E-]+,"), out.get(1));
        // 1e308 standardised with the training data's spread (0.002) is infinite
        String error = Pattern.quote(far + " line 3: the model's output is ");
        assertTrue(out.get(2).matches("3,,\"" + error + "-?Infinity.*"), out.get(2));
        assertFalse(predicted.out().contains("NaN") || out.get(2).contains(",Infinity"), predicted.out());

        Cli.run("evaluate", "--model", model, "--data", far).fails(TinyTorch.FAILURE,
                far + ": data row 2 gives the model's output ", "Infinity");
    }

    @Test
    void errorsTooLargeToScoreAreAFailureNotNaN() throws IOException {
        Path model = dir.resolve("model");
        Cli.run("train", "--data", table("fine.csv", 40, (a, b) -> a + b), "--hidden", "none", "--epochs", "1",
                "--out", model).succeeds();
        Path far = Files.writeString(dir.resolve("far.csv"), "a,b,y\n0.5,0.5,1e200\n0.1,0.2,-1e200\n");
        Cli run = Cli.run("evaluate", "--model", model, "--data", far).fails(TinyTorch.FAILURE,
                "the errors cannot be scored: their squares overflow double precision");
        assertFalse(run.out().contains("NaN"), run.out());
    }

    /** A three-class model of {@code data}, in {@code model}. */
    private Path threeClasses(Path model) throws IOException {
        Path data = table("three.csv", 60, (a, b) -> a < 0.33 ? 0 : a < 0.66 ? 1 : 2);
        Cli.run("train", "--data", data, "--hidden", "none", "--epochs", "1", "--out", model).succeeds();
        return data;
    }

    private static void editConfig(Path model, String from, String to) throws IOException {
        Path config = model.resolve(ModelFiles.CONFIG);
        String text = Files.readString(config);
        assertTrue(text.contains(from), from + " not in " + text);
        Files.writeString(config, text.replace(from, to));
    }

    @Test
    void aClassListShorterThanTheOutputsIsRefusedOnLoad() throws IOException {
        Path model = dir.resolve("model");
        Path data = threeClasses(model);
        editConfig(model, "\"classes\" : [ 0.0, 1.0, 2.0 ]", "\"classes\" : [ 0.0, 1.0 ]");

        for (String command : List.of("predict", "evaluate")) {
            Cli.run(command, "--model", model, "--data", data).fails(TinyTorch.FAILURE,
                    model.resolve(ModelFiles.CONFIG) + ": task.kind is multiclass but the network outputs 3 values"
                            + " per sample; a multiclass model outputs one score per class, and the task has 2"
                            + " classes [0.0, 1.0]");
        }
    }

    @Test
    void aBinaryTaskOnAThreeOutputNetworkIsRefusedOnLoad() throws IOException {
        Path model = dir.resolve("model");
        Path data = threeClasses(model);
        editConfig(model, "\"classes\" : [ 0.0, 1.0, 2.0 ]", "\"classes\" : [ 0.0, 1.0 ]");
        editConfig(model, "\"kind\" : \"multiclass\"", "\"kind\" : \"binary\"");

        Cli run = Cli.run("predict", "--model", model, "--data", data).fails(TinyTorch.FAILURE,
                model.resolve(ModelFiles.CONFIG) + ": task.kind is binary but the network outputs 3 values per"
                        + " sample; a binary model outputs one value, the probability of class 1.0");
        assertEquals("", run.out());
    }
}
