package dev.tinytorch.nn.io;

import static dev.tinytorch.nn.io.RoundTrip.bits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Fixtures;
import dev.tinytorch.nn.ImageShape;
import dev.tinytorch.nn.Layer;
import dev.tinytorch.nn.Parameter;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.layers.AvgPool2d;
import dev.tinytorch.nn.layers.BatchNorm2d;
import dev.tinytorch.nn.layers.Conv2d;
import dev.tinytorch.nn.layers.Flatten;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.MaxPool2d;
import dev.tinytorch.nn.layers.ReLU;
import dev.tinytorch.nn.layers.Size2d;
import dev.tinytorch.nn.losses.CrossEntropyLoss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files of convolutional networks: PyTorch's names, shapes and arguments, and exact round trips. */
class ConvModelFilesTest {

    private static final ImageShape INPUT = new ImageShape(2, 6, 6);

    @TempDir
    Path dir;

    private final SplittableRandom rng = new SplittableRandom(11);

    /**
     * 2x6x6 -> Conv2d(2 -> 3, 3x3, padding 1) 3x6x6 -> BatchNorm2d -> ReLU -> MaxPool2d(2) 3x3x3 -> Conv2d(3 -> 4,
     * 2x1, padding 0x1) 4x2x5 -> AvgPool2d(2x2, stride 1x2) 4x1x2 -> Flatten 8 -> Linear(8, 3), on {@code ops},
     * with random weights and running statistics from a few training batches.
     */
    private Sequential network(MatrixOps ops) {
        List<Layer> layers = List.of(new Conv2d(2, 3, 3, 1, 1, rng), new BatchNorm2d(3), new ReLU(),
                new MaxPool2d(2), new Conv2d(3, 4, Size2d.of(2, 1), Size2d.of(1), Size2d.of(0, 1), rng),
                new AvgPool2d(Size2d.of(2, 2), Size2d.of(1, 2)), new Flatten(), new Linear(8, 3, rng));
        Sequential model = new Sequential(INPUT, layers, new CrossEntropyLoss()).to(ops);
        for (Parameter p : model.parameters()) {
            ops.fillUniform(p.value(), -1, 1, rng);
        }
        for (int i = 0; i < 3; i++) {
            model.forward(Fixtures.uniform(ops, 4, INPUT.size(), -2, 2, rng));
        }
        return model;
    }

    private String config() throws IOException {
        return Files.readString(dir.resolve(ModelFiles.CONFIG));
    }

    private void editConfig(String from, String to) throws IOException {
        String text = config();
        assertTrue(text.contains(from), from + " not in " + text);
        Files.writeString(dir.resolve(ModelFiles.CONFIG), text.replace(from, to));
    }

    private void loadFailure(String... expected) {
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> ModelFiles.load(dir, Backends.getDefault()));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        for (String part : expected) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
        }
    }

    @Test
    void aConvNetPredictsBitIdenticallyAfterARoundTripOnEveryBackend() throws IOException {
        RoundTrip.assertBitIdenticalOnEveryBackend(dir, this::network, 5, INPUT.size(), rng,
                (name, loaded) -> assertEquals(INPUT, loaded.model().inputShape().orElseThrow(), name));
    }

    @Test
    void theFilesHoldPyTorchsStateDictNamesShapesAndArguments() throws IOException {
        MatrixOps ops = Backends.getDefault();
        Sequential model = network(ops);
        ModelFiles.save(model, dir);

        Map<String, Tensor> tensors = RoundTrip.savedTensors(dir);
        Map<String, long[]> expected = new LinkedHashMap<>();
        expected.put("0.weight", new long[] {3, 2, 3, 3});
        expected.put("0.bias", new long[] {3});
        expected.put("1.weight", new long[] {3});
        expected.put("1.bias", new long[] {3});
        expected.put("1.running_mean", new long[] {3});
        expected.put("1.running_var", new long[] {3});
        expected.put("1.num_batches_tracked", new long[0]);
        expected.put("4.weight", new long[] {4, 3, 2, 1});
        expected.put("4.bias", new long[] {4});
        expected.put("7.weight", new long[] {3, 8});
        expected.put("7.bias", new long[] {3});
        RoundTrip.assertNamesAndShapes(expected, tensors);
        // Conv2d keeps its weight as out x (in * kH * kW): the same elements in the same order as [out, in, kH, kW]
        assertArrayEquals(ops.toRowMajor(model.layers().get(0).parameters().get(0).value()),
                tensors.get("0.weight").data());

        String config = config().replaceAll("\\s+", "");
        for (String part : List.of("\"input_shape\":[2,6,6]",
                "{\"type\":\"Conv2d\",\"args\":{\"in_channels\":2,\"kernel_size\":[3,3],\"out_channels\":3,"
                        + "\"padding\":[1,1],\"stride\":[1,1]}}",
                "{\"type\":\"MaxPool2d\",\"args\":{\"kernel_size\":[2,2],\"stride\":[2,2]}}",
                "{\"type\":\"Conv2d\",\"args\":{\"in_channels\":3,\"kernel_size\":[2,1],\"out_channels\":4,"
                        + "\"padding\":[0,1],\"stride\":[1,1]}}",
                "{\"type\":\"AvgPool2d\",\"args\":{\"kernel_size\":[2,2],\"stride\":[1,2]}}",
                "{\"type\":\"Flatten\",\"args\":{\"end_dim\":-1,\"start_dim\":1}}")) {
            assertTrue(config.contains(part), part + " not in " + config);
        }
    }

    @Test
    void sizesMayBeWrittenAsOneNumberAsPyTorchAcceptsThem() throws IOException {
        MatrixOps ops = Backends.getDefault();
        SavedModel saved = new SavedModel(network(ops));
        Matrix x = Fixtures.uniform(ops, 3, INPUT.size(), -2, 2, rng);
        ModelFiles.save(saved, dir);
        editConfig("\"kernel_size\" : [ 3, 3 ]", "\"kernel_size\" : 3");
        editConfig("\"kernel_size\" : [ 2, 2 ],\n      \"stride\" : [ 2, 2 ]", "\"kernel_size\" : 2, \"stride\" : 2");
        assertArrayEquals(bits(ops, saved.predict(x)), bits(ops, ModelFiles.load(dir, ops).predict(x)));
    }

    @Test
    void aConvNetWithoutAnInputShapeIsNotSaved() {
        Sequential model = new Sequential(List.of(new Conv2d(1, 2, 3, 1, 0, rng), new Flatten()),
                new CrossEntropyLoss());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFiles.save(model, dir));
        assertTrue(e.getMessage().contains("Conv2d(1 -> 2, 3x3) needs the height and width of its inputs"),
                e.getMessage());
        assertTrue(Files.notExists(dir.resolve(ModelFiles.CONFIG)));
    }

    @Test
    void aBadConvFileIsOneClearLine() throws IOException {
        ModelFiles.save(network(Backends.getDefault()), dir);
        String good = config();
        Path configFile = dir.resolve(ModelFiles.CONFIG);

        editConfig("\"input_shape\" : [ 2, 6, 6 ],", "");
        loadFailure(configFile + ": layers[0] (Conv2d(2 -> 3, 3x3, padding 1x1)) needs the height and width of"
                + " its inputs, but there is no \"input_shape\"");

        Files.writeString(configFile, good);
        editConfig("\"input_shape\" : [ 2, 6, 6 ]", "\"input_shape\" : [ 2, 6 ]");
        loadFailure(configFile + ": input_shape must be [channels, height, width], got 2 values");

        Files.writeString(configFile, good);
        editConfig("\"input_shape\" : [ 2, 6, 6 ]", "\"input_shape\" : [ 3, 6, 6 ]");
        loadFailure(configFile + ": the layers do not chain from input_shape 3x6x6", "expects 2 input channels");

        Files.writeString(configFile, good);
        editConfig("\"in_channels\" : 2", "\"in_channels\" : 2, \"dilation\" : 2");
        loadFailure(configFile + ": layers[0].args has [dilation], which Conv2d does not take");

        Files.writeString(configFile, good);
        editConfig("\"kernel_size\" : [ 3, 3 ]", "\"kernel_size\" : [ 3, 3, 3 ]");
        loadFailure("layers[0] (Conv2d) cannot be built from args",
                "hyper-parameter 'kernel_size' must be a whole number or a list of 2 whole numbers");

        Files.writeString(configFile, good);
        editConfig("\"end_dim\" : -1", "\"end_dim\" : 2");
        loadFailure("layers[6] (Flatten) cannot be built", "start_dim 1, end_dim -1");

        Files.writeString(configFile, good);
        rewriteWeights(tensors -> tensors.put("4.weight", new Tensor(new long[] {4, 3, 1, 2}, new double[24])));
        loadFailure(dir.resolve(ModelFiles.WEIGHTS) + ": tensor \"4.weight\" has shape [4, 3, 1, 2] but layer 4"
                + " (Conv2d", "needs [4, 3, 2, 1]");
    }

    @Test
    void anOlderConfigWithoutInputShapeStillLoads() throws IOException {
        MatrixOps ops = Backends.getDefault();
        Sequential dense = new Sequential(List.of(new Linear(3, 2, rng), new ReLU(), new Linear(2, 1, rng)),
                new CrossEntropyLoss());
        ModelFiles.save(dense, dir);
        assertFalse(config().contains("input_shape"), config());
        Matrix x = Fixtures.uniform(ops, 2, 3, -1, 1, rng);
        assertArrayEquals(bits(ops, new SavedModel(dense).predict(x)),
                bits(ops, ModelFiles.load(dir, ops).predict(x)));
    }

    /** Applies {@code edit} to the saved tensors and writes them back, with their new SHA-256 into the config. */
    private void rewriteWeights(Consumer<Map<String, Tensor>> edit) throws IOException {
        Path weights = dir.resolve(ModelFiles.WEIGHTS);
        Map<String, Tensor> tensors = SafeTensors.decode(Files.readAllBytes(weights), weights);
        edit.accept(tensors);
        byte[] bytes = SafeTensors.encode(tensors, Map.of());
        String sha;
        try {
            sha = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Files.writeString(dir.resolve(ModelFiles.CONFIG),
                config().replaceFirst("\"weights_sha256\" : \"[0-9a-f]+\"", "\"weights_sha256\" : \"" + sha + "\""));
        Files.write(weights, bytes);
    }
}
